from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0017_joint_handling"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="idempotency_key",
            field=models.UUIDField(
                blank=True,
                editable=False,
                help_text="The reporter's browser's key for this report; a resend finds this case.",
                null=True,
                verbose_name="idempotency key",
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                condition=models.Q(("idempotency_key__isnull", False)),
                fields=("reporter", "idempotency_key"),
                name="case_one_per_reporter_key",
            ),
        ),
    ]

"""The invited experts' role (they review drafts on the public site, not in the admin)."""

from django.db import migrations

from portal import roles


def create(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=roles.EXPERT)


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0003_responses_follows_reviews"),
        ("portal", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

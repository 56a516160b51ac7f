"""Rewards: an English description beside the Chinese one, shown to English readers."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rewards", "0011_honour_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="reward",
            name="description_en",
            field=models.CharField(
                blank=True,
                help_text="Shown to English readers. Leave blank to show the Chinese description.",
                max_length=300,
                verbose_name="description (English)",
            ),
        ),
        migrations.AlterField(
            model_name="reward",
            name="description",
            field=models.CharField(
                blank=True,
                help_text="What it is and how to collect it, in Chinese.",
                max_length=300,
                verbose_name="description (Chinese)",
            ),
        ),
    ]

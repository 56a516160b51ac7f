"""Site settings: an English footer note beside the Chinese one, shown to English readers."""

from django.db import migrations

import wagtail.fields


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_content_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitesettings",
            name="footer_text_en",
            field=wagtail.fields.RichTextField(
                blank=True,
                help_text="Shown to English readers. Leave blank to show the Chinese note.",
                verbose_name="footer text (English)",
            ),
        ),
        migrations.AlterField(
            model_name="sitesettings",
            name="footer_text",
            field=wagtail.fields.RichTextField(
                blank=True,
                help_text="A short note shown at the bottom of every page (address, office hours), in Chinese.",
                verbose_name="footer text (Chinese)",
            ),
        ),
    ]

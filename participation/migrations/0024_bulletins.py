"""Research bulletins: the "Bulletins" section and the monthly situation bulletin (Wagtail
pages), and the schedule that drafts last month's bulletin on the first of each month."""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

import wagtail.fields

import portal.cache
import portal.translations

SCHEDULE_NAME = "Draft last month's situation bulletin"
SCHEDULE_FUNC = "participation.tasks.bulletin_draft_monthly"


def _first_of_next_month_morning():
    today = timezone.localdate()
    first = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return timezone.make_aware(datetime.datetime.combine(first, datetime.time(7, 0)))


def schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": SCHEDULE_FUNC,
            "schedule_type": "M",
            "repeats": -1,
            "next_run": _first_of_next_month_morning(),
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=SCHEDULE_FUNC).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0023_housekeeper_organisation"),
        ("wagtailcore", "0098_apitoken"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.CreateModel(
            name="BulletinIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "introduction",
                    models.CharField(
                        blank=True,
                        help_text="A sentence under the section's title, and its description in search results.",
                        max_length=300,
                        verbose_name="introduction",
                    ),
                ),
            ],
            options={
                "verbose_name": "bulletins section",
                "verbose_name_plural": "bulletins sections",
            },
            bases=(
                portal.cache.CachedPageMixin,
                portal.translations.TranslatedPageMixin,
                "wagtailcore.page",
            ),
        ),
        migrations.CreateModel(
            name="BulletinPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "month",
                    models.DateField(
                        help_text="The first day of the month the bulletin is about; one bulletin per month.",
                        verbose_name="month",
                    ),
                ),
                (
                    "summary",
                    models.CharField(
                        help_text="One or two sentences shown under the title, in lists and in search results.",
                        max_length=300,
                        verbose_name="summary",
                    ),
                ),
                (
                    "body",
                    wagtail.fields.StreamField(
                        [
                            ("heading", 1),
                            ("paragraph", 2),
                            ("image", 6),
                            ("quote", 9),
                            ("fact_box", 12),
                            ("embed", 13),
                            ("document", 16),
                            ("call_to_action", 21),
                        ],
                        blank=True,
                        block_lookup={
                            0: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Heading", "max_length": 120},
                            ),
                            1: ("wagtail.blocks.StructBlock", [[("text", 0)]], {}),
                            2: (
                                "wagtail.blocks.RichTextBlock",
                                (),
                                {
                                    "features": [
                                        "bold",
                                        "italic",
                                        "link",
                                        "ol",
                                        "ul",
                                        "document-link",
                                    ],
                                    "icon": "pilcrow",
                                    "label": "Paragraph",
                                    "template": "blocks/paragraph_block.html",
                                },
                            ),
                            3: ("wagtail.images.blocks.ImageChooserBlock", (), {"label": "Image"}),
                            4: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Caption", "max_length": 250, "required": False},
                            ),
                            5: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "What the image shows, for people who cannot see it. Defaults to its title.",
                                    "label": "Alternative text",
                                    "max_length": 250,
                                    "required": False,
                                },
                            ),
                            6: (
                                "wagtail.blocks.StructBlock",
                                [[("image", 3), ("caption", 4), ("alt", 5)]],
                                {},
                            ),
                            7: (
                                "wagtail.blocks.TextBlock",
                                (),
                                {"label": "Quote", "max_length": 1000},
                            ),
                            8: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Who said it", "max_length": 120, "required": False},
                            ),
                            9: (
                                "wagtail.blocks.StructBlock",
                                [[("text", 7), ("attribution", 8)]],
                                {},
                            ),
                            10: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Title", "max_length": 120},
                            ),
                            11: (
                                "wagtail.blocks.RichTextBlock",
                                (),
                                {
                                    "features": ["bold", "italic", "link", "ul", "ol"],
                                    "label": "Facts",
                                },
                            ),
                            12: ("wagtail.blocks.StructBlock", [[("title", 10), ("text", 11)]], {}),
                            13: (
                                "wagtail.embeds.blocks.EmbedBlock",
                                (),
                                {
                                    "help_text": "A link to a video or post on a site that allows embedding.",
                                    "icon": "media",
                                    "label": "Video or other media",
                                    "template": "blocks/embed_block.html",
                                },
                            ),
                            14: (
                                "wagtail.documents.blocks.DocumentChooserBlock",
                                (),
                                {"label": "Document"},
                            ),
                            15: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Defaults to its title.",
                                    "label": "Link text",
                                    "max_length": 120,
                                    "required": False,
                                },
                            ),
                            16: (
                                "wagtail.blocks.StructBlock",
                                [[("document", 14), ("title", 15)]],
                                {},
                            ),
                            17: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Text", "max_length": 200},
                            ),
                            18: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Button label", "max_length": 60},
                            ),
                            19: (
                                "wagtail.blocks.PageChooserBlock",
                                (),
                                {"label": "Page", "required": False},
                            ),
                            20: (
                                "wagtail.blocks.URLBlock",
                                (),
                                {"label": "or a web address", "required": False},
                            ),
                            21: (
                                "wagtail.blocks.StructBlock",
                                [[("text", 17), ("button", 18), ("page", 19), ("url", 20)]],
                                {},
                            ),
                        },
                        help_text="The centre's reading of the month. The figures, tables and charts below it come from the month's records and are not edited here.",
                        verbose_name="commentary",
                    ),
                ),
                (
                    "figures",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        editable=False,
                        help_text="The month's figures as they were when the bulletin was drafted.",
                        verbose_name="figures",
                    ),
                ),
            ],
            options={
                "verbose_name": "situation bulletin",
                "verbose_name_plural": "situation bulletins",
                "indexes": [models.Index(fields=["month"], name="bulletin_month_idx")],
            },
            bases=(
                portal.cache.CachedPageMixin,
                portal.translations.TranslatedPageMixin,
                "wagtailcore.page",
            ),
        ),
        migrations.RunPython(schedule, unschedule),
    ]

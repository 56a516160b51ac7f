"""Pages in two languages (Wagtail's i18n): both content locales exist, the town's pages move to
the Chinese tree (they are written in Chinese; English versions become translations of them),
content roles' page permissions move from the home page to the root so that they cover every
language's tree, and content roles may make translations ("Translate" in the admin)."""

from django.db import migrations

from portal import roles

SOURCE_LANGUAGE = "zh-hans"
LANGUAGES = ["zh-hans", "en"]
TRANSLATORS = [roles.EDITOR, roles.MODERATOR, roles.ADMINISTRATOR]


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    for language in LANGUAGES:
        Locale.objects.get_or_create(language_code=language)
    source = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    Page.objects.filter(depth__gte=2).update(locale=source)

    root = Page.objects.get(depth=1)
    for grant in GroupPagePermission.objects.filter(page__depth=2):
        GroupPagePermission.objects.get_or_create(
            group_id=grant.group_id, page=root, permission_id=grant.permission_id
        )
        grant.delete()
    for role in TRANSLATORS:
        roles.grant_permissions(
            apps, role, [("simple_translation", "simpletranslation", "submit_translation")]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_blocks_in_portal"),
        ("portal", "0003_create_roles"),
        ("simple_translation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

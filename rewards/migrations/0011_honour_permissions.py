"""Administrators keep the honours in the admin, as they keep the rules and the catalogue."""

from django.db import migrations

from portal import roles


def grant(apps, schema_editor):
    roles.grant_permissions(
        apps,
        roles.ADMINISTRATOR,
        roles.model_permissions("rewards", "honour", ["add", "change", "delete", "view"]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("rewards", "0010_first_honours"),
        ("rewards", "0004_staff_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

"""Who works on rewards in the admin: administrators keep the rules and the catalogue, adjust
points and handle redemptions; the linkage centre's dispatchers handle redemptions too."""

from django.db import migrations

from portal import roles


def grant(apps, schema_editor):
    roles.grant_permissions(
        apps,
        roles.ADMINISTRATOR,
        [
            *roles.model_permissions("rewards", "rule", ["add", "change", "view"]),
            *roles.model_permissions("rewards", "reward", ["add", "change", "view"]),
            *roles.model_permissions("rewards", "redemption", ["change", "view"]),
            ("rewards", "pointentry", "add_pointentry"),
        ],
    )
    roles.grant_permissions(
        apps, roles.DISPATCHER, roles.model_permissions("rewards", "redemption", ["change", "view"])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("rewards", "0003_catalogue"),
        ("portal", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

"""Moderators (and administrators) see opinions in the admin and moderate them."""

from django.db import migrations

from portal import roles

PERMISSIONS = roles.model_permissions("regulations", "opinion", ["view", "change"])


def grant(apps, schema_editor):
    for role in (roles.MODERATOR, roles.ADMINISTRATOR):
        roles.grant_permissions(apps, role, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0001_regulations"),
        ("portal", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

from django.db import migrations

from portal import roles

STRUCTURE = [
    "platform",
    "department",
    "community",
    "grid",
    "gridmembership",
    "departmentmembership",
    "category",
]


def grant(apps, schema_editor):
    for model in STRUCTURE:
        roles.grant_permissions(
            apps, roles.ADMINISTRATOR, roles.model_permissions("participation", model)
        )
        roles.grant_permissions(
            apps, roles.DISPATCHER, roles.model_permissions("participation", model, ["view"])
        )
    # The linkage centre keeps categories and their time limits up to date.
    roles.grant_permissions(
        apps, roles.DISPATCHER, roles.model_permissions("participation", "category", ["change"])
    )
    for role in (roles.DEPARTMENT_STAFF, roles.DEPARTMENT_LEAD):
        roles.grant_permissions(
            apps, role, roles.model_permissions("participation", "department", ["view"])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("portal", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

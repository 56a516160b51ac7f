from django.db import migrations

from portal import roles


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in roles.ALL_ROLES:
        Group.objects.get_or_create(name=name)
    for name in roles.STAFF_ROLES:
        roles.grant_permissions(apps, name, [("wagtailadmin", "admin", "access_admin")])
    roles.grant_permissions(
        apps,
        roles.ADMINISTRATOR,
        [
            *roles.model_permissions("portal", "user"),
            *roles.model_permissions("auth", "group"),
            *roles.model_permissions("wagtailcore", "site"),
        ],
    )


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=roles.ALL_ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_user_home_grid"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]

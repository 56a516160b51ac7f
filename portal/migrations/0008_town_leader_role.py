from django.db import migrations

from portal import roles


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=roles.TOWN_LEADER)
    # A staff role: the admin is the leader's workbench (problem lists, appraisal), with MFA.
    roles.grant_permissions(apps, roles.TOWN_LEADER, [("wagtailadmin", "admin", "access_admin")])


def delete_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=roles.TOWN_LEADER).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0007_phone_sign_in")]

    operations = [migrations.RunPython(create_role, delete_role)]

from django.db import migrations

from portal import roles


def grant(apps, schema_editor):
    # Staff who work cases see them in the admin; what they may *do* is decided by the workflow.
    for role in (
        roles.DISPATCHER,
        roles.DEPARTMENT_STAFF,
        roles.DEPARTMENT_LEAD,
        roles.ADMINISTRATOR,
    ):
        roles.grant_permissions(
            apps, role, roles.model_permissions("participation", "case", ["view"])
        )


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="Close resolved cases not evaluated within 7 days",
        defaults={
            "func": "participation.tasks.cases_auto_close",
            "schedule_type": "H",  # hourly
            "repeats": -1,
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(
        func="participation.tasks.cases_auto_close"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0003_cases"),
        ("portal", "0004_user_language_notification"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(schedule, unschedule),
    ]

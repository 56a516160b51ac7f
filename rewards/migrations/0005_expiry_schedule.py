"""Every night: expire unused points past their date and remind people 30 days before."""

from django.db import migrations


def schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="Expire points and send expiry reminders",
        defaults={"func": "rewards.tasks.expire_points", "schedule_type": "D", "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(
        func="rewards.tasks.expire_points"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rewards", "0004_staff_permissions"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]

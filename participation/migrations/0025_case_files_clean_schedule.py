from django.db import migrations

SCHEDULE = "Remove case files that no attachment refers to"
TASK = "participation.tasks.case_files_clean"


def schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=SCHEDULE,
        defaults={"func": TASK, "schedule_type": "H", "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
        ("participation", "0024_bulletins"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]

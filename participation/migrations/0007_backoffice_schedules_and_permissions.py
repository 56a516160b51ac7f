from datetime import datetime, time, timedelta

from django.db import migrations
from django.utils import timezone

from portal import roles

SCHEDULES = [
    # name, task, type, minutes
    (
        "Mark overdue cases, escalate them, remind before deadlines",
        "participation.tasks.cases_sla_check",
        "I",
        15,
    ),
    ("Roll up case statistics", "participation.tasks.statistics_rollup", "H", None),
    (
        "Weekly digest for department leads and the centre",
        "participation.tasks.weekly_digest",
        "W",
        None,
    ),
]


def _next_monday_morning():
    now = timezone.localtime()
    monday = now.date() + timedelta(days=(7 - now.weekday()) % 7 or 7)
    return timezone.make_aware(datetime.combine(monday, time(8, 0)))


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func, kind, minutes in SCHEDULES:
        defaults = {"func": func, "schedule_type": kind, "repeats": -1}
        if minutes:
            defaults["minutes"] = minutes
        if kind == "W":
            defaults["next_run"] = _next_monday_morning()
        Schedule.objects.update_or_create(name=name, defaults=defaults)


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(
        func__in=[func for _name, func, _kind, _minutes in SCHEDULES]
    ).delete()


def grant(apps, schema_editor):
    template = roles.model_permissions("participation", "responsetemplate")
    roles.grant_permissions(apps, roles.DISPATCHER, template)
    roles.grant_permissions(apps, roles.ADMINISTRATOR, template)
    for role in (roles.DEPARTMENT_STAFF, roles.DEPARTMENT_LEAD):
        roles.grant_permissions(
            apps, role, roles.model_permissions("participation", "responsetemplate", ["view"])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0006_backoffice"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.RunPython(schedule, unschedule),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]

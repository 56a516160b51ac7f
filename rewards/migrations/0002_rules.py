"""The earning rules residents are told about (what earns how much, and how often a day). Staff
change points and caps in the admin; the codes are what the apps name."""

from django.db import migrations

RULES = [
    # code, Chinese name, English name, points, daily cap, plain words
    (
        "case_dispatched",
        "上报被受理",
        "Report dispatched",
        10,
        5,
        "A report the linkage centre sends to a department (not one it rejects).",
    ),
    (
        "hazard_confirmed",
        "紧急隐患被确认",
        "Emergency hazard confirmed",
        30,
        3,
        "An emergency report that the department confirms was a real hazard.",
    ),
    (
        "timely_report",
        "及时上报奖励",
        "Timely report bonus",
        10,
        3,
        "Reporting a confirmed hazard within an hour of it appearing.",
    ),
    (
        "rectification_confirmed",
        "现场确认整改",
        "Rectification confirmed on site",
        5,
        10,
        "A housekeeper checking on site that a repair was really done.",
    ),
    (
        "evaluation_given",
        "评价处理结果",
        "Evaluation given",
        2,
        5,
        "Saying whether you are satisfied with how your report was handled.",
    ),
    (
        "opinion_adopted",
        "意见被采纳",
        "Opinion adopted",
        20,
        None,
        "An opinion on a draft regulation that the government adopts, fully or in part.",
    ),
]


def create(apps, schema_editor):
    Rule = apps.get_model("rewards", "Rule")
    for code, name, name_en, points, cap, description in RULES:
        Rule.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "points": points,
                "daily_cap": cap,
                "description": description,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("rewards", "0001_ledger")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

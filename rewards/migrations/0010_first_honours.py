"""The honours residents could earn before honours were data: a first report followed up, ten of
them, an opinion adopted. Staff add more in the admin (Rewards → Honours), without code."""

from django.db import migrations

HONOURS = [
    # rule code, awards needed, Chinese name, English name
    ("case_dispatched", 1, "首次上报", "First report"),
    ("case_dispatched", 10, "十次有效上报", "Ten reports that were followed up"),
    ("opinion_adopted", 1, "意见被采纳", "An opinion adopted"),
]


def create(apps, schema_editor):
    Honour = apps.get_model("rewards", "Honour")
    Rule = apps.get_model("rewards", "Rule")
    for order, (code, times, name, name_en) in enumerate(HONOURS, start=1):
        Honour.objects.get_or_create(
            rule=Rule.objects.get(code=code),
            times=times,
            defaults={"name": name, "name_en": name_en, "sort_order": order * 10},
        )


def remove(apps, schema_editor):
    Honour = apps.get_model("rewards", "Honour")
    for code, times, _name, _name_en in HONOURS:
        Honour.objects.filter(rule__code=code, times=times).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rewards", "0009_honour"),
        ("rewards", "0002_rules"),
    ]

    operations = [migrations.RunPython(create, remove)]

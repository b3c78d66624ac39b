"""Reports values stored before the input bounds existed (issue 10): nothing is changed, the list is
printed so an office can correct them (`sanpi bounds` lists them again; `--clear` empties them)."""

from django.db import migrations


def report(apps, schema_editor):
    from sanpi.core.datacheck import out_of_range
    from sanpi.core.datacheck import report as lines

    found = lines(out_of_range(apps=apps))
    if found:
        print("\n  超出取值范围的既有数据（请运行 sanpi bounds 查看并更正）：")
        for line in found:
            print("   ", line)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_stage_investment_index"),
        ("progress", "0002_default_rule_sets"),
        ("activities", "0001_initial"),
    ]

    operations = [migrations.RunPython(report, migrations.RunPython.noop, elidable=True)]

"""Baseline history records for projects and annual plans written without one (generator, demos,
bulk paths before the baseline rule): one INSERT … SELECT per table, no row-by-row work."""

from django.db import migrations


def forwards(apps, schema_editor):
    from sanpi.projects.bulk import history_baseline

    for name in ("Project", "AnnualPlan"):
        history_baseline(apps.get_model("projects", name), historical=apps.get_model("projects", f"Historical{name}"),
                         reason="基线（迁移补记）", using=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_report_out_of_range_values")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

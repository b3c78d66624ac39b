"""Region path as data on Project: province/city/county codes of the project's region (its path's
levels 1–3), filled for existing rows by one UPDATE, then the composite indexes the ledger uses."""

from django.db import migrations, models

import sanpi.core.fields


def fill_levels(apps, schema_editor):
    """Each level column = the path's 6-digit code at that depth ("410000/410100/410171/"), NULL
    where the region is shallower; one UPDATE on both databases."""
    qn = schema_editor.connection.ops.quote_name
    project = qn(apps.get_model("projects", "Project")._meta.db_table)
    region = qn(apps.get_model("accounts", "Region")._meta.db_table)
    sets = ", ".join(
        f"{qn(column)} = (SELECT CASE WHEN LENGTH(r.path) >= {7 * depth} THEN SUBSTR(r.path, {7 * depth - 6}, 6) END "
        f"FROM {region} r WHERE r.code = {project}.{qn('region_id')})"
        for depth, column in enumerate(("province_code", "city_code", "county_code"), start=1))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"UPDATE {project} SET {sets}")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('projects', '0006_name_bigram_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='project',
            name='city_code',
            field=sanpi.core.fields.RegionLevelField(level=2, verbose_name='市级区划代码'),
        ),
        migrations.AddField(
            model_name='project',
            name='county_code',
            field=sanpi.core.fields.RegionLevelField(level=3, verbose_name='县级区划代码'),
        ),
        migrations.AddField(
            model_name='project',
            name='province_code',
            field=sanpi.core.fields.RegionLevelField(level=1, verbose_name='省级区划代码'),
        ),
        migrations.RunPython(fill_levels, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['city_code', 'stage', 'total_investment_wan'], name='project_city_stage_inv'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['county_code', 'stage', 'total_investment_wan'], name='project_county_stage_inv'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['city_code', 'total_investment_wan'], name='project_city_investment'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['county_code', 'total_investment_wan'], name='project_county_investment'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['city_code', 'domain'], name='project_city_domain'),
        ),
    ]

"""资金来源 mixed two axes: 管理类别 (政府投资 / 企业投资) and the investor's origin (本地/省外/外资).

A project recorded as 政府投资 becomes 管理类别 政府投资 with origin 本地资金 (government money is
local); every other project is 企业投资 and keeps its origin. Reversing folds 政府投资 back.
"""

from django.db import migrations, models


def split(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Project.objects.filter(fund_source="government").update(management_category="government", fund_source="local")


def fold(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Project.objects.filter(management_category="government").update(fund_source="government")


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0008_category_list_known_years'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalproject',
            name='management_category',
            field=models.CharField(choices=[('government', '政府投资'), ('enterprise', '企业投资')], default='enterprise', max_length=16, verbose_name='管理类别'),
        ),
        migrations.AddField(
            model_name='project',
            name='management_category',
            field=models.CharField(choices=[('government', '政府投资'), ('enterprise', '企业投资')], default='enterprise', max_length=16, verbose_name='管理类别'),
        ),
        migrations.AlterField(
            model_name='historicalproject',
            name='fund_source',
            field=models.CharField(choices=[('local', '本地资金'), ('out_of_province', '省外资金'), ('foreign', '外资')], default='local', max_length=16, verbose_name='资金来源'),
        ),
        migrations.AlterField(
            model_name='project',
            name='fund_source',
            field=models.CharField(choices=[('local', '本地资金'), ('out_of_province', '省外资金'), ('foreign', '外资')], default='local', max_length=16, verbose_name='资金来源'),
        ),
        migrations.RunPython(split, fold),
    ]

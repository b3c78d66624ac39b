"""The published alert rules (domain guide §7): 银川 2025 as the default, 三亚 2022 and 武汉 as alternatives.

Thresholds the published texts leave open are marked "sanpi 约定" in their description.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

SETS = [
    {
        "name": "银川市重点项目红黄绿灯预警规则", "place": "银川", "version": 1,
        "effective_from": dt.date(2025, 1, 1), "is_default": True,
        "source": "银川市 2025 年重点项目建设调度预警办法（红黄绿灯）",
        "rules": [
            ("start_delay", "1", "3", "months", 3,
             "计划开工月份未开工 → 黄灯；连续 3 个月应开未开（计划开工月算第 1 个月）→ 红灯"),
            ("investment_pace", "10", "30", "points", 1,
             "低于序时进度 10 至 30 个百分点（含 10 和 30）→ 黄灯；低于超过 30 个百分点 → 红灯"),
            ("not_in_statistics", "1", "2", "months", 1,
             "开工满 1 个月未入库 → 黄灯；开工满 2 个月未入库 → 红灯"),
            ("report_overdue", "1", "2", "months", 2,
             "月报逾期（次月 5 日前未报送）→ 黄灯；连续 2 个月逾期 → 红灯（红灯为 sanpi 约定）"),
            ("milestone_overdue", "1", "3", "months", 1,
             "计划竣工/投产月份未实现 → 黄灯；逾期第 3 个月起 → 红灯（sanpi 约定）"),
            ("problem_overdue", "1", "30", "days", 1,
             "协调事项超过办结时限 1 至 30 天未销号 → 黄灯；超过 30 天 → 红灯（sanpi 约定）"),
        ],
    },
    {
        "name": "三亚市重点项目投资进度预警规则", "place": "三亚", "version": 1,
        "effective_from": dt.date(2022, 1, 1), "is_default": False,
        "source": "三亚市 2022 年重点项目红黄绿灯管理",
        "rules": [
            ("investment_pace", "0", "50", "relative_percent", 1,
             "累计完成投资低于序时计划，相对差距不超过 50% → 黄灯；超过 50% → 红灯"),
        ],
    },
    {
        "name": "武汉市重点项目投资进度预警规则", "place": "武汉", "version": 1,
        "effective_from": dt.date(2021, 1, 1), "is_default": False,
        "source": "武汉市重点项目红黄绿灯（生效日期待核实）",
        "rules": [
            ("investment_pace", "80", "60", "ratio_of_benchmark", 1,
             "投资完成率不足序时进度的 80% → 黄灯；不足 60% → 红灯"),
        ],
    },
]


def create(apps, schema_editor):
    RuleSet = apps.get_model("progress", "RuleSet")
    AlertRule = apps.get_model("progress", "AlertRule")
    for spec in SETS:
        spec = dict(spec)
        rules = spec.pop("rules")
        rule_set, created = RuleSet.objects.get_or_create(name=spec["name"], version=spec["version"], defaults=spec)
        if not created:
            continue
        AlertRule.objects.bulk_create([
            AlertRule(rule_set=rule_set, dimension=d, yellow_threshold=Decimal(y), red_threshold=Decimal(r),
                      threshold_kind=k, consecutive_months=c, description=text)
            for d, y, r, k, c, text in rules
        ])


def remove(apps, schema_editor):
    RuleSet = apps.get_model("progress", "RuleSet")
    RuleSet.objects.filter(name__in=[s["name"] for s in SETS], version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("progress", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]

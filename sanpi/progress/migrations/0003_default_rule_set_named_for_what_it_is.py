"""The default rule set serves every province that has not published its own, so it is named for what
it is — 默认规则（参照银川2025） — and 银川's published set stays as a named alternative beside 三亚's and
武汉's (same thresholds as the default today; either can be revised without touching the other)."""

import importlib
from decimal import Decimal

from django.db import migrations

DEFAULT_NAME = "默认规则（参照银川2025）"
YINCHUAN_NAME = "银川市重点项目红黄绿灯预警规则"


def create(apps, schema_editor):
    """Idempotent: also called by the test suite after a flush (conftest), after 0002's `create`."""
    RuleSet = apps.get_model("progress", "RuleSet")
    AlertRule = apps.get_model("progress", "AlertRule")
    if not RuleSet.objects.filter(name=DEFAULT_NAME).exists():
        RuleSet.objects.filter(name=YINCHUAN_NAME).update(name=DEFAULT_NAME, place="默认")
    if RuleSet.objects.filter(name=YINCHUAN_NAME).exists():
        return
    spec = dict(importlib.import_module("sanpi.progress.migrations.0002_default_rule_sets").SETS[0])
    rules = spec.pop("rules")
    spec.update(name=YINCHUAN_NAME, is_default=False)
    rule_set = RuleSet.objects.create(**spec)
    AlertRule.objects.bulk_create([
        AlertRule(rule_set=rule_set, dimension=d, yellow_threshold=Decimal(y), red_threshold=Decimal(r),
                  threshold_kind=k, consecutive_months=c, description=text)
        for d, y, r, k, c, text in rules
    ])


def remove(apps, schema_editor):
    RuleSet = apps.get_model("progress", "RuleSet")
    RuleSet.objects.filter(name=YINCHUAN_NAME, is_default=False).delete()
    RuleSet.objects.filter(name=DEFAULT_NAME).update(name=YINCHUAN_NAME, place="银川")


class Migration(migrations.Migration):
    dependencies = [("progress", "0002_default_rule_sets")]

    operations = [migrations.RunPython(create, remove)]

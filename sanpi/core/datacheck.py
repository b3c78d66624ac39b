"""Finds values stored before the bounds of `core/bounds.py` existed (a project's 总投资 of 10^13 万元,
an 占地 of 10^11 亩, a date 0001-01-01), so an office can correct them. `sanpi bounds` and the data
migration `projects.0004_report_out_of_range_values` print what this finds.

Only comparisons run in the database: an out-of-range decimal is never read into Python (on SQLite
reading it is what failed), just its row id.
"""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.db.models import Q

from . import bounds
from .fields import MoneyField


@dataclass
class Finding:
    model: str  # app_label.Model
    field: str
    label: str
    rule: str
    ids: list[int]
    count: int
    condition: Q


def _rules(model, today: dt.date) -> list[tuple[str, str, Q]]:
    rules = []
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.is_relation:
            continue
        name = field.name
        if isinstance(field, MoneyField) or field.get_internal_type() == "MoneyField":
            limit = bounds.MONEY_LIMIT
        elif name in bounds.LIMITS:
            limit = bounds.LIMITS[name]
        elif field.get_internal_type() == "DateField" and model._meta.app_label in ("projects", "progress"):
            high = bounds.date_max(today)
            rules.append((name, f"{bounds.DATE_MIN:%Y-%m-%d} 至 {high:%Y-%m-%d}",
                          Q(**{f"{name}__lt": bounds.DATE_MIN}) | Q(**{f"{name}__gt": high})))
            continue
        else:
            continue
        rules.append((name, f"绝对值小于 {limit:,.0f}", Q(**{f"{name}__gte": limit}) | Q(**{f"{name}__lte": -limit})))
    return rules


def out_of_range(*, apps=None, today: dt.date | None = None, sample: int = 20) -> list[Finding]:
    apps = apps or global_apps
    today = today or dt.date.today()
    findings = []
    for model in apps.get_models():
        if model._meta.app_label not in ("projects", "progress", "activities") or model._meta.proxy:
            continue
        if model.__name__.startswith("Historical"):
            continue  # history keeps what was stored; the live row is what pages read
        for name, rule, condition in _rules(model, today):
            qs = model._default_manager.filter(condition)
            ids = list(qs.order_by("pk").values_list("pk", flat=True)[:sample])
            if ids:
                label = str(model._meta.get_field(name).verbose_name)
                findings.append(Finding(model._meta.label, name, label, rule, ids, qs.count(), condition))
    return findings


def report(findings: list[Finding]) -> list[str]:
    lines = []
    for f in findings:
        more = f" 等共 {f.count} 条" if f.count > len(f.ids) else ""
        lines.append(f"{f.model}.{f.field}（{f.label}）超出范围（应{f.rule}）：id {', '.join(map(str, f.ids))}{more}")
    return lines

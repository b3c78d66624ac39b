"""Alert rule sets are versioned: a change is a new version with its own effective date."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from sanpi.accounts.access import access_rule_set
from sanpi.core.concurrency import unique_or
from sanpi.core.errors import Conflict

from ..models import AlertRule, RuleSet


@transaction.atomic
def rule_set_revise(*, user, rule_set_id: int, effective_from: Any,
                    thresholds: dict[str, tuple[Any, Any]]) -> RuleSet:
    """A new version of a rule set with changed thresholds ({dimension: (yellow, red)}); the old
    version stays for the months evaluated with it. Only the office that owns the set revises it
    (the province office for the default): see access.may_revise_rule_set."""
    old = access_rule_set(user=user, rule_set_id=rule_set_id, need="revise", lock=True)
    errors: dict[str, list[str]] = {}
    try:
        start = effective_from if isinstance(effective_from, dt.date) else dt.date.fromisoformat(str(effective_from))
    except ValueError:
        errors["effective_from"] = ["生效日期无效，请按 2024-01-02 的格式填写。"]
    rules = list(old.rules.all())
    known = {r.dimension for r in rules}
    parsed: dict[str, tuple[Decimal, Decimal]] = {}
    for dimension, (yellow, red) in thresholds.items():
        if dimension not in known:
            errors[dimension] = ["该规则集没有这一维度。"]
            continue
        try:
            y, r = Decimal(str(yellow)), Decimal(str(red))
        except InvalidOperation:
            errors[dimension] = ["阈值应为数字。"]
            continue
        if not (y.is_finite() and r.is_finite()) or max(abs(y), abs(r)) >= 10**6:
            errors[dimension] = ["阈值应为 1,000,000 以内的数字。"]  # NaN/1e30 never reach the rules
            continue
        if y < 0 or r < 0:
            errors[dimension] = ["阈值不能为负数。"]
        parsed[dimension] = (y, r)
    if errors:
        raise ValidationError(errors)
    latest = RuleSet.objects.filter(name=old.name).order_by("-version").first()
    was_default = old.is_default
    if was_default:
        RuleSet.objects.filter(pk=old.pk).update(is_default=False)
    # Two versions of one set revised at once both pick latest + 1: the second is told, not a 500.
    with unique_or(Conflict("该规则集刚被他人修订，请刷新后基于最新版本重新修改。")):
        new = RuleSet.objects.create(name=old.name, place=old.place, version=latest.version + 1,
                                     effective_from=start, scope_region=old.scope_region,
                                     scope_label=old.scope_label, is_default=was_default, source=old.source)
    new.listed_projects.set(old.listed_projects.all())
    AlertRule.objects.bulk_create([
        AlertRule(rule_set=new, dimension=r.dimension, threshold_kind=r.threshold_kind,
                  consecutive_months=r.consecutive_months, description=r.description,
                  yellow_threshold=parsed.get(r.dimension, (r.yellow_threshold, r.red_threshold))[0],
                  red_threshold=parsed.get(r.dimension, (r.yellow_threshold, r.red_threshold))[1])
        for r in rules
    ])
    return new

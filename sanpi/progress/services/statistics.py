"""纳统 writes: the counted investment of a month and the checklist of documents for 入库."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from sanpi.accounts.access import access_project
from sanpi.core import bounds
from sanpi.core.inputs import parse_date, parse_decimal

from .. import counting
from ..models import CountedInvestment, StatisticsDocument


def _who(user):
    return user if getattr(user, "pk", None) else None


@transaction.atomic
def counted_investment_set(*, user, project_id: int, year: int, month: int, counted_wan: Any,
                           note: str = "") -> CountedInvestment:
    """Record (or correct) the statistics office's counted investment of a project for a month (万元).
    A project under the threshold or not started by that month cannot be counted."""
    project = access_project(user=user, project_id=project_id, need="edit", lock=True)
    errors: dict[str, list[str]] = {}
    amount = parse_decimal(counted_wan, field="counted_wan", label="本月入库纳统投资（万元）", errors=errors,
                           limit=bounds.MONEY_LIMIT)
    if amount is None and "counted_wan" not in errors:
        errors["counted_wan"] = ["请填写本月入库纳统投资（万元）。"]
    if not (isinstance(month, int) and 1 <= month <= 12):
        errors["month"] = ["月份应为 1—12。"]
    if errors:
        raise ValidationError(errors)
    month_end = (dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)) - dt.timedelta(days=1)
    if not counting.should_count(total_wan=project.total_investment_wan, started_on=project.started_on,
                                 as_of=month_end):
        raise ValidationError({"project": [
            f"“{project.name}”在{year}年{month}月不属于应统项目（须已开工且计划总投资"
            f"{counting.THRESHOLD_WAN}万元及以上），不能填报纳统投资。"]})
    row, _ = CountedInvestment.objects.update_or_create(
        project=project, year=year, month=month,
        defaults={"counted_wan": amount, "note": " ".join((note or "").split())[:200], "recorded_by": _who(user)})
    return row


@transaction.atomic
def statistics_document_record(*, user, project_id: int, kind: str, received_on: Any,
                               note: str = "") -> StatisticsDocument:
    """Tick one item of the 入库 checklist: the document was handed to the statistics office."""
    project = access_project(user=user, project_id=project_id, need="edit", lock=True)
    errors: dict[str, list[str]] = {}
    if kind not in counting.DOCUMENT_LABELS:
        errors["kind"] = [f"入库资料“{kind}”无效，可选：{'、'.join(counting.DOCUMENT_LABELS.values())}。"]
    day = parse_date(received_on, field="received_on", label="报送日期", errors=errors, required=True)
    if errors:
        raise ValidationError(errors)
    row, _ = StatisticsDocument.objects.update_or_create(
        project=project, kind=kind,
        defaults={"received_on": day, "note": " ".join((note or "").split())[:200], "recorded_by": _who(user)})
    return row

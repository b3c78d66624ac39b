"""Every write to money by source: funding lines (计划/下达) and their months (到位, 支付), with history."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from sanpi.accounts.access import access_funding_line, access_project
from sanpi.core.concurrency import unique_or
from sanpi.core.errors import Conflict
from sanpi.core.inputs import clean_text, parse_date, parse_decimal

from . import rules
from .models import FundingLine, FundingMonth, Source

UNSET: Any = object()


def _money(value, field: str, label: str, errors: dict, *, default=None) -> Decimal | None:
    if value in (None, ""):
        return default
    amount = parse_decimal(value, field=field, label=label, errors=errors, unit="万元")
    if amount is not None and amount < 0:
        errors[field] = [f"{label}（万元）不能为负数。"]
    return amount


@transaction.atomic
def funding_line_create(*, user, project_id: int, year: int, source: str, allocated_wan, bond_batch: str = "",
                        bond_issued_on=None, note: str = "") -> FundingLine:
    """A project's money of one source for one year (a 专项债 line per issue batch)."""
    project = access_project(user=user, project_id=project_id, need="edit", lock=True)
    errors: dict = {}
    if source not in Source.values:
        errors["source"] = [f"资金来源“{source}”无效，可选：{'、'.join(Source.labels)}。"]
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        errors["year"] = ["年度无效。"]
    amount = _money(allocated_wan, "allocated_wan", "计划/下达金额", errors)
    if amount is None and "allocated_wan" not in errors:
        errors["allocated_wan"] = ["请填写计划/下达金额（万元）。"]
    batch = clean_text(bond_batch, field="bond_batch", label="专项债发行批次", errors=errors, max_length=64) or ""
    if source == Source.SPECIAL_BOND and not batch and "bond_batch" not in errors:
        errors["bond_batch"] = ["地方政府专项债券须填写发行批次（如“2024年第一批”）。"]
    issued = parse_date(bond_issued_on, field="bond_issued_on", label="专项债发行日期", errors=errors)
    text = clean_text(note, field="note", label="说明", errors=errors, max_length=200) or ""
    if errors:
        raise ValidationError(errors)
    clash = ValidationError({"source": ["该项目本年度已登记同一资金来源（及批次），请修改原记录。"]})
    if FundingLine.objects.filter(project=project, year=year, source=source, bond_batch=batch).exists():
        raise clash
    with unique_or(clash):
        line = FundingLine(project=project, year=year, source=source, bond_batch=batch, bond_issued_on=issued,
                           allocated_wan=amount, note=text)
        line._history_user = user if user.pk else None
        line.save()
    return line


@transaction.atomic
def funding_line_update(*, user, line_id: int, version: int | None = None, allocated_wan=UNSET,
                        bond_issued_on=UNSET, note: str = UNSET) -> FundingLine:
    """Change a line's 计划/下达, issue date or note. `version`, when given, is the one the edit started
    from (Conflict when another write landed first)."""
    line = access_funding_line(user=user, line_id=line_id, need="edit", lock=True)
    if version is not None and str(version).strip() != str(line.version):
        raise Conflict()
    errors: dict = {}
    if allocated_wan is not UNSET:
        line.allocated_wan = _money(allocated_wan, "allocated_wan", "计划/下达金额", errors,
                                    default=line.allocated_wan)
    if bond_issued_on is not UNSET:
        line.bond_issued_on = parse_date(bond_issued_on, field="bond_issued_on", label="专项债发行日期", errors=errors)
    if note is not UNSET:
        line.note = clean_text(note, field="note", label="说明", errors=errors, max_length=200) or ""
    if errors:
        raise ValidationError(errors)
    line.version += 1
    line._history_user = user if user.pk else None
    line.save()
    return line


@transaction.atomic
def funding_month_set(*, user, line_id: int, month: int, arrived_wan=None, arrived_on=None, paid_wan=None,
                      paid_on=None, version: int | None = None) -> FundingMonth:
    """Record (or replace) one month's 到位 and 支付 of a line; the year's 支付 may not exceed its 到位.
    Ledger offices and the project's enterprise (through its monthly report) may record. `version`, when
    given, is the month row's version the edit started from (0: the row did not exist yet)."""
    line = access_funding_line(user=user, line_id=line_id, need="report", lock=True)
    errors: dict = {}
    try:
        month = int(month)
    except (TypeError, ValueError):
        month = 0
    if not 1 <= month <= 12:
        raise ValidationError({"month": ["月份应在 1 到 12 之间。"]})
    arrived = _money(arrived_wan, "arrived_wan", "本月到位", errors, default=Decimal(0))
    paid = _money(paid_wan, "paid_wan", "本月支付", errors, default=Decimal(0))
    arrived_day = parse_date(arrived_on, field="arrived_on", label="到位日期", errors=errors)
    paid_day = parse_date(paid_on, field="paid_on", label="支付日期", errors=errors)
    if errors:
        raise ValidationError(errors)
    others = FundingMonth.objects.filter(line=line).exclude(month=month).aggregate(
        a=Sum("arrived_wan"), p=Sum("paid_wan"))
    errors = rules.check_month(arrived_before=others["a"] or Decimal(0), paid_before=others["p"] or Decimal(0),
                               arrived=arrived, paid=paid, arrived_on=arrived_day, paid_on=paid_day,
                               year=line.year, month=month)
    if errors:
        raise ValidationError(errors)
    row = FundingMonth.objects.filter(line=line, month=month).first()
    if version is not None and str(version).strip() != str(row.version if row else 0):
        raise Conflict()
    if row is None:
        row = FundingMonth(line=line, month=month, version=0)
    row.version += 1
    row.arrived_wan, row.arrived_on, row.paid_wan, row.paid_on = arrived, arrived_day, paid, paid_day
    row._history_user = user if user.pk else None
    row.save()
    return row

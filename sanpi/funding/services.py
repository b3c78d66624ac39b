"""Every write to money by source: funding lines (计划/下达) and their months (到位, 支付), with history."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sanpi.accounts.access import (
    access_funding_line,
    access_project,
    can_edit_ledger,
    may_report,
    scope_projects,
)
from sanpi.core.concurrency import unique_or
from sanpi.core.errors import Conflict, Forbidden, NotFound
from sanpi.core.inputs import clean_text, parse_date, parse_decimal
from sanpi.projects.models import Project

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


def _line_values(*, year, source: str, allocated_wan, bond_batch: str = "", bond_issued_on=None,
                 note: str = "") -> tuple[dict, dict]:
    """(errors by field, the line's cleaned fields) of a new line, as funding_line_create accepts them."""
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
    return errors, {"year": year, "source": source, "bond_batch": batch, "bond_issued_on": issued,
                    "allocated_wan": amount, "note": text}


CLASH = "该项目本年度已登记同一资金来源（及批次），请修改原记录。"


@transaction.atomic
def funding_line_create(*, user, project_id: int, year: int, source: str, allocated_wan, bond_batch: str = "",
                        bond_issued_on=None, note: str = "") -> FundingLine:
    """A project's money of one source for one year (a 专项债 line per issue batch)."""
    project = access_project(user=user, project_id=project_id, need="edit", lock=True)
    errors, values = _line_values(year=year, source=source, allocated_wan=allocated_wan, bond_batch=bond_batch,
                                  bond_issued_on=bond_issued_on, note=note)
    if errors:
        raise ValidationError(errors)
    clash = ValidationError({"source": [CLASH]})
    if FundingLine.objects.filter(project=project, year=values["year"], source=source,
                                  bond_batch=values["bond_batch"]).exists():
        raise clash
    with unique_or(clash):
        line = FundingLine(project=project, **values)
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
                               year=line.year, month=month, today=timezone.localdate())
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


# Set-based writes (an import's rows): the checks of the single-record services above, with one role
# check, one locked read of the rows in the user's scope and bulk writes with a history row each, so
# the query count does not grow with the rows. Each returns {index of the entry: the error} of the
# entries refused (NotFound: unknown or outside the scope; Conflict: version moved; ValidationError);
# the others are written.


@transaction.atomic
def funding_lines_create(*, user, lines: list[dict]) -> tuple[list[FundingLine | None], dict[int, Exception]]:
    """New lines: each entry has funding_line_create's arguments. Returns the lines in the entries'
    order (None where refused) and the refusals."""
    if not lines:
        return [], {}
    if not can_edit_ledger(user):
        raise Forbidden("只有园区/县区、市、省项目办可以修改项目台账。")
    wanted = {entry["project_id"] for entry in lines}
    projects = set(scope_projects(Project.objects.all(), user).select_for_update().filter(pk__in=wanted)
                   .order_by("pk").values_list("pk", flat=True))
    taken = set(FundingLine.objects.filter(project_id__in=projects).values_list(
        "project_id", "year", "source", "bond_batch"))
    refused: dict[int, Exception] = {}
    made: list[FundingLine | None] = []
    for index, entry in enumerate(lines):
        entry = dict(entry)
        project_id = entry.pop("project_id")
        errors, values = _line_values(**entry)
        key = (project_id, values["year"], values["source"], values["bond_batch"])
        if project_id not in projects:
            refused[index] = NotFound()
        elif errors:
            refused[index] = ValidationError(errors)
        elif key in taken:
            refused[index] = ValidationError({"source": [CLASH]})
        else:
            taken.add(key)
            made.append(FundingLine(project_id=project_id, **values))
            continue
        made.append(None)
    with unique_or(ValidationError({"source": [CLASH]})):  # a concurrent insert of the same line
        bulk_create_with_history([x for x in made if x is not None], FundingLine, batch_size=500,
                                 default_user=user if user.pk else None)
    return made, refused


@transaction.atomic
def funding_lines_update(*, user, changes: list[tuple[int, int | None, dict]]) -> dict[int, Exception]:
    """Existing lines: [(line id, version it started from or None, {field: value})], fields as
    funding_line_update's (allocated_wan, bond_issued_on, note). Refusals by index of `changes`."""
    if not changes:
        return {}
    if not can_edit_ledger(user):
        raise Forbidden("只有园区/县区、市、省项目办可以修改项目台账。")
    visible = scope_projects(FundingLine.objects.all(), user, region_field="project__region")
    lines = {x.pk: x for x in visible.select_for_update().filter(pk__in=[c[0] for c in changes]).order_by("pk")}
    refused: dict[int, Exception] = {}
    written = []
    for index, (pk, version, fields) in enumerate(changes):
        line, errors = lines.get(pk), {}
        if line is None:
            refused[index] = NotFound()
            continue
        if version is not None and str(version).strip() != str(line.version):
            refused[index] = Conflict()
            continue
        cleaned: dict = {}
        if "allocated_wan" in fields:
            cleaned["allocated_wan"] = _money(fields["allocated_wan"], "allocated_wan", "计划/下达金额", errors,
                                              default=line.allocated_wan)
        if "bond_issued_on" in fields:
            cleaned["bond_issued_on"] = parse_date(fields["bond_issued_on"], field="bond_issued_on",
                                                   label="专项债发行日期", errors=errors)
        if "note" in fields:
            cleaned["note"] = clean_text(fields["note"], field="note", label="说明", errors=errors,
                                         max_length=200) or ""
        if errors:
            refused[index] = ValidationError(errors)
            continue
        for name, value in cleaned.items():
            setattr(line, name, value)
        line.version += 1
        line.updated_at = timezone.now()  # bulk_update skips auto_now
        written.append(line)
    bulk_update_with_history(written, FundingLine, ["allocated_wan", "bond_issued_on", "note", "version",
                                                    "updated_at"], batch_size=500,
                             default_user=user if user.pk else None)
    return refused


@transaction.atomic
def funding_months_set(*, user, entries: list[tuple[int, int, int | None, dict]]) -> dict[int, Exception]:
    """Months of existing lines: [(line id, month, version of the month row or None (0: new), {arrived_wan,
    arrived_on, paid_wan, paid_on})], each replacing the month as funding_month_set does. The year's
    支付 may not exceed its 到位: each entry is checked against the line's other months as the entries
    before it left them (what one funding_month_set per entry, in order, would have said)."""
    if not entries:
        return {}
    if not may_report(user):
        raise Forbidden("您无权填报该项目的月报。")
    visible = scope_projects(FundingLine.objects.all(), user, region_field="project__region")
    lines = {x.pk: x for x in visible.select_for_update().filter(pk__in={e[0] for e in entries}).order_by("pk")}
    stored = {(m.line_id, m.month): m for m in FundingMonth.objects.filter(line_id__in=lines)}
    state = {key: (m.arrived_wan, m.paid_wan) for key, m in stored.items()}  # (到位, 支付) by (line, month)
    refused: dict[int, Exception] = {}
    new, changed = [], []
    for index, (line_id, month, version, values) in enumerate(entries):
        line, errors = lines.get(line_id), {}
        if line is None:
            refused[index] = NotFound()
            continue
        if not 1 <= month <= 12:
            refused[index] = ValidationError({"month": ["月份应在 1 到 12 之间。"]})
            continue
        arrived = _money(values.get("arrived_wan"), "arrived_wan", "本月到位", errors, default=Decimal(0))
        paid = _money(values.get("paid_wan"), "paid_wan", "本月支付", errors, default=Decimal(0))
        arrived_day = parse_date(values.get("arrived_on"), field="arrived_on", label="到位日期", errors=errors)
        paid_day = parse_date(values.get("paid_on"), field="paid_on", label="支付日期", errors=errors)
        if not errors:
            others = [v for (pk, m), v in state.items() if pk == line_id and m != month]
            errors = rules.check_month(arrived_before=sum((a for a, _ in others), Decimal(0)),
                                       paid_before=sum((p for _, p in others), Decimal(0)), arrived=arrived,
                                       paid=paid, arrived_on=arrived_day, paid_on=paid_day, year=line.year,
                                       month=month, today=timezone.localdate())
        row = stored.get((line_id, month))
        if errors:
            refused[index] = ValidationError(errors)
            continue
        if version is not None and str(version).strip() != str(row.version if row else 0):
            refused[index] = Conflict()
            continue
        if row is None:
            row = stored[(line_id, month)] = FundingMonth(line_id=line_id, month=month, version=0)
            new.append(row)
        elif row not in changed and row not in new:
            changed.append(row)
        row.version += 1
        row.updated_at = timezone.now()  # bulk_update skips auto_now
        row.arrived_wan, row.arrived_on, row.paid_wan, row.paid_on = arrived, arrived_day, paid, paid_day
        state[(line_id, month)] = (arrived, paid)
    user_or_none = user if user.pk else None
    bulk_create_with_history(new, FundingMonth, batch_size=500, default_user=user_or_none)
    bulk_update_with_history(changed, FundingMonth, ["arrived_wan", "arrived_on", "paid_wan", "paid_on", "version",
                                                     "updated_at"], batch_size=500, default_user=user_or_none)
    return refused

"""The 资金到位 sheet's rows: each names a project's funding line (年度, 资金来源, 专项债发行批次) and, with
月份, that month's 到位 and 支付. A line the project lacks is registered from the ledger workbook; the
monthly workbook records the month of existing lines only (lines are the ledger offices'). Every row is
read first; then new lines, changed lines and months are written by one set-based service call each
(a month of a line this file registers is written after the line)."""

import datetime as dt
from decimal import Decimal

from sanpi.funding import services
from sanpi.funding.models import FundingLine, FundingMonth, Source

from ..cells import CellError, clean_text, parse_date, parse_quantity
from ..planning import display
from .checklists import (
    EMPTY_SHOWN,
    ChecklistResult,
    Projects,
    SheetOutcome,
    SheetRows,
    given,
    refused_all,
    row_error,
    tally,
)

SOURCE_BY_LABEL = {label: code for code, label in Source.choices}
LINE_LABELS = {"allocated_wan": "计划/下达金额（万元）", "bond_issued_on": "专项债发行日期", "note": "说明"}
MONTH_LABELS = {"arrived_wan": "本月到位（万元）", "arrived_on": "到位日期", "paid_wan": "本月支付（万元）",
                "paid_on": "支付日期"}


def _money(value) -> Decimal | None:
    number, factor = parse_quantity(value)
    return None if number is None else number * (factor or 1)


def _whole(low: int, high: int, what: str):
    def parse(value) -> int | None:
        number, _ = parse_quantity(value)
        if number is None:
            return None
        if number != number.to_integral_value() or not low <= number <= high:
            raise CellError(f"应为 {low}—{high} 之间的整数{what}。")
        return int(number)

    return parse


def _source(value) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    if text in SOURCE_BY_LABEL:
        return SOURCE_BY_LABEL[text]
    if text in Source.values:
        return text
    raise CellError(f"“{text}”无效，可选：{'、'.join(Source.labels)}。")


def _shown(value) -> str:
    return f"{value:%Y-%m-%d}" if isinstance(value, dt.date) else display(value)


def _new(value) -> str:
    return EMPTY_SHOWN if value in (None, "") else _shown(value)


class _Row:
    """One data row as planned: its issues, action and preview sample, and what it asks the services
    to write (indexes into the three set-based calls)."""

    def __init__(self, line: int):
        self.line, self.issues, self.action, self.sample = line, [], "unchanged", {}
        self.create = self.update = self.month = None  # index into creates / updates / months
        self.needs: int | None = None  # a later row of a line this file registers: that line's create index
        self.first = 0  # the line's first row in this file


def funding_rows(*, user, rows: SheetRows, projects: Projects, result: ChecklistResult,
                 report_month: dt.date | None, pinned: dict) -> None:
    outcome = SheetOutcome(rows.sheet)
    result.sheets.append(outcome)
    ids = [p.pk for p in projects.by_id.values()]
    lines = {(ln.project_id, ln.year, ln.source, ln.bond_batch): ln for ln in FundingLine.objects.filter(project_id__in=ids)}
    months = {(m.line_id, m.month): m for m in FundingMonth.objects.filter(line__project_id__in=ids)}
    line_rows: dict[tuple, tuple[int, dict]] = {}  # a line's first row and the line values it gave
    month_rows: dict[tuple, int] = {}
    made: dict[tuple, int] = {}  # lines this file registers: key → index into creates
    creates, updates, entries, planned = [], [], [], []
    for line_no, row in rows.data:
        plan = _Row(line_no)
        planned.append(plan)
        issues = plan.issues
        project = projects.find(rows, line_no, row, issues)
        year = rows.read(line_no, row, "year", _whole(2000, 2100, "年度"), issues)
        source = rows.read(line_no, row, "source", _source, issues)
        batch = clean_text(rows.cell(row, "bond_batch"))
        month = rows.read(line_no, row, "month", _whole(1, 12, "月份"), issues)
        values = given({"allocated_wan": rows.read(line_no, row, "allocated_wan", _money, issues),
                        "bond_issued_on": rows.read(line_no, row, "bond_issued_on", parse_date, issues, clearable=True),
                        "note": rows.text(row, "note")}, texts=("note",))
        flows = given({"arrived_wan": rows.read(line_no, row, "arrived_wan", _money, issues),
                       "arrived_on": rows.read(line_no, row, "arrived_on", parse_date, issues, clearable=True),
                       "paid_wan": rows.read(line_no, row, "paid_wan", _money, issues),
                       "paid_on": rows.read(line_no, row, "paid_on", parse_date, issues, clearable=True)})
        if year is None and not any(i.column.endswith("年度") for i in issues):
            issues.append(rows.issue(line_no, "year", "", "请填写年度。"))
        if source is None and not any(i.column.endswith("资金来源") for i in issues):
            issues.append(rows.issue(line_no, "source", "", "请填写资金来源。"))
        if report_month is not None and not issues and (year, month) != (report_month.year, report_month.month):
            issues.append(rows.issue(line_no, "month", month, f"月报表只能填报 {report_month:%Y-%m} 的到位与支付。"))
        if issues or project is None:
            plan.action = "error"
            continue
        key = (project.pk, year, source, batch)
        stored = lines.get(key)
        label = f"{year}年{Source(source).label}{f'（{batch}）' if batch else ''}"
        plan.sample = {"project": project.name, "record": label + (f" {month}月" if month else ""), "changes": []}
        changes = plan.sample["changes"]
        # The line: registered, or changed by its first row; later rows of the same line must agree.
        if key in line_rows:
            first, first_given = line_rows[key]
            for k, v in values.items():
                if k in first_given and first_given[k] != v:
                    issues.append(rows.issue(line_no, k, v, f"与第{first}行同一资金来源的{LINE_LABELS[k]}不一致。"))
            if month is None:
                issues.append(rows.issue(line_no, "month", "", f"与第{first}行是同一资金来源，请合并为一行或填写月份。"))
            if stored is None and key not in made and not issues:  # its first row failed: said there
                issues.append(rows.issue(line_no, "source", label, f"第{first}行的资金来源未能登记。"))
            plan.needs, plan.first = (made.get(key) if stored is None else None), first
        else:
            line_rows[key] = (line_no, values)
            if stored is None and report_month is not None:
                issues.append(rows.issue(line_no, "source", label, "该项目未登记此资金来源；月报表只能填报已登记资金来源的"
                                                                  "到位与支付，新增资金来源请由项目办导入台账工作簿或在项目页登记。"))
            elif stored is None:
                fresh = {k: v for k, v in values.items() if v not in (None, "")}
                plan.create = made[key] = len(creates)
                creates.append({"project_id": project.pk, "year": year, "source": source, "bond_batch": batch,
                                "allocated_wan": fresh.get("allocated_wan"),
                                "bond_issued_on": fresh.get("bond_issued_on"), "note": fresh.get("note", "")})
                plan.action = "created"
                changes += [[LINE_LABELS[k], "", _shown(v)] for k, v in fresh.items()]
            else:
                result.versions[f"line:{stored.pk}"] = stored.version
                changed = {k: v for k, v in values.items() if getattr(stored, k) != v}
                if changed and report_month is not None:
                    issues.append(rows.issue(line_no, next(iter(changed)), next(iter(changed.values())),
                                             "月报表中不能修改资金来源的计划/下达金额、发行日期和说明，请由项目办在台账工作簿中修改。"))
                elif changed:  # queued once the row has no error (below)
                    plan.update = (stored.pk, pinned.get(f"line:{stored.pk}", stored.version), changed)
                    plan.action = "updated"
                    changes += [[LINE_LABELS[k], _shown(getattr(stored, k)), _new(v)] for k, v in changed.items()]
        # The month of the line (of a line registered above: written once the line is).
        target = stored.pk if stored is not None else made.get(key)
        if month is not None and target is not None and not issues:
            if (key, month) in month_rows:
                issues.append(rows.issue(line_no, "month", month, f"与第{month_rows[(key, month)]}行是同一资金来源的同一月份。"))
            else:
                month_rows[(key, month)] = line_no
                old = months.get((stored.pk, month)) if stored is not None else None
                if old is not None:
                    result.versions[f"month:{stored.pk}:{month}"] = old.version
                merged = {k: flows.get(k, getattr(old, k, None)) for k in MONTH_LABELS}
                changed = {k: v for k, v in flows.items() if getattr(old, k, None) != v} if old is not None else \
                    {k: v for k, v in flows.items() if v is not None}
                if changed:
                    version = pinned.get(f"month:{stored.pk}:{month}", old.version) if old is not None else 0
                    plan.month = len(entries)
                    entries.append([stored.pk if stored is not None else None, month, version, merged])
                    plan.action = "created" if old is None and plan.action == "unchanged" else (
                        plan.action if plan.action == "created" else "updated")
                    changes += [[MONTH_LABELS[k], _shown(getattr(old, k, None)), _new(v)] for k, v in changed.items()]
        if issues:
            plan.action, plan.update = "error", None
        elif plan.update is not None:
            updates.append(plan.update)
            plan.update = len(updates) - 1
    _write(user, rows, outcome, result, planned, creates, updates, entries)


def _write(user, rows: SheetRows, outcome: SheetOutcome, result: ChecklistResult, planned: list[_Row],
           creates: list, updates: list, entries: list) -> None:
    """The three set-based writes, in order (lines, then their changes, then months), and each row's tally:
    a refused line or month is its row's error; a month of a line whose registration was refused is not
    written (that row says why). A call refused as a whole (the role may not write) is every writing row's
    error, and nothing is written."""
    writing = [p.line for p in planned if (p.create, p.update, p.month) != (None, None, None)]
    answer = refused_all(rows, outcome, result, writing,
                         lambda: services.funding_lines_create(user=user, lines=creates) if creates else ([], {}))
    if answer is None:
        return _tally_rest(outcome, result, planned)
    made_lines, refused_creates = answer or ([], {})  # {}: no row writes
    for plan in planned:
        if plan.create is not None and plan.create in refused_creates:
            plan.issues += row_error(rows, plan.line, refused_creates[plan.create])
        line_index = plan.create if plan.create is not None else plan.needs
        if plan.month is None or line_index is None:
            continue
        if made_lines[line_index] is None:
            entries[plan.month] = None  # the line was not registered: neither is its month
            if plan.needs is not None:
                plan.issues.append(rows.issue(plan.line, "source", "", f"第{plan.first}行的资金来源未能登记。"))
        else:
            entries[plan.month][0] = made_lines[line_index].pk
    live = [e for e in entries if e is not None]
    refused_updates = refused_all(rows, outcome, result, writing, lambda: services.funding_lines_update(
        user=user, changes=updates))
    if refused_updates is None:
        return _tally_rest(outcome, result, planned)
    refused_months = refused_all(rows, outcome, result, writing, lambda: services.funding_months_set(
        user=user, entries=[tuple(e) for e in live]))
    if refused_months is None:
        return _tally_rest(outcome, result, planned)
    position = {id(e): n for n, e in enumerate(live)}
    for plan in planned:
        if plan.update is not None and plan.update in refused_updates:
            plan.issues += row_error(rows, plan.line, refused_updates[plan.update])
        if plan.month is not None and entries[plan.month] is not None:
            if (error := refused_months.get(position[id(entries[plan.month])])) is not None:
                plan.issues += row_error(rows, plan.line, error)
        tally(outcome, result, plan.line, plan.issues, "error" if plan.issues else plan.action, plan.sample)


def _tally_rest(outcome: SheetOutcome, result: ChecklistResult, planned: list[_Row]) -> None:
    """After a call refused as a whole (refused_all tallied the writing rows): the other rows."""
    for plan in planned:
        if (plan.create, plan.update, plan.month) == (None, None, None):
            tally(outcome, result, plan.line, plan.issues, "error" if plan.issues else plan.action, plan.sample)

"""The 资金到位 sheet's rows: each names a project's funding line (年度, 资金来源, 专项债发行批次) and, with
月份, that month's 到位 and 支付. A line the project lacks is registered from the ledger workbook; the
monthly workbook records the month of existing lines only (lines are the ledger offices')."""

import datetime as dt
from decimal import Decimal

from sanpi.funding import services
from sanpi.funding.models import FundingLine, FundingMonth, Source

from ..cells import CellError, clean_text, parse_date, parse_quantity
from ..planning import display
from .checklists import ChecklistResult, Projects, SheetOutcome, SheetRows, tally, write

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


def funding_rows(*, user, rows: SheetRows, projects: Projects, result: ChecklistResult,
                 report_month: dt.date | None, pinned: dict) -> None:
    outcome = SheetOutcome(rows.sheet)
    result.sheets.append(outcome)
    ids = [p.pk for p in projects.by_id.values()]
    lines = {(ln.project_id, ln.year, ln.source, ln.bond_batch): ln for ln in FundingLine.objects.filter(project_id__in=ids)}
    months = {(m.line_id, m.month): m for m in FundingMonth.objects.filter(line__project_id__in=ids)}
    line_rows: dict[tuple, tuple[int, dict]] = {}  # a line's first row and the line values it gave
    month_rows: dict[tuple, int] = {}
    made: dict[tuple, FundingLine] = {}  # lines registered by an earlier row of this file
    for line_no, row in rows.data:
        issues: list = []
        project = projects.find(rows, line_no, row, issues)
        year = rows.read(line_no, row, "year", _whole(2000, 2100, "年度"), issues)
        source = rows.read(line_no, row, "source", _source, issues)
        batch = clean_text(rows.cell(row, "bond_batch"))
        month = rows.read(line_no, row, "month", _whole(1, 12, "月份"), issues)
        given = {"allocated_wan": rows.read(line_no, row, "allocated_wan", _money, issues),
                 "bond_issued_on": rows.read(line_no, row, "bond_issued_on", parse_date, issues),
                 "note": clean_text(rows.cell(row, "note")) or None}
        given = {k: v for k, v in given.items() if v is not None}
        flows = {"arrived_wan": rows.read(line_no, row, "arrived_wan", _money, issues),
                 "arrived_on": rows.read(line_no, row, "arrived_on", parse_date, issues),
                 "paid_wan": rows.read(line_no, row, "paid_wan", _money, issues),
                 "paid_on": rows.read(line_no, row, "paid_on", parse_date, issues)}
        if year is None and not any(i.column.endswith("年度") for i in issues):
            issues.append(rows.issue(line_no, "year", "", "请填写年度。"))
        if source is None and not any(i.column.endswith("资金来源") for i in issues):
            issues.append(rows.issue(line_no, "source", "", "请填写资金来源。"))
        if report_month is not None and not issues and (year, month) != (report_month.year, report_month.month):
            issues.append(rows.issue(line_no, "month", month, f"月报表只能填报 {report_month:%Y-%m} 的到位与支付。"))
        if issues or project is None:
            tally(outcome, result, line_no, issues, "error", {})
            continue
        key = (project.pk, year, source, batch)
        stored = lines.get(key)
        label = f"{year}年{Source(source).label}{f'（{batch}）' if batch else ''}"
        sample = {"project": project.name, "record": label + (f" {month}月" if month else ""), "changes": []}
        action = "unchanged"
        # The line: registered, or changed by its first row; later rows of the same line must agree.
        if key in line_rows:
            first, first_given = line_rows[key]
            for k, v in given.items():
                if k in first_given and first_given[k] != v:
                    issues.append(rows.issue(line_no, k, v, f"与第{first}行同一资金来源的{LINE_LABELS[k]}不一致。"))
            if month is None:
                issues.append(rows.issue(line_no, "month", "", f"与第{first}行是同一资金来源，请合并为一行或填写月份。"))
            stored = stored or made.get(key)
            if stored is None and not issues:  # its first row failed: said there
                issues.append(rows.issue(line_no, "source", label, f"第{first}行的资金来源未能登记。"))
        else:
            line_rows[key] = (line_no, given)
            if stored is None:
                if report_month is not None:
                    issues.append(rows.issue(line_no, "source", label, "该项目未登记此资金来源；月报表只能填报已登记资金来源的"
                                                                      "到位与支付，新增资金来源请由项目办导入台账工作簿或在项目页登记。"))
                else:
                    values = {"project_id": project.pk, "year": year, "source": source, "bond_batch": batch,
                              "allocated_wan": given.get("allocated_wan"),
                              "bond_issued_on": given.get("bond_issued_on"), "note": given.get("note", "")}
                    stored = write(rows, line_no, issues, {}, lambda values=values: services.funding_line_create(
                        user=user, **values))
                    if stored is not None:
                        made[key] = stored
                        action = "created"
                        sample["changes"] += [[LINE_LABELS[k], "", _shown(v)] for k, v in given.items()]
            else:
                result.versions[f"line:{stored.pk}"] = stored.version
                changes = {k: v for k, v in given.items() if getattr(stored, k) != v}
                if changes and report_month is not None:
                    issues.append(rows.issue(line_no, next(iter(changes)), next(iter(changes.values())),
                                             "月报表中不能修改资金来源的计划/下达金额、发行日期和说明，请由项目办在台账工作簿中修改。"))
                elif changes:
                    version = pinned.get(f"line:{stored.pk}", stored.version)
                    write(rows, line_no, issues, {}, lambda stored=stored, changes=changes, version=version:
                          services.funding_line_update(user=user, line_id=stored.pk, version=version, **changes))
                    action = "updated"
                    sample["changes"] += [[LINE_LABELS[k], _shown(getattr(stored, k)), _shown(v)]
                                          for k, v in changes.items()]
        # The month of the line.
        if month is not None and stored is not None and not issues:
            if (key, month) in month_rows:
                issues.append(rows.issue(line_no, "month", month, f"与第{month_rows[(key, month)]}行是同一资金来源的同一月份。"))
            else:
                month_rows[(key, month)] = line_no
                old = months.get((stored.pk, month))
                if old is not None:
                    result.versions[f"month:{stored.pk}:{month}"] = old.version
                merged = {k: (v if v is not None else getattr(old, k, None)) for k, v in flows.items()}
                changed = {k: v for k, v in merged.items() if v is not None and getattr(old, k, None) != v} \
                    if old is not None else {k: v for k, v in merged.items() if v is not None}
                if changed:
                    version = pinned.get(f"month:{stored.pk}:{month}", old.version if old else 0)
                    write(rows, line_no, issues, {}, lambda stored=stored, month=month, merged=merged, version=version:
                          services.funding_month_set(user=user, line_id=stored.pk, month=month, version=version,
                                                     **merged))
                    action = "created" if old is None and action == "unchanged" else (
                        action if action == "created" else "updated")
                    sample["changes"] += [[MONTH_LABELS[k], _shown(getattr(old, k, None)), _shown(v)]
                                          for k, v in changed.items()]
        tally(outcome, result, line_no, issues, "error" if issues else action, sample)

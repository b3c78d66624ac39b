"""The monthly report workbook: pre-filled for a user's projects, and uploaded back as the month's reports.

Each row is written through progress's `report_save_draft`, so a workbook obeys the same rules as
the report page. The preview runs the same writes inside a transaction that is rolled back.
"""

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery

from sanpi.accounts.access import region_codes_below, scope_projects
from sanpi.core.errors import DomainError
from sanpi.progress.models import MonthlyReport
from sanpi.progress.services.reports import report_save_draft
from sanpi.projects.models import AnnualPlan, Project

from ..cells import CellError, clean_long_text, is_empty, parse_quantity
from ..columns import UNITS, normalise
from ..exports import CHUNK, Col, SheetWriter, _book, _get
from ..exports.checklists import report_checklist_sheets
from ..planning import Issue, display
from ..reader import UnreadableFile, read_rows
from .checklists import checklists_import
from .ledger import ImportResult

REPORTING_STAGES = ("signed", "started", "producing", "capacity", "completed", "suspended")
FIGURES = ("month_completed_wan", "ytd_completed_wan", "since_start_completed_wan")
TEXTS = ("progress_text", "milestones", "problems_text", "next_steps")
LABELS = {"month_completed_wan": "本月完成投资（万元）", "ytd_completed_wan": "自年初累计完成投资（万元）",
          "since_start_completed_wan": "开工以来累计完成投资（万元）", "progress_text": "形象进度",
          "milestones": "本月完成的节点", "problems_text": "存在问题", "next_steps": "下步计划"}
HEADERS = {"项目ID": "project_id", "项目编号": "project_id", "项目代码": "code", "项目名称": "name",
           "本月完成投资": "month_completed_wan", "当月完成投资": "month_completed_wan",
           "自年初累计完成投资": "ytd_completed_wan", "自年初累计": "ytd_completed_wan", "年度累计完成投资": "ytd_completed_wan",
           "开工以来累计完成投资": "since_start_completed_wan", "开工以来累计": "since_start_completed_wan",
           "累计完成投资": "since_start_completed_wan", "形象进度": "progress_text", "本月完成的节点": "milestones",
           "完成节点": "milestones", "存在问题": "problems_text", "下步计划": "next_steps", "下步工作计划": "next_steps"}


class _Undo(Exception):
    pass


def _previous(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


def _month_label(month: dt.date) -> str:
    return f"报告月份：{month:%Y-%m}"


def reports_workbook(*, user, month: dt.date, target, region: str | None = None) -> int:
    """The month's report sheet: the projects that must report that month (progress.selectors.
    projects_due) in the user's scope, with their last filed figures beside blank cells for this month
    (or this month's draft when one exists). The month is named inside the file — in the sheet name
    and in the title cell (“报告月份：2026-11”) — so that an upload for another month is refused.
    Returns the row count."""
    from sanpi.progress.selectors import projects_due

    def report(year, mon, field):
        return Subquery(MonthlyReport.objects.filter(project=OuterRef("pk"), year=year, month=mon, is_current=True)
                        .values(field)[:1])

    before = MonthlyReport.objects.filter(project=OuterRef("pk"), is_current=True).filter(
        Q(year__lt=month.year) | Q(year=month.year, month__lt=month.month)).order_by("-year", "-month")

    def last(field):
        return Subquery(before.values(field)[:1])

    qs = scope_projects(projects_due(year=month.year, month=month.month), user)
    if region:
        qs = qs.filter(region__in=region_codes_below(region))
    plan = AnnualPlan.objects.filter(project=OuterRef("pk"), year=month.year).values("planned_investment_wan")[:1]
    annotations = {"_plan": Subquery(plan), "last_year": last("year"), "last_month": last("month")}
    for field in (*FIGURES, "progress_text"):
        annotations[f"last_{field}"] = last(field)
    for field in (*FIGURES, *TEXTS):
        annotations[f"this_{field}"] = report(month.year, month.month, field)
    rows = qs.annotate(**annotations).order_by("region_id", "id").values(
        "id", "code", "name", "owner__name", "region__name", "total_investment_wan", *annotations)

    def last_month(record):
        return f"{record['last_year']}-{record['last_month']:02d}" if record["last_year"] else ""

    columns = [
        Col("项目ID", lambda r: str(r["id"]), width=8), Col("项目代码", _get("code"), width=26),
        Col("项目名称", _get("name"), width=36), Col("建设单位", _get("owner__name"), width=28),
        Col("所在县区", _get("region__name"), width=14), Col("总投资（万元）", _get("total_investment_wan"), "number"),
        Col(f"{month.year}年计划投资（万元）", _get("_plan"), "number"),
        Col("最近填报月份", last_month, width=12),
        Col("最近一次本月完成投资（万元）", _get("last_month_completed_wan"), "number"),
        Col("最近一次自年初累计（万元）", _get("last_ytd_completed_wan"), "number"),
        Col("最近一次开工以来累计（万元）", _get("last_since_start_completed_wan"), "number"),
        Col("最近一次形象进度", _get("last_progress_text"), "long", 30),
        *[Col(LABELS[f], _get(f"this_{f}"), "number" if f in FIGURES else "long", 16 if f in FIGURES else 30)
          for f in (*FIGURES, *TEXTS)],
    ]
    book = _book(target)
    sheet = SheetWriter(book, f"{month:%Y-%m}月报", f"{_month_label(month)}　{month:%Y年%m月}重点项目月报表（填写本月各列；"
                        "自年初累计、开工以来累计可留空，按上月月报计算；首次填报且此前各月未报的项目须填写）", columns)
    count = 0
    for record in rows.iterator(chunk_size=CHUNK):
        sheet.write(record)
        count += 1
    # The same upload updates item status and the month's 到位/支付 (services/checklists.py reads them).
    report_checklist_sheets(book, projects=qs, month=month)
    book.close()
    return count


MONTH_IN_FILE = re.compile(r"报告月份[:：]\s*(\d{4})-(\d{1,2})|(\d{4})年(\d{1,2})月")


def workbook_month(rows: list, header_index: int) -> dt.date | None:
    """The month a report workbook names above its header (“报告月份：2026-11” or “2026年11月…”), or None."""
    for row in rows[:header_index]:
        for cell in row:
            if isinstance(cell, str) and (found := MONTH_IN_FILE.search(cell)):
                year, mon = (int(g) for g in (found.groups()[:2] if found.group(1) else found.groups()[2:]))
                if 1 <= mon <= 12:
                    return dt.date(year, mon, 1)
    return None


def _columns(header: list) -> dict[str, tuple[int, Decimal, str]]:
    found: dict[str, tuple[int, Decimal, str]] = {}
    for index, raw in enumerate(header):
        text = normalise(raw)
        unit = "万元"
        if "(" in text and text.endswith(")"):
            text, _, inside = text[:-1].partition("(")
            unit = inside if inside in UNITS else unit
        field = HEADERS.get(text)
        if field and field not in found:
            found[field] = (index, UNITS[unit][1] if UNITS[unit][0] == "money" else Decimal(1), str(raw or ""))
    return found


def reports_import(*, user, path: str | Path, month: dt.date, apply: bool = False, valid_only: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Preview or save the month's reports from a report workbook (one row per project)."""
    try:
        rows = read_rows(path)
    except UnreadableFile as exc:
        raise ValidationError({"file": [exc.reason]}) from None
    header_index = next((i for i, row in enumerate(rows[:30])
                         if "month_completed_wan" in _columns(row) and ({"project_id", "code"} & set(_columns(row)))),
                        None)
    if header_index is None:
        raise ValidationError({"file": ["未找到月报表头：需要“项目ID”或“项目代码”列和“本月完成投资（万元）”列。"]})
    named = workbook_month(rows, header_index)
    if named is not None and named != month.replace(day=1):
        raise ValidationError({"file": [
            f"该工作簿是 {named:%Y-%m} 的月报表，与所选月份 {month:%Y-%m} 不一致；"
            f"请选择 {named:%Y-%m} 后重新上传，或下载 {month:%Y-%m} 的月报表填写。"]})
    columns = _columns(rows[header_index])
    result = ImportResult(header=list(rows[header_index]), header_line=header_index + 1)
    result.columns = [{"header": h, "field": LABELS.get(f, f), "unit": ""} for f, (_, _, h) in columns.items()]
    data = [(i + 1, row) for i, row in enumerate(rows) if i > header_index and not all(is_empty(c) for c in row)]
    result.total = len(data)
    scoped = scope_projects(Project.objects.all(), user)
    try:
        with transaction.atomic():
            for start in range(0, len(data), CHUNK):
                chunk = data[start:start + CHUNK]
                _chunk(user, month, chunk, columns, scoped, result)
                if progress:
                    progress(min(start + CHUNK, len(data)), len(data))
            # The workbook's 前期手续 and 资金到位 sheets, in the same transaction (rolled back for a preview).
            result.add_checklists(checklists_import(user=user, path=path, apply=True, report_month=month))
            if not apply or (result.errors and not valid_only):
                raise _Undo()
    except _Undo:
        result.rejected = apply
        return result
    result.applied = True
    return result


def _chunk(user, month: dt.date, chunk: list, columns: dict, scoped, result: ImportResult) -> None:
    def cell(row, field):
        index = columns[field][0] if field in columns else None
        return row[index] if index is not None and index < len(row) else None

    ids = {i for _, r in chunk if (i := _id(cell(r, "project_id"))) is not None}
    codes = {str(v).strip() for _, r in chunk if (v := cell(r, "code"))}
    projects = {p.pk: p for p in scoped.filter(pk__in=ids).select_related("region", "owner")}
    by_code = {p.code: p for p in scoped.filter(code__in=codes).select_related("region", "owner")} if codes else {}
    found = [p.pk for p in [*projects.values(), *by_code.values()]]
    current = {r.project_id: r for r in MonthlyReport.objects.filter(
        project_id__in=found, year=month.year, month=month.month, is_current=True)}
    # The earliest later month already reported, per project: a report filed before it is out of order.
    later: dict[int, tuple[int, int]] = {}
    for pid, y, m in (MonthlyReport.objects.filter(project_id__in=found, is_current=True)
                      .filter(Q(year__gt=month.year) | Q(year=month.year, month__gt=month.month))
                      .order_by("project_id", "-year", "-month").values_list("project_id", "year", "month")):
        later[pid] = (y, m)
    for line, row in chunk:
        issues: list[Issue] = []
        raw_id = cell(row, "project_id")
        project = projects.get(_id(raw_id))
        project = project or by_code.get(str(cell(row, "code") or "").strip())
        values: dict = {}
        for field in FIGURES:
            raw = cell(row, field)
            try:
                number, factor = parse_quantity(raw)
            except CellError as exc:
                issues.append(Issue(line, columns[field][2], display(raw), f"{LABELS[field]}{exc.reason}"))
                continue
            values[field] = None if number is None else number * (factor or columns[field][1])
        for field in TEXTS:
            values[field] = clean_long_text(cell(row, field)) if field in columns else None
        if project is None:
            issues.append(Issue(line, "项目ID", display(raw_id), "项目不存在，或不在您的管辖范围内。"))
        old = current.get(project.pk) if project else None
        if not issues and values["month_completed_wan"] is None and old is None:
            result.unchanged += 1  # a row left blank: nothing reported this month
            continue
        if not issues and old is not None and _unchanged(old, values):
            result.unchanged += 1
            continue
        if not issues:
            texts = {f: (values[f] if values[f] is not None else getattr(old, f, "")) for f in TEXTS}
            try:
                with transaction.atomic():
                    saved = report_save_draft(user=user, project_id=project.pk, year=month.year, month=month.month,
                                              **{f: values[f] for f in FIGURES}, **texts)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    header = columns.get(field, (0, 0, LABELS.get(field, field)))[2]
                    issues.append(Issue(line, header, display(values.get(field)), "；".join(messages)))
            except DomainError as exc:
                issues.append(Issue(line, "项目ID", display(raw_id), exc.message))
        if issues:
            result.errors += 1
            result.issues.extend(issues)
            result.error_rows.append((line, row, "；".join(f"{i.column}：{i.reason}" for i in issues)))
        elif old is None:
            result.created += 1
            if len(result.created_rows) < 300:
                result.created_rows.append(_stored_row(line, project, saved, later=later.get(project.pk)))
        else:
            result.updated += 1
            if len(result.updated_rows) < 300:
                changes = [[LABELS[f], display(getattr(old, f)), display(values[f])] for f in (*FIGURES, *TEXTS)
                           if values[f] is not None and not _equal(getattr(old, f), values[f])]
                result.updated_rows.append({"line": line, "name": project.name, "id": project.pk, "changes": changes})


def _stored_row(line: int, project, report: MonthlyReport, *, later: tuple[int, int] | None = None) -> dict:
    """What the preview shows for a new report: the project's 建设地点, 建设单位 and 总投资, every figure
    as it will be stored (the cumulative ones as computed), 形象进度 and warnings to check before
    applying (开工以来累计 above 总投资, the pace flag, a month filed after a later one)."""
    warnings = []
    total = project.total_investment_wan
    if total is not None and report.since_start_completed_wan > total:
        warnings.append(f"开工以来累计 {display(report.since_start_completed_wan)} 万元超过总投资 {display(total)} 万元")
    if report.pace_flag:
        warnings.append(report.pace_reason)
    if later is not None:
        warnings.append(f"{later[0]}年{later[1]}月已有月报，本月补报在其之后（月份顺序倒置），请核对此后各月的累计数")
    return {"line": line, "name": project.name, "id": project.pk, "report": True,
            "region": project.region.name if project.region_id else "",
            "owner": project.owner.name if project.owner_id else "",
            "total_investment_wan": display(total) if total is not None else "",
            "month_completed_wan": display(report.month_completed_wan),
            "ytd_completed_wan": display(report.ytd_completed_wan),
            "since_start_completed_wan": display(report.since_start_completed_wan),
            "progress_text": report.progress_text, "warnings": warnings}


def _id(value) -> int | None:
    """A project id cell: a number (2 or 2.0) or its text ("2")."""
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _equal(old, new) -> bool:
    if isinstance(new, Decimal):
        return old is not None and Decimal(old) == new
    return (old or "").strip() == (new or "").strip()


def _unchanged(old: MonthlyReport, values: dict) -> bool:
    return all(values[f] is None or _equal(getattr(old, f), values[f]) for f in (*FIGURES, *TEXTS))

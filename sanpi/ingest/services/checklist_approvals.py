"""The 前期手续 sheet's rows: each names a project and an item (手续名称 or its code); the other cells
are the item's values. An item the project lacks is added when its catalogue has it (ledger workbook
only; the monthly workbook updates existing items). New and changed items are written by one set-based
service call each (approval_items_add, approval_items_update) after every row is read."""

import datetime as dt
import unicodedata

from django.utils import timezone

from sanpi.approvals import services
from sanpi.approvals.models import ApprovalItem, ApprovalKind
from sanpi.approvals.selectors import catalogue_for

from ..cells import parse_bool, parse_date
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

STATUS_BY_LABEL = {label: code for code, label in ApprovalItem.Status.choices}
LABELS = {"required": "是否需要办理", "status": "办理状态", "responsible_unit": "责任单位", "planned_on": "计划办结日期",
          "done_on": "实际办结日期", "document_number": "批复文号", "note": "说明"}
TEXTS = ("responsible_unit", "document_number", "note")


def _name(value) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value or "")).split())


def _status(value):
    from ..cells import CellError

    text = _name(value)
    if not text:
        return None
    if text in STATUS_BY_LABEL:
        return STATUS_BY_LABEL[text]
    if text in ApprovalItem.Status.values:
        return text
    raise CellError(f"“{text}”无效，可选：{'、'.join(ApprovalItem.Status.labels)}。")


def _new(name: str, value) -> str:
    """A new value as the preview shows it: an erased one as （空）."""
    return EMPTY_SHOWN if value in (None, "") else _shown(name, value)


def _shown(name: str, value) -> str:
    if name == "status":
        return dict(ApprovalItem.Status.choices).get(value, value or "")
    if name == "required":
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return value or ""


def approval_rows(*, user, rows: SheetRows, projects: Projects, result: ChecklistResult,
                  report_month: dt.date | None, pinned: dict) -> None:
    outcome = SheetOutcome(rows.sheet)
    result.sheets.append(outcome)
    project_ids = [p.pk for p in projects.by_id.values()]
    items: dict[tuple[int, str], ApprovalItem] = {}
    for item in ApprovalItem.objects.filter(project_id__in=project_ids).select_related("kind"):
        items[(item.project_id, _name(item.kind.name))] = item
        items[(item.project_id, item.kind.code.upper())] = item
    kinds = {k.pk: k for k in ApprovalKind.objects.all()}
    catalogues: dict[tuple, dict[str, int]] = {}
    year = (report_month or timezone.localdate()).year
    seen: dict[tuple, int] = {}
    pending: list[tuple] = []  # updates of existing items, written together at the end (set-based)
    adds: list[tuple] = []  # new items, likewise
    for line, row in rows.data:
        issues: list = []
        project = projects.find(rows, line, row, issues)
        raw_kind = rows.cell(row, "kind")
        key = _name(raw_kind)
        values = {"required": rows.read(line, row, "required", parse_bool, issues),
                  "status": rows.read(line, row, "status", _status, issues),
                  "planned_on": rows.read(line, row, "planned_on", parse_date, issues, clearable=True),
                  "done_on": rows.read(line, row, "done_on", parse_date, issues, clearable=True),
                  **{t: rows.text(row, t) for t in TEXTS if t in rows.columns}}
        values = given(values, texts=TEXTS)  # blank: kept; 清空: erased
        item, kind_id = None, None
        if not key:
            issues.append(rows.issue(line, "kind", raw_kind, "请填写手续名称。"))
        elif project is not None:
            item = items.get((project.pk, key)) or items.get((project.pk, key.upper()))
            if item is None:
                scope = (project.region.path, project.management_category)
                if scope not in catalogues:
                    picked = catalogue_for(region_path=project.region.path, year=year,
                                           category=project.management_category)
                    catalogues[scope] = {}
                    for k in picked:
                        catalogues[scope][_name(kinds[k.id].name)] = k.id
                        catalogues[scope][kinds[k.id].code.upper()] = k.id
                kind_id = catalogues[scope].get(key) or catalogues[scope].get(key.upper())
                if kind_id is None:
                    issues.append(rows.issue(line, "kind", raw_kind, f"“{raw_kind}”不在该项目适用的前期手续目录中。"))
                elif report_month is not None:
                    issues.append(rows.issue(line, "kind", raw_kind, "该项目的前期手续清单中没有此项；月报表只能更新已有事项，"
                                                                     "新增事项请由项目办导入台账工作簿或在项目页生成清单。"))
            identity = (project.pk, item.kind_id if item else kind_id)
            if identity[1] is not None:
                if identity in seen:
                    issues.append(rows.issue(line, "kind", raw_kind, f"与第{seen[identity]}行是同一事项，请合并为一行。"))
                else:
                    seen[identity] = line
        if issues:
            tally(outcome, result, line, issues, "error", {})
            continue
        if item is not None:
            result.versions[f"item:{item.pk}"] = item.version
            changes = {k: v for k, v in values.items() if getattr(item, k) != v}
            if not changes:
                tally(outcome, result, line, issues, "unchanged", {})
                continue
            sample = {"project": project.name, "record": item.kind.name,
                      "changes": [[LABELS[k], _shown(k, getattr(item, k)), _new(k, v)] for k, v in changes.items()]}
            pending.append((line, item.pk, pinned.get(f"item:{item.pk}", item.version), changes, sample))
        else:
            values = {k: v for k, v in values.items() if v not in (None, "")}  # nothing to erase yet
            sample = {"project": project.name, "record": kinds[kind_id].name,
                      "changes": [[LABELS[k], "", _shown(k, v)] for k, v in values.items()]}
            adds.append((line, project.pk, kind_id, values, sample))
    _add_all(user, rows, outcome, result, adds, year)
    _update_all(user, rows, outcome, result, pending)


def _add_all(user, rows: SheetRows, outcome: SheetOutcome, result: ChecklistResult, adds: list, year: int) -> None:
    """The rows' new items in one set-based service call; a refused item is its row's error."""
    refused = refused_all(rows, outcome, result, [a[0] for a in adds], lambda: services.approval_items_add(
        user=user, adds=[(project_id, kind_id, values) for _, project_id, kind_id, values, _ in adds], year=year)[1])
    if refused is None:
        return
    for index, (line, *_, sample) in enumerate(adds):
        issues = row_error(rows, line, refused[index]) if index in refused else []
        tally(outcome, result, line, issues, "created", sample)


def _update_all(user, rows: SheetRows, outcome: SheetOutcome, result: ChecklistResult, pending: list) -> None:
    """The rows' changes of existing items in one set-based service call; a refused item is its row's error."""
    refused = refused_all(rows, outcome, result, [p[0] for p in pending], lambda: services.approval_items_update(
        user=user, changes=[(pk, version, changes) for _, pk, version, changes, _ in pending]))
    if refused is None:
        return
    for line, pk, _, _, sample in pending:
        issues = row_error(rows, line, refused[pk]) if pk in refused else []
        tally(outcome, result, line, issues, "updated", sample)

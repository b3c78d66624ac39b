"""Importing the 前期手续 and 资金到位 sheets of a ledger or monthly report workbook.

Same rules as the ledger's rows: a row changes only the record its identifying cells name (项目 by
系统编号 else 项目代码, plus 手续名称, or 年度 + 资金来源 + 专项债发行批次 + 月份), blank cells keep the
stored value, a cell saying 清空 (cells.CLEAR_MARKS) erases an optional one (a date, a text), and every
error names the sheet, row, column and why. Writes go through the approvals and funding services'
set-based calls (access, validation, history and the version check as the pages have them; a refused
record is its row's error), so an all-or-nothing import with any error writes nothing and a valid-rows
import writes exactly the valid rows. The preview runs the same writes inside a transaction it rolls
back: what it shows (支付 beyond 到位, dates out of bounds) is what applying would say.

Set-based throughout: each sheet costs a fixed number of queries for its projects, items, lines and
months and for the writes, however many rows it has.
"""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from sanpi.accounts.access import scope_projects
from sanpi.core.errors import Conflict, DomainError
from sanpi.projects.models import Project

from .. import guard
from ..cells import CellError, clean_code, clean_text, is_clear, is_empty
from ..checklist_columns import (
    APPROVAL_HEADERS,
    APPROVAL_KEYS,
    APPROVAL_SHEET,
    FUNDING_HEADERS,
    FUNDING_KEYS,
    FUNDING_SHEET,
    header_of,
    read_checklist_sheets,
)
from ..planning import Issue, display

SAMPLE = 300
CHANGED_SINCE_PREVIEW = "预览后此记录已被他人修改，请重新预览后再导入。"
NEW_PROJECT_HINT = "（本文件中新登记的项目，请先导入台账，再导入其前期手续与资金）"


CLEARED = object()  # a cell asking to erase the stored value (read with clearable=True)
EMPTY_SHOWN = "（空）"  # how the preview shows an erased value


class _Undo(Exception):
    pass


@dataclass
class SheetOutcome:
    sheet: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0
    rows: list = field(default_factory=list)  # preview sample: line, project, record, action, changes

    def to_json(self) -> dict:
        return {"sheet": self.sheet, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "errors": self.errors, "rows": self.rows[:SAMPLE]}


@dataclass
class ChecklistResult:
    sheets: list = field(default_factory=list)  # SheetOutcome
    issues: list = field(default_factory=list)  # Issue
    versions: dict = field(default_factory=dict)  # "item:<id>" / "line:<id>" / "month:<line>:<m>" → version


class SheetRows:
    """One sheet's data rows with its header: cells by field, issues named by sheet and header."""

    def __init__(self, sheet: str, rows: list[list], headers: dict[str, str], keys: dict[str, str],
                 must: set[str]):
        self.sheet, self.headers = sheet, headers
        found = header_of(rows, keys, must)
        if found is None:
            wanted = "、".join(f"“{headers[f]}”" for f in sorted(must))
            raise ValidationError({"file": [f"工作表“{sheet}”未找到表头：需要{wanted}列。"]})
        index, self.columns = found
        self.header_line = index + 1
        self.data = [(i + 1, row) for i, row in enumerate(rows) if i > index and not all(is_empty(c) for c in row)]

    def cell(self, row: list, name: str):
        index = self.columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    def issue(self, line: int, name: str, value, reason: str) -> Issue:
        return Issue(line, f"{self.sheet}：{self.headers.get(name, name)}", display(value), reason)

    def read(self, line: int, row: list, name: str, parse, issues: list, *, clearable: bool = False):
        """`parse(cell)`; a CellError becomes an issue naming the column, and None. A 清空 cell gives
        CLEARED when the column may be erased, else an issue."""
        raw = self.cell(row, name)
        if is_clear(raw):
            if clearable:
                return CLEARED
            issues.append(self.issue(line, name, raw, f"{self.headers[name]}不能清空；要改为其他值请直接填写新值。"))
            return None
        try:
            return parse(raw)
        except CellError as exc:
            issues.append(self.issue(line, name, raw, f"{self.headers[name]}{exc.reason}"))
            return None


    def text(self, row: list, name: str):
        """A text cell: None when blank (keep), CLEARED for 清空, else the cleaned text."""
        raw = self.cell(row, name)
        return CLEARED if is_clear(raw) else (clean_text(raw) or None)


def given(values: dict, *, texts=()) -> dict:
    """The cells a row gives: blanks left out (they keep the stored value), CLEARED made the erased
    value ("" for the `texts` fields, None for the others)."""
    return {k: (("" if k in texts else None) if v is CLEARED else v) for k, v in values.items() if v is not None}


def refused_all(rows: SheetRows, outcome: SheetOutcome, result: ChecklistResult, lines: list[int], action) -> dict:
    """Run a set-based service call `action()` (a savepoint); its refusals are returned. When the call
    itself is refused (the role may not write at all), every row of `lines` says why, and None."""
    issues: list = []
    answer = write(rows, lines[0], issues, {}, action) if lines else {}
    if issues:
        for line in lines:
            tally(outcome, result, line, [Issue(line, i.column, i.value, i.reason) for i in issues], "error", {})
        return None
    return answer or {}


def project_id_cell(value) -> int | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


class Projects:
    """The sheets' projects in the importer's scope, read at once: by 系统编号 and by 项目代码."""

    def __init__(self, user, sheets: list[SheetRows]):
        ids, codes = set(), set()
        for rows in sheets:
            for _, row in rows.data:
                if (pid := project_id_cell(rows.cell(row, "id"))) is not None:
                    ids.add(pid)
                elif code := clean_code(rows.cell(row, "code")):
                    codes.add(code)
        scoped = scope_projects(Project.objects.select_related("region", "owner"), user)
        found = {p.pk: p for p in scoped.filter(pk__in=ids)} if ids else {}
        if codes:
            found.update({p.pk: p for p in scoped.filter(code__in=codes)})
        self.by_id = found
        self.by_code = {p.code: p for p in found.values() if p.code}

    def find(self, rows: SheetRows, line: int, row: list, issues: list) -> Project | None:
        raw_id = rows.cell(row, "id")
        if (pid := project_id_cell(raw_id)) is not None:
            project = self.by_id.get(pid)
            if project is None:
                issues.append(rows.issue(line, "id", raw_id, f"系统编号 {pid} 的项目不存在，或不在您的管辖范围内"
                                                             f"{NEW_PROJECT_HINT}。"))
            return project
        code = clean_code(rows.cell(row, "code"))
        if not code:
            issues.append(rows.issue(line, "code", "", "请填写系统编号或项目代码，以认定是哪个项目。"))
            return None
        project = self.by_code.get(code)
        if project is None:
            issues.append(rows.issue(line, "code", code, f"项目代码 {code} 的项目不存在，或不在您的管辖范围内"
                                                         f"{NEW_PROJECT_HINT}。"))
        return project


def write(rows: SheetRows, line: int, issues: list, fields_of: dict, action) -> object | None:
    """Run `action()` (service calls) in a savepoint; its refusals become issues on this row."""
    try:
        with transaction.atomic():
            return action()
    except (ValidationError, DomainError) as exc:
        issues.extend(row_error(rows, line, exc, fields_of))
    return None


def row_error(rows: SheetRows, line: int, exc: Exception, fields_of: dict | None = None) -> list:
    """A service's refusal (raised, or returned by a set-based call) as the row's issues."""
    if isinstance(exc, ValidationError):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        issues = []
        for name, texts in messages.items():
            column = (fields_of or {}).get(name, name)
            issues.append(Issue(line, f"{rows.sheet}：{rows.headers.get(column, column) or '—'}", "", "；".join(texts)))
        return issues
    if isinstance(exc, Conflict):
        return [Issue(line, rows.sheet, "", CHANGED_SINCE_PREVIEW)]
    if isinstance(exc, DomainError):
        return [Issue(line, rows.sheet, "", exc.message)]
    raise exc


def tally(outcome: SheetOutcome, result: ChecklistResult, line: int, issues: list, action: str, sample: dict) -> None:
    if issues:
        outcome.errors += 1
        result.issues.extend(issues)
        return
    setattr(outcome, action, getattr(outcome, action) + 1)
    if action != "unchanged" and len(outcome.rows) < SAMPLE:
        outcome.rows.append({"line": line, "action": action, **sample})


def checklists_import(*, user, path: str | Path, apply: bool, report_month: dt.date | None = None,
                      pinned: dict | None = None) -> ChecklistResult:
    """Preview (apply=False: writes rolled back) or apply the workbook's 前期手续 and 资金到位 sheets.
    `report_month`: a monthly report workbook (items and 到位/支付 of that month only; no new items or
    lines, which are the ledger offices'). `pinned`: a preview's versions; a record changed since is a
    row error. Raises ValidationError({"file": ...}) for an unreadable sheet."""
    from .checklist_approvals import approval_rows
    from .checklist_funding import funding_rows

    try:
        found = read_checklist_sheets(path)
    except guard.WorkbookRefused as exc:
        raise ValidationError({"file": [exc.reason]}) from None
    result = ChecklistResult()
    if not found:
        return result
    sheets = []
    if APPROVAL_SHEET in found:
        sheets.append(SheetRows(APPROVAL_SHEET, found[APPROVAL_SHEET], APPROVAL_HEADERS, APPROVAL_KEYS, {"kind"}))
    if FUNDING_SHEET in found:
        sheets.append(SheetRows(FUNDING_SHEET, found[FUNDING_SHEET], FUNDING_HEADERS, FUNDING_KEYS,
                                {"year", "source"}))
    projects = Projects(user, sheets)

    def run() -> None:
        for rows in sheets:
            handler = approval_rows if rows.sheet == APPROVAL_SHEET else funding_rows
            handler(user=user, rows=rows, projects=projects, result=result, report_month=report_month,
                    pinned=pinned or {})
        # each sheet's issues in row order (a sheet's set-based writes report after its other rows)
        order = {rows.sheet: n for n, rows in enumerate(sheets)}
        result.issues.sort(key=lambda i: (order.get(i.column.split("：")[0], len(order)), i.line))

    if apply:
        run()
        return result
    try:
        with transaction.atomic():
            run()
            raise _Undo()
    except _Undo:
        pass
    return result


def checklists_only_import(*, user, path, apply: bool, valid_only: bool, pinned: dict | None):
    """A workbook holding only 前期手续 / 资金到位 sheets, with ledger_import's result and rules."""
    from .ledger import ImportResult, _Rejected

    result = ImportResult()
    if not apply:
        result.add_checklists(checklists_import(user=user, path=path, apply=False, pinned=pinned))
        return result
    try:
        with transaction.atomic():
            result.add_checklists(checklists_import(user=user, path=path, apply=True, pinned=pinned))
            if result.errors and not valid_only:
                raise _Rejected()
    except _Rejected:
        result.rejected = True
        return result
    result.applied = True
    return result

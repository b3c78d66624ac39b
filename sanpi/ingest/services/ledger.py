"""Importing a 项目台账 workbook: preview, then apply all-or-nothing or the valid rows only.

Small files go row by row through the ledger's services (project_create, project_update,
stage_advance, annual_plan_set); large ones through bulk writes in batches that record the same
history (simple_history's bulk utilities). Both validate each row with project_clean first.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from sanpi.accounts.access import can_edit_ledger, check_region_writable
from sanpi.accounts.models import Organisation
from sanpi.core.errors import Forbidden
from sanpi.projects import lifecycle
from sanpi.projects.bulk import Table, history_baseline, insert_new
from sanpi.projects.models import AnnualPlan, Project, StageEvent
from sanpi.projects.services import (
    annual_plan_set,
    organisation_create,
    project_create,
    project_update,
    stage_advance,
)

from ..columns import READ_ONLY, find_header
from ..planning import CHANGED_SINCE_PREVIEW, LABELS, Issue, LedgerPlanner, RowPlan, display
from ..reader import UnreadableFile, read_rows

CHUNK = 1000
BULK_THRESHOLD = 500  # more data rows than this: bulk writes
SAMPLE = 300  # created / updated rows kept for the preview page
ERROR_SAMPLE = 2000


class _Rejected(Exception):
    """Raised inside the transaction to undo every write of an all-or-nothing import with errors."""


@dataclass
class ImportResult:
    header: list = field(default_factory=list)  # the sheet's header cells
    header_line: int = 0
    columns: list = field(default_factory=list)  # [{"header", "field", "unit"}]
    ignored: list = field(default_factory=list)  # headers not recognised
    read_only: list = field(default_factory=list)  # recognised, written by exports for reading, never imported
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0
    new_orgs: list = field(default_factory=list)
    created_rows: list = field(default_factory=list)
    updated_rows: list = field(default_factory=list)
    issues: list = field(default_factory=list)  # Issue
    error_rows: list = field(default_factory=list)  # (line, cells, reason)
    applied: bool = False
    rejected: bool = False
    # project id -> version, of every project the rows identified: an apply after this preview writes
    # only where the version is still this one.
    versions: dict = field(default_factory=dict)
    rows: list | None = None  # every row's outcome, when asked for (`sanpi import --format json`)
    # The 前期手续 / 资金到位 sheets (services/checklists.py): per sheet counts and a sample of changes,
    # and the versions of the records they identified (pins for the apply, like `versions`).
    checklists: list = field(default_factory=list)
    checklist_versions: dict = field(default_factory=dict)

    def add_checklists(self, checks) -> None:
        """Count the sheets' rows in the totals (an import is rejected for an error in any sheet)."""
        self.checklists = [s.to_json() for s in checks.sheets]
        self.checklist_versions = dict(checks.versions)
        for sheet in checks.sheets:
            self.created += sheet.created
            self.updated += sheet.updated
            self.unchanged += sheet.unchanged
            self.errors += sheet.errors
            self.total += sheet.created + sheet.updated + sheet.unchanged + sheet.errors
        self.issues.extend(checks.issues)

    def to_json(self) -> dict:
        return {
            "header_line": self.header_line, "columns": self.columns, "ignored": self.ignored,
            "read_only": self.read_only,
            "total": self.total, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "errors": self.errors, "new_orgs": self.new_orgs[:SAMPLE],
            "created_rows": self.created_rows, "updated_rows": self.updated_rows,
            "issues": [vars(i) for i in self.issues[:ERROR_SAMPLE]], "issue_count": len(self.issues),
            "applied": self.applied, "rejected": self.rejected,
            "versions": {str(k): v for k, v in self.versions.items()},
            "checklists": self.checklists, "checklist_versions": self.checklist_versions,
        }


def ledger_import(*, user, path: str | Path, apply: bool = False, valid_only: bool = False,
                  progress: Callable[[int, int], None] | None = None, bulk: bool | None = None,
                  source: str = "", pinned: dict | None = None, keep_rows: bool = False,
                  checklist_pinned: dict | None = None) -> ImportResult:
    """Preview (apply=False) or apply a ledger workbook as `user`.

    Applying is one transaction: without `valid_only`, any row with an error means nothing is
    written (result.rejected); with it, the valid rows are written and the others come back in
    result.error_rows. Raises ValidationError({"file": [...]}) when the file has no ledger header.

    `pinned` is a preview's `result.versions`: a project changed since that preview is a row error
    ("预览后此项目已被修改"), never overwritten. Without it the versions read while planning are the
    pins. Either way a write happens only where the version is still the pinned one (rows locked,
    compared, then written), so two imports applied at once cannot both update a project.

    The workbook's 前期手续 and 资金到位 sheets, when present, are imported in the same transaction
    (services/checklists.py; `checklist_pinned` is a preview's `checklist_versions`); a workbook may hold
    only those sheets.
    """
    from ..checklist_columns import read_checklist_sheets
    from .checklists import checklists_import, checklists_only_import
    if not can_edit_ledger(user):
        raise Forbidden("只有园区/县区、市、省项目办可以导入项目台账。")
    try:
        rows = read_rows(path)
    except UnreadableFile as exc:
        raise ValidationError({"file": [exc.reason]}) from None
    found = find_header(rows)
    if found is None and read_checklist_sheets(path):  # a workbook of only 前期手续 / 资金到位 sheets
        return checklists_only_import(user=user, path=path, apply=apply, valid_only=valid_only,
                                      pinned=checklist_pinned)
    if found is None:
        raise ValidationError({"file": ["未找到表头：前30行中没有一行同时含“项目名称”和至少另外两个可识别的列"
                                         "（如项目代码、总投资、建设单位、建设地点）。"]})
    header_index, columns = found
    result = ImportResult(header=list(rows[header_index]), header_line=header_index + 1)
    result.columns = [{"header": c.header, "field": LABELS.get(c.field, c.field), "unit": c.unit or ""}
                      for c in columns if c.field and c.field != "-"]
    result.ignored = [c.header for c in columns if c.field is None]
    # Said, not silently dropped: stage dates change only through stage events, 序号/版本 are the sheet's.
    result.read_only = [c.header for c in columns if c.field == "-"]
    data = [(i + 1, row) for i, row in enumerate(rows) if i > header_index]
    del rows
    result.total = len(data)
    result.rows = [] if keep_rows else None
    planner = LedgerPlanner(user=user, columns=columns, pinned=pinned)
    bulk = len(data) > BULK_THRESHOLD if bulk is None else bulk
    writer = (_BulkWriter if bulk else _ServiceWriter)(user=user, planner=planner, source=source)

    def run() -> None:
        # First, so that a project new in this file is unknown to them in the preview and the apply alike.
        result.add_checklists(checklists_import(user=user, path=path, apply=apply, pinned=checklist_pinned))
        for start in range(0, len(data), CHUNK):
            plans = planner.plan(data[start:start + CHUNK])
            if apply:
                writer.write([p for p in plans if p.action in ("create", "update")])
            _tally(result, plans)
            if progress:
                progress(min(start + CHUNK, len(data)), len(data))
        result.new_orgs = [name for name, _, _ in planner.pending_orgs.values()]
        if apply and result.errors and not valid_only:
            raise _Rejected()

    if not apply:
        run()
        return result
    try:
        with transaction.atomic():
            run()
    except _Rejected:
        result.rejected = True
        return result
    result.applied = True
    return result


def _tally(result: ImportResult, plans: list[RowPlan]) -> None:
    for plan in plans:
        if plan.project is not None and plan.version is not None:
            result.versions[plan.project.pk] = plan.version
        if result.rows is not None:
            result.rows.append(_row_json(plan))
        if plan.action == "create":
            result.created += 1
            if len(result.created_rows) < SAMPLE:
                total = plan.clean.get("total_investment_wan")
                owner = plan.fields.get("owner") or plan.new_orgs.get("owner", ("",))[0]
                result.created_rows.append({"line": plan.line, "name": plan.clean.get("name", plan.name),
                                            "region": str(plan.region or ""), "owner": str(owner or ""),
                                            "total_investment_wan": display(total)})
        elif plan.action == "update":
            result.updated += 1
            if len(result.updated_rows) < SAMPLE:
                result.updated_rows.append({"line": plan.line, "name": plan.project.name, "id": plan.project.pk,
                                            "changes": [list(c) for c in plan.changes]})
        elif plan.action == "unchanged":
            result.unchanged += 1
        elif plan.action == "error":
            result.errors += 1
            result.issues.extend(plan.issues)
            reason = "；".join(f"{i.reason}" if i.reason.startswith(i.column) else f"{i.column}：{i.reason}"
                              for i in plan.issues)
            result.error_rows.append((plan.line, plan.cells, reason))


def _row_json(plan: RowPlan) -> dict:
    row = {"line": plan.line, "action": plan.action, "id": plan.project.pk if plan.project else None,
           "name": plan.project.name if plan.project else plan.clean.get("name", plan.name)}
    if plan.action == "update":
        row["changes"] = [{"field": label, "old": old, "new": new} for label, old, new in plan.changes]
    if plan.action == "error":
        row["errors"] = [{"column": i.column, "value": i.value, "reason": i.reason} for i in plan.issues]
    return row


def _claim(plans: list[RowPlan]) -> list[RowPlan]:
    """Lock the rows' projects (in id order, so two imports can't deadlock on one chunk) and keep the
    plans whose project is still at the version they were planned against; the others become row
    errors. Locks hold until the import's transaction ends, so nothing changes between this check
    and the writes. (SQLite has no row locks: it lets one writer at a time in, which serves the same.)"""
    matched = [p for p in plans if p.project is not None]
    if not matched:
        return plans
    current = dict(Project.objects.select_for_update().filter(pk__in=[p.project.pk for p in matched])
                   .order_by("pk").values_list("pk", "version"))
    kept = []
    for plan in plans:
        if plan.project is not None and current.get(plan.project.pk) != plan.version:
            plan.action = "error"
            plan.issues.append(Issue(plan.line, "项目名称", plan.project.name, CHANGED_SINCE_PREVIEW))
            continue
        kept.append(plan)
    return kept


@dataclass(frozen=True)
class _Created:
    """A project the bulk writer has just inserted, as the rest of the import refers to it (its id
    and name); building a model instance per new row cost more than inserting it."""

    pk: int
    name: str


class _ServiceWriter:
    """Row by row through the ledger's services (access, validation and history exactly as the pages)."""

    def __init__(self, *, user, planner: LedgerPlanner, source: str):
        self.user, self.planner, self.source = user, planner, source

    def _orgs(self, plan: RowPlan) -> None:
        for org_field, (name, uscc, kind) in plan.new_orgs.items():
            org = (self.planner.orgs_by_uscc.get(uscc) if uscc else None) or self.planner.orgs_by_name.get(name)
            if org is None:
                org = organisation_create(name=name, uscc=uscc, kind=kind, region=plan.region)
                self.planner.orgs_by_name[name] = org
                if uscc:
                    self.planner.orgs_by_uscc[uscc] = org
            plan.fields[org_field] = org

    def write(self, plans: list[RowPlan]) -> None:
        for plan in _claim(plans):
            self._orgs(plan)
            if plan.project is None:
                # the identity rule (planning) already decided this row is a new project
                project = project_create(user=self.user, fields=plan.fields, confirm_duplicate=True)
            elif plan.fields:
                project = project_update(user=self.user, project_id=plan.project.pk, version=plan.version,
                                         fields=plan.fields)
            else:  # only its plans or stage change: the version still moves, so a later pin sees the write
                Project.objects.filter(pk=plan.project.pk).update(version=F("version") + 1)
                project = plan.project
            if plan.stage:
                stage_advance(user=self.user, project_id=project.pk, stage=plan.stage[0], occurred_on=plan.stage[1],
                              note="台账导入")
            for year, (amount, old) in plan.plans.items():
                keep = {f: getattr(old, f) for f in ("planned_content", "planned_start", "planned_completion",
                                                     "planned_production")} if old else {}
                annual_plan_set(user=self.user, project_id=project.pk, year=year, planned_investment_wan=amount,
                                **keep)


class _BulkWriter(_ServiceWriter):
    """Batched inserts and updates with their history rows; same validation, same access checks."""

    BATCH = 500

    def write(self, plans: list[RowPlan]) -> None:
        plans = _claim(plans)
        user, now = self.user, timezone.now()
        reason = f"台账导入 {self.source}".strip()
        self._new_orgs(plans)
        for region in {p.region.pk: p.region for p in plans if p.project is None and p.region}.values():
            check_region_writable(user, region)
        creates = [p for p in plans if p.project is None]
        self._create(creates, user, now, reason)
        new = {id(p) for p in creates}
        self._update([p for p in plans if id(p) not in new and (p.fields or p.plans or p.stage)], now, reason)
        for plan in plans:
            if id(plan) not in new and plan.stage:
                stage_advance(user=user, project_id=plan.project.pk, stage=plan.stage[0], occurred_on=plan.stage[1],
                              note="台账导入")
        new_plans, changed_plans = Table(AnnualPlan, with_pk=False), []
        for plan in plans:
            for year, (amount, old) in plan.plans.items():
                if old is None:
                    new_plans.add(project_id=plan.project.pk, year=year, planned_investment_wan=amount)
                else:
                    old.planned_investment_wan = amount
                    changed_plans.append(old)
        history_baseline(AnnualPlan, pks=[p.pk for p in changed_plans])
        history_baseline(AnnualPlan, pks=insert_new(new_plans), reason=reason, user_id=user.pk, when=now)
        if changed_plans:
            bulk_update_with_history(changed_plans, AnnualPlan, ["planned_investment_wan"], batch_size=self.BATCH,
                                     default_user=user, default_change_reason=reason)

    def _create(self, creates: list[RowPlan], user, now: dt.datetime, reason: str) -> None:
        """New projects (and their first stage events) as plain rows, with their history records
        written by one INSERT … SELECT per batch: what bulk_create_with_history wrote, without
        building a model instance and an INSERT per row."""
        projects, events = Table(Project, with_pk=False), Table(StageEvent, with_pk=False)
        for plan in creates:
            values = {(f"{name}_id" if name in FK_ATTNAMES else name): (getattr(value, "pk", value)
                                                                       if name in FK_ATTNAMES else value)
                      for name, value in plan.clean.items()}
            if plan.stage:
                stage, on = plan.stage
                values.update(stage=str(stage), stage_date=on,
                              **lifecycle.stage_dates([lifecycle.Event(stage, on)]))
            # Region-path columns (province/city/county codes, when Project has them) are filled here
            # from plan.region, the one place new imported projects get their column values.
            projects.add(**values)
        ids = insert_new(projects)
        history_baseline(Project, pks=ids, reason=reason, user_id=user.pk, when=now)
        for plan, pk in zip(creates, ids, strict=True):
            plan.project = _Created(pk, plan.clean.get("name", plan.name))
            if plan.stage:
                events.add(project_id=pk, stage=str(plan.stage[0]), occurred_on=plan.stage[1], recorded_by_id=user.pk,
                           note="台账导入")
        events.flush()

    def _new_orgs(self, plans: list[RowPlan]) -> None:
        wanted: dict[str, tuple] = {}
        for plan in plans:
            for name, uscc, kind in plan.new_orgs.values():
                if not (uscc and uscc in self.planner.orgs_by_uscc) and name not in self.planner.orgs_by_name:
                    wanted.setdefault(uscc or name, (name, uscc, kind, plan.region))
        made = Organisation.objects.bulk_create(
            [Organisation(name=name, uscc=uscc, kind=kind, region=region) for name, uscc, kind, region in wanted.values()],
            batch_size=self.BATCH)
        for org in made:
            self.planner.orgs_by_name[org.name] = org
            if org.uscc:
                self.planner.orgs_by_uscc[org.uscc] = org
        for plan in plans:
            for org_field, (name, uscc, _) in plan.new_orgs.items():
                plan.fields[org_field] = (self.planner.orgs_by_uscc.get(uscc) if uscc else None) or \
                    self.planner.orgs_by_name[name]
                plan.clean[org_field] = plan.fields[org_field]

    def _update(self, plans: list[RowPlan], now: dt.datetime, reason: str) -> None:
        if not plans:
            return
        history_baseline(Project, pks=[p.project.pk for p in plans])  # rows written without history
        names: set[str] = {"version", "updated_at"}
        objs = []
        for plan in plans:  # claimed: locked and still at plan.version
            project = plan.project
            project.version = plan.version
            if "region" in plan.clean and plan.clean["region"].pk != project.region_id:
                check_region_writable(self.user, plan.clean["region"])
            for name, value in plan.clean.items():
                setattr(project, name, value)
            names.update(plan.clean)
            project.version += 1
            project.updated_at = now
            objs.append(project)
        bulk_update_with_history(objs, Project, sorted(names), batch_size=self.BATCH, default_user=self.user,
                                 default_change_reason=reason)


FK_ATTNAMES = {f.name for f in Project._meta.concrete_fields if f.is_relation}
READ_ONLY_HEADERS = {alias for aliases in READ_ONLY.values() for alias in aliases}
__all__ = ["ImportResult", "Issue", "ledger_import", "BULK_THRESHOLD", "READ_ONLY_HEADERS"]

"""Every write to 前期手续: checklist creation from the catalogue and item updates (with history)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from sanpi.accounts.access import access_project, can_edit_ledger, fetch, may_report, scope_projects
from sanpi.core.concurrency import unique_or
from sanpi.core.errors import Conflict, Forbidden, NotFound
from sanpi.core.inputs import clean_text, parse_date
from sanpi.core.uploads import EVIDENCE, check_upload
from sanpi.projects.models import Project

from . import rules
from .models import ApprovalItem, ApprovalKind
from .selectors import catalogue_for

UNSET: Any = object()


@transaction.atomic
def approval_checklist_create(*, user, project_id: int, year: int | None = None) -> list[ApprovalItem]:
    """Add the catalogue's items the project lacks (by its 管理类别, region and `year`); existing
    items stay as they are. Returns the items created."""
    project = access_project(user=user, project_id=project_id, need="edit", lock=True)
    year = year or timezone.localdate().year
    have = set(ApprovalItem.objects.filter(project=project).values_list("kind_id", flat=True))
    kinds = [k for k in catalogue_for(region_path=project.region.path, year=year,
                                      category=project.management_category) if k.id not in have]
    items = [ApprovalItem(project=project, kind_id=k.id, responsible_unit=project.owner.name if project.owner_id else "")
             for k in kinds]
    return bulk_create_with_history(items, ApprovalItem, default_user=user if user.pk else None)


@transaction.atomic
def approval_items_add(*, user, adds: list[tuple[int, int, dict]], year: int | None = None,
                       ) -> tuple[list[ApprovalItem | None], dict[int, Exception]]:
    """Many catalogue items at once (an import's new rows): [(project id, kind id, {field: value} as
    approval_item_update takes them)]. the checks of a checklist's creation (the kind in the project's catalogue, not there yet) and of
    approval_item_update, set-based:
    one role check, one locked read of the projects in the user's scope, one catalogue read per
    (region, 管理类别), one read of the items they have, one bulk insert with a history row each.
    Returns the items in order (None where refused) and {index: the error} of the refused entries."""
    if not adds:
        return [], {}
    if not can_edit_ledger(user):
        raise Forbidden("只有园区/县区、市、省项目办可以修改项目台账。")
    year = year or timezone.localdate().year
    projects = {p.pk: p for p in scope_projects(Project.objects.select_related("region", "owner"), user)
                .select_for_update(of=("self",)).filter(pk__in={a[0] for a in adds}).order_by("pk")}
    have = set(ApprovalItem.objects.filter(project_id__in=projects).values_list("project_id", "kind_id"))
    catalogues: dict[tuple, set[int]] = {}
    names = dict(ApprovalKind.objects.filter(pk__in={a[1] for a in adds}).values_list("pk", "name"))
    refused: dict[int, Exception] = {}
    made: list[ApprovalItem | None] = []
    for index, (project_id, kind_id, values) in enumerate(adds):
        made.append(None)
        project = projects.get(project_id)
        if project is None:
            refused[index] = NotFound()
            continue
        scope = (project.region.path, project.management_category)
        if scope not in catalogues:
            catalogues[scope] = {k.id for k in catalogue_for(region_path=scope[0], year=year, category=scope[1])}
        if kind_id not in catalogues[scope]:
            refused[index] = ValidationError({"kind": [f"“{names.get(kind_id, kind_id)}”不在该项目适用的前期手续目录中。"]})
            continue
        if (project_id, kind_id) in have:
            refused[index] = ValidationError({"kind": ["该项目已有此项前期手续，请修改原记录。"]})
            continue
        item = ApprovalItem(project=project, kind_id=kind_id,
                            responsible_unit=project.owner.name if project.owner_id else "")
        if errors := _change(item, **values):
            refused[index] = ValidationError(errors)
            continue
        have.add((project_id, kind_id))
        made[index] = item
    with unique_or(ValidationError({"kind": ["该项目已有此项前期手续，请修改原记录。"]})):
        bulk_create_with_history([x for x in made if x is not None], ApprovalItem, batch_size=500,
                                 default_user=user if user.pk else None)
    return made, refused


@transaction.atomic
def approval_item_update(*, user, item_id: int, version: int | None = None, status: str = UNSET, required: bool = UNSET,
                         responsible_unit: str = UNSET, planned_on: Any = UNSET, done_on: Any = UNSET,
                         document_number: str = UNSET, note: str = UNSET, evidence=None) -> ApprovalItem:
    """Change an item; fields left out keep their value. Ledger offices and the project's enterprise
    (through its monthly report) may update items. `version`, when given, is the one the edit started
    from: a later write in between is a Conflict, not overwritten."""
    visible = scope_projects(ApprovalItem.objects.select_related("kind"), user, region_field="project__region")
    item = fetch(visible, item_id, lock=True)
    access_project(user=user, project_id=item.project_id, need="report")
    if version is not None and str(version).strip() != str(item.version):
        raise Conflict()
    errors = _change(item, status=status, required=required, responsible_unit=responsible_unit,
                     planned_on=planned_on, done_on=done_on, document_number=document_number, note=note)
    if errors:
        raise ValidationError(errors)
    if evidence:
        check_upload(evidence, purpose=EVIDENCE, field="evidence")
        item.evidence = evidence
    item.version += 1
    item._history_user = user if user.pk else None
    item.save()
    return item


def _change(item: ApprovalItem, *, status: str = UNSET, required: bool = UNSET, responsible_unit: str = UNSET,
            planned_on: Any = UNSET, done_on: Any = UNSET, document_number: str = UNSET,
            note: str = UNSET) -> dict:
    """Set the given fields on `item` (in memory) as the services accept them; the errors by field."""
    errors: dict = {}
    if status is not UNSET:
        if status not in ApprovalItem.Status.values:
            errors["status"] = [f"办理状态“{status}”无效，可选：{'、'.join(ApprovalItem.Status.labels)}。"]
        else:
            item.status = status
    if required is not UNSET:
        item.required = bool(required)
    if planned_on is not UNSET:
        item.planned_on = parse_date(planned_on, field="planned_on", label="计划办结日期", errors=errors)
    if done_on is not UNSET:
        item.done_on = parse_date(done_on, field="done_on", label="实际办结日期", errors=errors)
    for name, value, label, length in (("responsible_unit", responsible_unit, "责任单位", 100),
                                       ("document_number", document_number, "批复文号", 100),
                                       ("note", note, "说明", 200)):
        if value is not UNSET:
            setattr(item, name, clean_text(value, field=name, label=label, errors=errors, max_length=length) or "")
    if item.status == rules.NOT_APPLICABLE:
        item.required = False
    if not errors:
        errors = rules.check_item(status=item.status, required=item.required, planned_on=item.planned_on,
                                  done_on=item.done_on, today=timezone.localdate())
    return errors


@transaction.atomic
def approval_items_update(*, user, changes: list[tuple[int, int | None, dict]]) -> dict[int, Exception]:
    """Many items at once (an import's rows): `changes` is [(item id, version it started from or None,
    {field: value})]. The same checks as approval_item_update, set-based: one locked read of the items in
    the user's scope, one role check, one bulk update with a history row each. Returns {item id: the
    error} of the items refused (unknown or foreign: NotFound; version moved: Conflict; invalid:
    ValidationError); the others are written."""
    if not changes:
        return {}
    if not may_report(user):
        raise Forbidden("您无权填报该项目的月报。")
    visible = scope_projects(ApprovalItem.objects.all(), user, region_field="project__region")
    items = {i.pk: i for i in visible.select_for_update().filter(pk__in=[pk for pk, _, _ in changes]).order_by("pk")}
    refused: dict[int, Exception] = {}
    written = []
    for pk, version, fields in changes:
        item = items.get(pk)
        if item is None:
            refused[pk] = NotFound()
        elif version is not None and str(version).strip() != str(item.version):
            refused[pk] = Conflict()
        elif errors := _change(item, **fields):
            refused[pk] = ValidationError(errors)
        else:
            item.version += 1
            written.append(item)
    # One UPDATE per distinct set of new values (an import often writes the same status or note to many
    # items), each row's version moved by one; then every history row in one bulk insert. Django's
    # bulk_update (a CASE per field and row) took 10 s for 3,000 items on SQLite, this well under one.
    names = ("status", "required", "responsible_unit", "planned_on", "done_on", "document_number", "note")
    now = timezone.now()
    groups: dict[tuple, list[int]] = {}
    for item in written:
        item.updated_at = now
        groups.setdefault(tuple(getattr(item, n) for n in names), []).append(item.pk)
    for values, pks in groups.items():
        for start in range(0, len(pks), 500):
            ApprovalItem.objects.filter(pk__in=pks[start:start + 500]).update(
                **dict(zip(names, values, strict=True)), version=F("version") + 1, updated_at=now)
    ApprovalItem.history.bulk_history_create(written, batch_size=500, default_user=user if user.pk else None,
                                             update=True, default_date=now)
    return refused

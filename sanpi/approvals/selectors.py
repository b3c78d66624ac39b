"""Reads of 前期手续: the catalogue for a project, a project's checklist, 办结率 and overdue items."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from sanpi.accounts.access import scope_projects

from . import rules
from .models import ApprovalItem, ApprovalKind

COUNTED = Q(required=True) & ~Q(status=rules.NOT_APPLICABLE)


def catalogue_for(*, region_path: str, year: int, category: str) -> list[rules.KindRow]:
    """The catalogue kinds that apply to a project of `category` in the region at `region_path`."""
    codes = [c for c in region_path.split("/") if c]
    rows = [rules.KindRow(pk, code, applies_to, path, year_, active, sort)
            for pk, code, applies_to, path, year_, active, sort in ApprovalKind.objects.filter(
                Q(region__isnull=True) | Q(region__in=codes)).values_list(
                "pk", "code", "applies_to", "region__path", "year", "active", "sort")]
    return rules.pick_catalogue(rows, region_path=region_path, year=year, category=category)


def approval_items(*, user, project) -> QuerySet:
    """A project's checklist in catalogue order (the project already access-checked)."""
    return (scope_projects(ApprovalItem.objects.filter(project=project), user, region_field="project__region")
            .select_related("kind").order_by("kind__sort", "id"))


def facts(item: ApprovalItem) -> rules.ItemFacts:
    return rules.ItemFacts(item.kind.name, item.status, item.required, item.planned_on, item.done_on,
                           item.kind.blocks_start)


def checklist_timeline(*, items: list[ApprovalItem], today: dt.date) -> list[dict]:
    """Items as timeline rows: the date shown (办结 or planned), overdue days, in date order."""
    rows = []
    for item in items:
        f = facts(item)
        rows.append({"item": item, "date": item.done_on or item.planned_on, "overdue": rules.days_overdue(f, today),
                     "counts": rules.counts(f)})
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or dt.date.max, r["item"].kind.sort))


def completion(items: list[ApprovalItem], day: dt.date) -> tuple[int, int]:
    """(办结, 应办) of a project's items at `day`."""
    judged = [facts(i) for i in items]
    return sum(1 for f in judged if rules.done_by(f, day)), sum(1 for f in judged if rules.counts(f))


def overdue_items(*, user, as_of: dt.date) -> QuerySet:
    """Required items past their planned date and not 办结, across the user's scope."""
    return (scope_projects(ApprovalItem.objects.all(), user, region_field="project__region")
            .filter(COUNTED, planned_on__lt=as_of).exclude(status=rules.DONE)
            .select_related("project", "kind").order_by("planned_on"))


def completion_by_region(*, project_ids_qs: QuerySet, day: dt.date) -> dict[str, tuple[int, int]]:
    """{region code: (办结, 应办)} of the projects in `project_ids_qs`, one grouped query."""
    rows = (ApprovalItem.objects.filter(COUNTED, project__in=project_ids_qs).values("project__region_id")
            .annotate(done=Count("id", filter=Q(status=rules.DONE, done_on__lte=day)), total=Count("id")))
    return {r["project__region_id"]: (r["done"], r["total"]) for r in rows}


def start_warning(*, project) -> str:
    """The 开工一批 warning when the project's 施工许可 is not 办结 ('' when it is, or not needed)."""
    item = (ApprovalItem.objects.filter(project=project, kind__code="shigong").values_list("status", "required")
            .first())
    if item is not None and (item[0] in (rules.DONE, rules.NOT_APPLICABLE) or not item[1]):
        return ""
    state = "未登记" if item is None else dict(ApprovalItem.Status.choices)[item[0]]
    return f"注意：该项目施工许可{state}，请核实开工条件。"

"""Reads of the ledger. Every list starts from access.scope_projects."""

from typing import Any

from django.db.models import Q, QuerySet

from sanpi.accounts.access import region_codes_below, scope_projects
from sanpi.accounts.models import Region

from .models import Project, StageEvent
from .search import filter_name_or_code

SORTS = {
    "id": "id", "-id": "-id",
    "name": "name", "-name": "-name",
    "investment": "total_investment_wan", "-investment": "-total_investment_wan",
    "stage_date": "stage_date", "-stage_date": "-stage_date",
}


def project_list(*, user, filters: dict[str, Any] | None = None, sort: str = "-id") -> QuerySet:
    """Projects the user may see, filtered. Keys: region (code, includes the regions below), stage,
    industry (门类 letter or 大类 code), domain, sector (category ids), leader (id), q (name or code),
    in_statistics, owner (organisation id), min_investment / max_investment (万元)."""
    filters = filters or {}
    qs = scope_projects(Project.objects.all(), user)
    if region := filters.get("region"):
        path = Region.objects.filter(pk=region).values_list("path", flat=True).first()
        qs = qs.filter(region__in=region_codes_below(region)) if path else qs.none()
    if stage := filters.get("stage"):
        stages = stage if isinstance(stage, list | tuple) else [stage]
        qs = qs.filter(stage__in=stages)
    if industry := filters.get("industry"):
        qs = qs.filter(Q(industry=industry) | Q(industry__parent=industry)) if len(industry) == 1 else qs.filter(
            industry=industry
        )
    if domain := filters.get("domain"):
        qs = qs.filter(domain=domain)
    if sector := filters.get("sector"):
        qs = qs.filter(sector=sector)
    if leader := filters.get("leader"):
        qs = qs.filter(leaders=leader)
    if owner := filters.get("owner"):
        qs = qs.filter(owner=owner)
    if (flag := filters.get("in_statistics")) not in (None, ""):
        qs = qs.filter(in_statistics=str(flag).lower() in ("1", "true", "是", "yes"))
    if (low := filters.get("min_investment")) not in (None, ""):
        qs = qs.filter(total_investment_wan__gte=low)
    if (high := filters.get("max_investment")) not in (None, ""):
        qs = qs.filter(total_investment_wan__lte=high)
    if q := (filters.get("q") or "").strip():
        qs = filter_name_or_code(qs, q)
    return qs.order_by(SORTS.get(sort, "-id"), "-id" if sort not in ("id", "-id") else "id")


def project_stage_events(*, project: Project) -> QuerySet:
    """All stage events of a project, corrections included, oldest first."""
    return StageEvent.objects.filter(project=project).select_related("recorded_by", "corrects").order_by(
        "occurred_on", "id"
    )


def project_history(*, project: Project) -> list[dict[str, Any]]:
    """Field-level change log: who, when, field, old value, new value (newest first)."""
    records = list(project.history.select_related("history_user").order_by("-history_date", "-history_id"))
    changes: list[dict[str, Any]] = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if older is None:
            changes.append({"when": newer.history_date, "who": newer.history_user, "field": "（创建）",
                            "old": "", "new": newer.name})
            continue
        delta = newer.diff_against(older, excluded_fields=["version", "updated_at"])
        for change in delta.changes:
            field = Project._meta.get_field(change.field)
            changes.append({"when": newer.history_date, "who": newer.history_user,
                            "field": str(field.verbose_name), "old": change.old, "new": change.new})
    return changes

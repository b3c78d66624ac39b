"""Reads of the ledger. Every list starts from access.scope_projects."""

from typing import Any

from django.db.models import QuerySet

from sanpi.accounts.access import scope_projects_within

from .filters import filter_projects
from .models import Project, StageEvent

SORTS = {
    "id": "id", "-id": "-id",
    "name": "name", "-name": "-name",
    "investment": "total_investment_wan", "-investment": "-total_investment_wan",
    "stage_date": "stage_date", "-stage_date": "-stage_date",
}


def project_list(*, user, filters: dict[str, Any] | None = None, sort: str = "-id") -> QuerySet:
    """Projects the user may see, filtered by clean values of filters.ProjectFilterSet (the ledger
    page, its totals, the export and the API share it): region (code, includes the regions below),
    stage (one or a list), industry (门类 letter or 大类 code), domain, sector (category ids), leader,
    owner (ids), q (name or code), in_statistics, min_investment / max_investment (万元), and the
    ledger's unit, live, size, reached, period (+ batch), keylist, light."""
    # The region filter, when inside the user's region, implies the scope (access.scope_projects_within).
    qs = filter_projects(scope_projects_within(Project.objects.all(), user, (filters or {}).get("region")), filters)
    return qs.order_by(SORTS.get(sort, "-id"), "-id" if sort not in ("id", "-id") else "id")


def project_stage_events(*, project: Project) -> QuerySet:
    """All stage events of a project, corrections included, oldest first."""
    return StageEvent.objects.filter(project=project).select_related("recorded_by", "corrects").order_by(
        "occurred_on", "id"
    )


def project_history(*, project: Project) -> list[dict[str, Any]]:
    """Field-level change log: who, when, field, old value, new value (newest first), values in words
    as the ledger shows them (labels of choices, names of linked records, 2024-01-02, amounts in 万元),
    so the page's 修改记录 and the API's history say the same. The oldest record is the baseline
    (creation, or the record every bulk write path leaves), so a first change shows old → new."""
    records = list(project.history.select_related("history_user").order_by("-history_date", "-history_id"))
    changes: list[dict[str, Any]] = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if older is None:
            changes.append({"when": newer.history_date, "who": newer.history_user, "field": "（创建）",
                            "old": "", "new": newer.name})
            continue
        # Every tracked field, compared here: simple_history's diff_against leaves out editable=False
        # fields, and the stage and its dates are such (only stage events set them).
        for field in older.tracked_fields:
            if field.name in ("version", "updated_at", "created_at"):
                continue
            old, new = getattr(older, field.attname), getattr(newer, field.attname)
            if old != new:
                changes.append({"when": newer.history_date, "who": newer.history_user,
                                "field": str(Project._meta.get_field(field.name).verbose_name),
                                "old": old, "new": new, "_field": Project._meta.get_field(field.name)})
    _in_words(changes)
    return changes


def _in_words(changes: list[dict[str, Any]]) -> None:
    import datetime as dt
    from decimal import Decimal

    wanted: dict[Any, set] = {}
    for change in changes:
        field = change.get("_field")
        if field is not None and field.is_relation:
            wanted.setdefault(field.related_model, set()).update(
                v for v in (change["old"], change["new"]) if v not in (None, ""))
    names = {model: model.objects.in_bulk(ids) for model, ids in wanted.items()}
    for change in changes:
        field = change.pop("_field", None)
        if field is None:
            continue
        for key in ("old", "new"):
            value = change[key]
            if value is None or value == "":
                change[key] = ""
            elif field.is_relation:
                change[key] = str(names[field.related_model].get(value, value))
            elif field.choices:
                change[key] = str(dict(field.flatchoices).get(value, value))
            elif isinstance(value, bool):
                change[key] = "是" if value else "否"
            elif isinstance(value, Decimal):
                change[key] = format(value.normalize(), "f")  # 79400, 113.123456: as entered
            elif isinstance(value, dt.date):
                change[key] = f"{value:%Y-%m-%d}"
            else:
                change[key] = str(value)

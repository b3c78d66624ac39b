"""Reads of periods, lists and key-project lists, restricted to what the user may see.

A period is visible to users of its host region, of the regions above it and of the regions
below it (a zone office follows the province's periods); the entries shown are only the
projects the user may see (access.scope_projects).
"""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from sanpi.accounts.access import is_global, region_codes_below, scope_projects
from sanpi.accounts.models import User
from sanpi.core.errors import NotFound
from sanpi.core.money import decimal_str

from . import rules
from .models import KeyProjectEntry, KeyProjectList, ListEntry, Period


def _visible_regions_q(user, field: str) -> Q:
    """Regions above the user's (ancestors) or inside the user's subtree."""
    path = user.region.path
    ancestors = [c for c in path.split("/") if c]
    return Q(**{f"{field}__in": ancestors}) | Q(**{f"{field}__path__startswith": path})


def period_list(*, user, level: str | None = None) -> QuerySet:
    """Periods the user may see, newest first, with per-list counts and totals annotated
    (signed_count, signed_total …) in one query."""
    qs = Period.objects.select_related("host_region")
    if not user.is_authenticated:
        return qs.none()
    if not is_global(user):
        if not user.region_id:
            return qs.none()
        qs = qs.filter(_visible_regions_q(user, "host_region"))
    if level:
        qs = qs.filter(level=level)
    annotations = {}
    for batch in rules.BATCHES:
        annotations[f"{batch}_count"] = Count("entries", filter=Q(entries__batch=batch))
        annotations[f"{batch}_total"] = Sum("entries__declared_total_investment_wan", filter=Q(entries__batch=batch))
    return qs.annotate(**annotations).order_by("-held_on", "-number")


def period_get(*, user, period_id) -> Period:
    try:
        pk = int(period_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    period = period_list(user=user).filter(pk=pk).first()
    if period is None:
        raise NotFound()
    return period


def period_find(*, number: int, level: str = Period.Level.PROVINCE, host_region: str = "410000") -> Period:
    """A period by its number (the CLI's way of naming one)."""
    period = Period.objects.select_related("host_region").filter(
        number=number, level=level, host_region=host_region).first()
    if period is None:
        raise NotFound(f"未找到第{number}期（{Period.Level(level).label}，举办地区 {host_region}）。")
    return period


def period_entry_list(*, user, period: Period, batch: str | None = None) -> QuerySet:
    """The entries of a period the user may see (projects in their scope)."""
    qs = ListEntry.objects.filter(period=period)
    if batch:
        qs = qs.filter(batch=batch)
    qs = scope_projects(qs, user, region_field="project__region")
    return qs.select_related("project", "region", "carried_from__period").order_by(
        "-declared_total_investment_wan", "id")


def current_period_summary(*, user) -> dict | None:
    """For the dashboard: the latest province-level period of the user's province, with per list
    {"count", "total_investment_wan"} (万元, decimal strings). City, zone and county users get only
    entries in their region; enterprise users only their organisation's projects. Returns
    {"period": Period, "number", "held_on", "status", "region_scope", "lists": {"签约": …}} or None."""
    if not user.is_authenticated:
        return None
    periods = Period.objects.filter(level=Period.Level.PROVINCE).select_related("host_region")
    if not is_global(user):
        if not user.region_id:
            return None
        province = user.region.path.split("/")[0]
        periods = periods.filter(host_region=province)
    period = periods.order_by("-held_on", "-number").first()
    if period is None:
        return None
    entries = ListEntry.objects.filter(period=period)
    scope = None
    if user.role == User.Role.ENTERPRISE and not is_global(user):
        entries = entries.filter(project__owner=user.organisation_id) if user.organisation_id else entries.none()
        scope = user.organisation.name if user.organisation_id else None
    elif not is_global(user) and user.region.kind != "province":
        entries = entries.filter(region__in=region_codes_below(user.region))
        scope = user.region.name
    lists = {rules.BATCH_LABELS[b]: {"count": 0, "total_investment_wan": "0"} for b in rules.BATCHES}
    whole_province = is_global(user) or (user.role != User.Role.ENTERPRISE and user.region.kind == "province")
    if whole_province and period.is_closed:
        # A closed period's whole-province figures are its frozen snapshot: read, not summed again.
        from .statistics import period_stats

        frozen = period_stats(period=period)["lists"]
        for label, cell in frozen.items():
            lists[label] = {"count": cell["count"], "total_investment_wan": cell["total_investment_wan"]}
        return {"period": period, "number": period.number, "held_on": period.held_on, "status": period.status,
                "region_scope": scope, "lists": lists}
    for row in entries.values("batch").annotate(n=Count("id"), total=Sum("declared_total_investment_wan")).order_by():
        lists[rules.BATCH_LABELS[row["batch"]]] = {"count": row["n"],
                                                  "total_investment_wan": decimal_str(row["total"] or Decimal(0))}
    return {"period": period, "number": period.number, "held_on": period.held_on, "status": period.status,
            "region_scope": scope, "lists": lists}


def project_appearances(*, project) -> list[dict]:
    """Every period and list a project appeared in, oldest first: [{"period": Period, "number",
    "held_on", "level", "host_region", "batch", "batch_label", "declared_total_investment_wan",
    "carried_from_period" (number or None)}], then key-project lists as {"key_list": …}."""
    rows = []
    entries = (ListEntry.objects.filter(project=project)
               .select_related("period__host_region", "carried_from__period").order_by("period__held_on", "batch"))
    for e in entries:
        rows.append({
            "period": e.period, "number": e.period.number, "held_on": e.period.held_on,
            "level": e.period.level, "host_region": e.period.host_region.name, "batch": e.batch,
            "batch_label": f"{rules.BATCH_LABELS[e.batch]}一批",
            "declared_total_investment_wan": e.declared_total_investment_wan,
            "carried_from_period": e.carried_from.period.number if e.carried_from_id else None,
        })
    for k in KeyProjectEntry.objects.filter(project=project).select_related("key_list").order_by("key_list__year"):
        rows.append({"key_list": k.key_list, "name": k.key_list.name, "year": k.key_list.year,
                     "declared_total_investment_wan": k.declared_total_investment_wan})
    return rows


def keylist_list(*, user) -> QuerySet:
    qs = KeyProjectList.objects.select_related("region")
    if not user.is_authenticated:
        return qs.none()
    if not is_global(user):
        if not user.region_id:
            return qs.none()
        qs = qs.filter(_visible_regions_q(user, "region"))
    return qs.annotate(n=Count("entries"), total=Sum("entries__declared_total_investment_wan"))


def keylist_get(*, user, key_list_id) -> KeyProjectList:
    try:
        pk = int(key_list_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    key_list = keylist_list(user=user).filter(pk=pk).first()
    if key_list is None:
        raise NotFound()
    return key_list


def keylist_entry_list(*, user, key_list: KeyProjectList) -> QuerySet:
    qs = KeyProjectEntry.objects.filter(key_list=key_list)
    return scope_projects(qs, user, region_field="project__region").select_related(
        "project__region").order_by("-declared_total_investment_wan", "id")

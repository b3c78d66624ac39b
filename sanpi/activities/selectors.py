"""Reads of periods, lists and key-project lists, restricted to what the user may see.

Who sees which period, list and statistic is decided in sanpi.accounts.access (scope_regional,
access_period, period_totals_visible, visible_breakdown_rows); the entries shown are only the
projects the user may see (access.scope_projects).
"""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from sanpi.accounts.access import (
    access_period,
    fetch,
    is_global,
    period_totals_visible,
    region_codes_below,
    scope_projects,
    scope_regional,
    visible_breakdown_rows,
)
from sanpi.accounts.models import User
from sanpi.core.errors import Forbidden, NotFound
from sanpi.core.money import decimal_str

from . import rules
from .models import KeyProjectEntry, KeyProjectList, ListEntry, Period


def period_list(*, user, level: str | None = None) -> QuerySet:
    """Periods the user may see, newest first, with per-list counts and totals annotated
    (signed_count, signed_total …) in one query."""
    qs = scope_regional(Period.objects.select_related("host_region"), user, region_field="host_region")
    if level:
        qs = qs.filter(level=level)
    annotations = {}
    for batch in rules.BATCHES:
        annotations[f"{batch}_count"] = Count("entries", filter=Q(entries__batch=batch))
        annotations[f"{batch}_total"] = Sum("entries__declared_total_investment_wan", filter=Q(entries__batch=batch))
    return qs.annotate(**annotations).order_by("-held_on", "-number")


# The access decision lives in accounts.access; the name stays for the many callers.
period_get = access_period


# Sections of the statistics over the whole host region (not split by region): published with the
# period's totals once it is closed.
HOST_WIDE = ("lists", "carried_over", "by_domain", "by_sector", "by_industry", "by_chain", "by_fund_source",
             "by_size", "conversion", "comparison")
BY_REGION = ("by_city", "by_county")


def period_stats_for(*, user, period: Period, revision: int | None = None) -> dict:
    """The statistics of `period` as `user` may read them — the one rule for the period page, its
    bulletin (text and .docx) and the API. A closed period's host-wide figures are published, so every
    signed-in user who sees the period gets them; an open period's go only to its organisers (the
    host region and above), others get null for those sections. By-region rows are only the user's
    region and below unless the user organises the period. Adds "totals_withheld" and "rows_limited"."""
    from .statistics import period_stats

    stats = period_stats(period=period, revision=revision)
    withheld = not period_totals_visible(user, period)
    if withheld:
        stats.update(dict.fromkeys(HOST_WIDE))
    limited = False
    for key in BY_REGION:
        rows = visible_breakdown_rows(stats.get(key) or [], user=user, period=period)
        limited = limited or len(rows) != len(stats.get(key) or [])
        stats[key] = rows
    stats["totals_withheld"] = withheld
    stats["rows_limited"] = limited
    return stats


def period_bulletin_stats(*, user, period: Period) -> dict:
    """Statistics for the 通报: it states the host-wide totals, so it exists for a user only when they
    may read those (a closed period, or its organisers)."""
    stats = period_stats_for(user=user, period=period)
    if stats["totals_withheld"]:
        raise Forbidden("本期尚未关闭，统计数据尚未发布：通报仅向举办地区及上级项目办开放。")
    return stats


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
    qs = scope_regional(KeyProjectList.objects.select_related("region"), user, region_field="region")
    return qs.annotate(n=Count("entries"), total=Sum("entries__declared_total_investment_wan"))


def keylist_get(*, user, key_list_id) -> KeyProjectList:
    """A visible key-project list with its count and total annotated (n, total)."""
    return fetch(keylist_list(user=user), key_list_id)


def keylist_entry_list(*, user, key_list: KeyProjectList) -> QuerySet:
    qs = KeyProjectEntry.objects.filter(key_list=key_list)
    return scope_projects(qs, user, region_field="project__region").select_related(
        "project__region").order_by("-declared_total_investment_wan", "id")


def reports_quarterly_only(month: int, project_ref: str = "pk") -> Q:
    """Projects excused from the month's report: for a month that ends no quarter, those whose every
    key-list entry is 前期预备 (they report quarterly, as Guangdong's system does). Empty Q otherwise."""
    if month % 3 == 0:
        return Q(pk__in=[])
    from django.db.models import Exists, OuterRef

    entries = KeyProjectEntry.objects.filter(project=OuterRef(project_ref))
    prep = KeyProjectEntry.EntryClass.PREPARATORY
    return Q(Exists(entries.filter(entry_class=prep))) & ~Q(Exists(entries.exclude(entry_class=prep)))

"""Reads of targets, schemes and rankings. Figures come from the indicator functions (set-based,
one aggregate query each) over the regions a user sets targets for."""

from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet

from sanpi.accounts import access
from sanpi.accounts.models import Region

from . import rules
from .indicators import Context, due_share, progress_figures, starts_figures
from .models import InspectionEvent, Ranking, Scheme, Target
from .scoring import ranking_compute


def target_regions(*, user) -> list[Region]:
    """The regions whose targets the user sets: a province its 省辖市, 济源 and 航空港区 (each region that is
    its own reporting unit), a city its counties and zones; nobody else any."""
    if not user.is_authenticated or not user.region_id or not access.can_administer(user):
        return []
    return regions_ranked_by(user.region)


def regions_ranked_by(region: Region) -> list[Region]:
    """The regions a region's office sets targets for and ranks: a province its reporting units (省辖市,
    济源, 航空港区), anyone else the regions directly below."""
    if region.kind == Region.Kind.PROVINCE:
        qs = Region.objects.filter(path__startswith=region.path, reporting_unit=F("code")).exclude(pk=region.pk)
    else:
        qs = Region.objects.filter(parent=region)
    return list(qs.order_by("code"))


def _row(region: Region, target: Target | None, progress: dict, starts: dict, period: rules.Period) -> dict[str, Any]:
    share = due_share(target, period) if target else Decimal(100)

    def cell(value, goal):
        due = None if goal is None else rules.q2(Decimal(goal) * share / 100)
        return {"value": value, "target": due, "annual": goal, "percent": rules.rate(value, due) if due else None}

    ytd = progress.get(region.code, {}).get("ytd_wan") or Decimal(0)
    start = starts.get(region.code, {"count": 0, "investment_wan": Decimal(0)})
    return {"code": region.code, "name": region.name, "target": target, "share": share,
            "investment": cell(ytd, target.investment_wan if target else None),
            "new_starts": cell(start["count"], target.new_starts if target else None),
            "new_starts_investment": cell(start["investment_wan"], target.new_starts_investment_wan if target else None),
            "link": f"/projects/?{'unit' if region.reporting_unit_id == region.code and region.kind != 'county' else 'region'}={region.code}&live=1"}


def target_progress(*, regions: list[Region], year: int, month: int) -> list[dict[str, Any]]:
    """For each region: targets and figures to date (自年初累计完成投资, 新开工 count and 总投资), each as
    value / target / % (the quarter's milestone share of the annual target where one is set)."""
    if not regions:
        return []
    period = rules.Period(year, "month", month)
    owner = regions[0].parent or regions[0]
    ctx = Context(period=period, regions=regions, owner=owner)
    progress, starts = progress_figures(ctx), starts_figures(ctx)
    targets = {t.region_id: t for t in Target.objects.filter(year=year, region__in=[r.code for r in regions])}
    return [_row(r, targets.get(r.code), progress, starts, period) for r in regions]


def own_target(*, user, year: int, month: int) -> dict[str, Any] | None:
    """The user's own region's targets with its figures (for the dashboard), or None without targets."""
    if not user.is_authenticated or not user.region_id:
        return None
    target = Target.objects.filter(region_id=user.region_id, year=year).first()
    if target is None:
        return None
    return target_progress(regions=[user.region], year=year, month=month)[0]


def scheme_list(*, user) -> QuerySet:
    return access.scope_regional(Scheme.objects.select_related("owner_region"), user,
                                 region_field="owner_region").order_by("owner_region", "name")


def ranking_view(*, scheme: Scheme, period: rules.Period) -> tuple[dict, list[Ranking]]:
    """The latest published ranking's frozen data (and every revision), or a live computation."""
    revisions = list(Ranking.objects.filter(scheme=scheme, period=period.key).order_by("-revision"))
    if revisions:
        return revisions[0].data, revisions
    return ranking_compute(scheme=scheme, period=period), []


def inspection_list(*, user) -> QuerySet:
    return access.scope_regional(InspectionEvent.objects.select_related("region"), user,
                                 region_field="region").order_by("-held_on", "-id")


def dashboard_targets(*, user, completion: dict) -> dict[str, Any]:
    """Value / target / % beside the dashboard's completion figures: the user's own region's targets
    and the rows of completion_by_region, each with its region's 完成投资 target (`target_wan`,
    `target_percent`; one query for the rows)."""
    year, month = completion["year"], completion["month"]
    codes = [r["key"] for r in completion["rows"]]
    targets = dict(Target.objects.filter(year=year, region__in=codes, investment_wan__isnull=False)
                   .values_list("region_id", "investment_wan"))
    rows = []
    for row in completion["rows"]:
        goal = targets.get(row["key"])
        rows.append({**row, "target_wan": goal, "target_percent": rules.rate(row["ytd_wan"], goal) if goal else None})
    return {"own": own_target(user=user, year=year, month=month), "rows": rows}


def task_periods(*, user, year: int) -> list:
    """The 三个一批 periods of `year` on the user's line (its own, above and below), for setting tasks."""
    from sanpi.activities.models import Period

    return list(access.scope_regional(Period.objects.select_related("host_region"), user, region_field="host_region")
                .filter(held_on__year=year).order_by("held_on", "host_region", "number"))


def activity_tasks(*, regions: list[Region], year: int) -> list[dict[str, Any]]:
    """The year's 三个一批 tasks of `regions`, each with the entries its region (and those below it)
    has on that period's list: projects and 总投资 as value / task / % (two grouped queries)."""
    from django.db.models import Count, Sum

    from sanpi.activities.models import ListEntry

    from .models import ActivityTask

    if not regions:
        return []
    tasks = list(ActivityTask.objects.filter(target__year=year, target__region__in=[r.code for r in regions])
                 .select_related("target__region", "period__host_region")
                 .order_by("target__region", "period__held_on", "period_id", "batch"))
    ctx = Context(period=rules.Period(year, "year", 0), regions=regions, owner=regions[0].parent or regions[0])
    done = {(r["unit"], r["period"], r["batch"]): r for r in ListEntry.objects.filter(
        period__in={t.period_id for t in tasks}).annotate(unit=ctx.unit("region")).exclude(unit=None)
        .values("unit", "period", "batch").annotate(n=Count("id"), inv=Sum("declared_total_investment_wan")).order_by()}
    rows = []
    for t in tasks:
        row = done.get((t.target.region_id, t.period_id, t.batch), {"n": 0, "inv": Decimal(0)})
        rows.append({"task": t, "projects": {"value": row["n"], "target": t.projects,
                                             "percent": rules.rate(row["n"], t.projects)},
                     "investment": {"value": row["inv"] or Decimal(0), "target": t.investment_wan,
                                    "percent": rules.rate(row["inv"] or Decimal(0), t.investment_wan)}})
    return rows

"""年度投资完成率 and the plan figures around it (序时进度, 开工率, 竣工率, 投产率): reads that sum the annual
plans of a scope in the database, for the progress pages, the dashboard and the rankings. Plain reads
like selectors.py; split from it along the domain (plans against what was done), names unchanged.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from sanpi.accounts.access import is_global, region_rule, scope_projects
from sanpi.accounts.models import Region
from sanpi.accounts.region_table import RegionTable, subtree
from sanpi.core.fields import MoneyField
from sanpi.projects.models import AnnualPlan, Project

from . import plan_figures, rules
from .due import COUNTED
from .evaluation import month_end
from .models import MonthlyPlan, MonthlyReport

MONEY = MoneyField()  # on SQLite the database holds hundredths: convert through the field

def _plan_projects(*, user, region=None, leader=None, project_ids=None) -> QuerySet:
    """The projects whose annual plans a figure sums: the user's scope, narrowed."""
    qs = scope_projects(Project.objects.all(), user)
    if region:
        qs = qs.filter(region_rule(region))
    if leader:
        qs = qs.filter(leaders=leader)
    if project_ids is not None:
        qs = qs.filter(pk__in=project_ids)
    return qs


def plans_with_done(*, user, year: int, month: int, region: str | None = None) -> QuerySet:
    """The user's annual plans of `year` (live projects, optionally within `region`), each annotated
    with ytd_done (1-`month`月 completed, 万元) and monthly_cumulative (the month's cumulative plan)."""
    projects = _plan_projects(user=user, region=region).exclude(stage="terminated")
    return _with_done(AnnualPlan.objects.filter(year=year, project__in=projects.values("pk")), year=year, month=month)


def _with_done(qs: QuerySet, *, year: int, month: int, suffix: str = "") -> QuerySet:
    ytd = (MonthlyReport.objects.filter(project=OuterRef("project_id"), year=year, month__lte=month,
                                        is_current=True, status__in=COUNTED)
           .order_by().values("project").annotate(m=Max("ytd_completed_wan")).values("m"))
    cumulative = MonthlyPlan.objects.filter(plan=OuterRef("pk"), month=month).values("cumulative_planned_wan")[:1]
    return qs.annotate(**{
        f"ytd_done{suffix}": Coalesce(Subquery(ytd, output_field=MONEY), Value(Decimal(0)), output_field=MONEY),
        f"monthly_cumulative{suffix}": Subquery(cumulative, output_field=MONEY)})


def _rate(part: int, whole: int) -> Decimal | None:
    return rules.round1(Decimal(part) * 100 / whole) if whole else None


def plan_summary(row: dict, month: int) -> dict[str, Any]:
    plan = row["plan"] or Decimal(0)
    ytd = row["ytd"] or Decimal(0)
    benchmark_wan = (row["cumulative"] or Decimal(0)) + (row["plan_without_monthly"] or Decimal(0)) * month / 12
    rate = rules.completion_rate(ytd, plan)
    benchmark = benchmark_wan * 100 / plan if plan else rules.time_benchmark(month)
    gap = rules.schedule_gap(rate, benchmark) if rate is not None else None
    return {
        "projects": row["projects"], "planned_wan": plan, "ytd_wan": ytd,
        "completion_rate": rules.round1(rate) if rate is not None else None,
        "time_benchmark": rules.round1(benchmark), "gap_points": gap,
        "gap_text": rules.gap_words(gap) if gap is not None else "无年度计划",
        "planned_starts": row["planned_starts"], "started": row["started"], "start_rate": _rate(row["started"],
                                                                                                 row["planned_starts"]),
        "early_starts": row["early_starts"], "not_started_as_planned": row["not_started_as_planned"],
        "planned_completions": row["planned_completions"], "completed": row["completed"],
        "completion_count_rate": _rate(row["completed"], row["planned_completions"]),
        "planned_productions": row["planned_productions"], "produced": row["produced"],
        "production_rate": _rate(row["produced"], row["planned_productions"]),
    }


def _aggregates(year: int, month: int, suffix: str = "") -> dict:
    """The aggregates of plan_summary for `month`; with a suffix, over the columns _with_done named
    with it, each result key suffixed too (several months in one query)."""
    start, ends = dt.date(year, 1, 1), month_end(year, month)
    started = Q(project__started_on__gte=start, project__started_on__lte=ends)
    figures = {
        "projects": Count("id"),
        "plan": Sum("planned_investment_wan"),
        "ytd": Sum(f"ytd_done{suffix}"),
        "cumulative": Sum(f"monthly_cumulative{suffix}"),
        "plan_without_monthly": Sum("planned_investment_wan", filter=Q(**{f"monthly_cumulative{suffix}__isnull": True})),
        "planned_starts": Count("id", filter=Q(planned_start__year=year)),
        "started": Count("id", filter=started),
        "early_starts": Count("id", filter=started & Q(planned_start__gt=ends)),
        "not_started_as_planned": Count("id", filter=Q(planned_start__lte=ends) & (
            Q(project__started_on__isnull=True) | Q(project__started_on__gt=ends))),
        "planned_completions": Count("id", filter=Q(planned_completion__year=year)),
        "completed": Count("id", filter=Q(project__completed_on__gte=start, project__completed_on__lte=ends)),
        "planned_productions": Count("id", filter=Q(planned_production__year=year)),
        "produced": Count("id", filter=Q(project__produced_on__gte=start, project__produced_on__lte=ends)),
    }
    return {f"{key}{suffix}": value for key, value in figures.items()}


def progress_by_unit(*, year: int, months: list[int], unit) -> dict[int, dict[str, dict[str, Any]]]:
    """The derived figures of progress_summary for every plan of `year` (no user scope: rankings are
    computed by their organiser and published), grouped by `unit`, an expression over AnnualPlan naming
    each plan's row (plans whose unit is None are left out), for each of `months`: {month: {unit:
    figures}}. One aggregate query for all the months (a column set per month), not one per month."""
    qs = AnnualPlan.objects.filter(year=year).exclude(project__stage="terminated")
    aggregates = {}
    for month in months:
        qs = _with_done(qs, year=year, month=month, suffix=f"_{month}")
        aggregates |= _aggregates(year, month, suffix=f"_{month}")
    rows = list(qs.annotate(unit=unit).exclude(unit=None).values("unit").annotate(**aggregates).order_by())
    return {month: {row["unit"]: plan_summary({key.removesuffix(f"_{month}"): row[key] for key in row
                                               if key.endswith(f"_{month}")} | {"unit": row["unit"]}, month)
                    for row in rows} for month in months}


def progress_summary(*, user, year: int, month: int, region: str | None = None, leader: int | None = None,
                     project_ids: list[int] | None = None) -> dict[str, Any]:
    """Derived figures summed over the projects with a plan for `year` in the user's scope, optionally
    narrowed to a region (code, with the regions below), a 包联领导 (Leader id) or a list of projects.

    Returns: projects, planned_wan, ytd_wan (万元, Decimal), completion_rate (年度投资完成率 %),
    time_benchmark (序时进度 %, months ÷ 12 or the monthly cumulative plans where set), gap_points
    (序时差, 个百分点) and gap_text; planned_starts / started / start_rate (开工率 %), early_starts
    (提前开工: started by the month's end although planned later), not_started_as_planned (未按计划开工:
    planned by the month's end, not started); planned_completions / completed / completion_count_rate
    (竣工率 %); planned_productions / produced / production_rate (投产率 %). Rates are None without a
    denominator; all percentages one decimal.
    """
    projects = _plan_projects(user=user, region=region, leader=leader, project_ids=project_ids)
    return plan_summary(plan_figures.plan_rows(year=year, month=month, projects=projects)[None], month)


def completion_children(user, table: RegionTable | None = None) -> tuple[dict[str, str], Any]:
    """The rows of the by-region completion figures for `user`: ({code: name}, child_of), where
    child_of(region code) names the row a project of that region counts in (None: no row).

    A province's rows are its reporting units (Region.reporting_unit), as in the 三个一批 breakdown:
    航空港区 is its own row and not inside 郑州's, 济源示范区 its own row. Elsewhere the rows are the
    child regions (for a global user, the top-level regions). `table`: the regions read once by a
    caller that asks for many scopes (stats/refresh.py)."""
    if is_global(user):
        parent_path, parent = "", None
    elif user.is_authenticated and user.region_id:
        parent_path, parent = user.region.path, user.region_id
    else:
        return {}, lambda code: None
    rows = subtree(parent_path, table)
    by_unit = not is_global(user) and user.region.kind == Region.Kind.PROVINCE
    if by_unit:
        names = {r.code: r.name for r in rows if r.unit == r.code}
    else:
        names = {r.code: r.name for r in rows if r.parent == parent}
    depth = len([c for c in parent_path.split("/") if c])
    regions = {r.code: (r.path, r.unit) for r in rows}

    def child_of(code: str) -> str | None:
        path, unit = regions.get(code, ("", None))
        if by_unit and unit:
            return unit if unit in names else None
        parts = [c for c in path.split("/") if c]
        child = parts[depth] if len(parts) > depth else None
        return child if child in names else None

    return names, child_of


def progress_by_region(*, user, year: int, month: int) -> list[dict[str, Any]]:
    """For the dashboard chart: one row per child region of the user's region (completion_children
    says which), with code, name, planned_wan, ytd_wan, completion_rate, time_benchmark, gap_points
    and projects, in code order. Regions without planned projects are left out. One grouped pass by
    the project's own region, rolled up here."""
    names, child_of = completion_children(user)
    if not names:
        return []
    rows = plan_figures.plan_rows(year=year, month=month, projects=scope_projects(Project.objects.all(), user),
                                  group="region_id")
    rolled: dict[str, dict[str, Any]] = {}
    for code, figures in rows.items():
        child = child_of(code)
        if child is not None:
            plan_figures.add_into(rolled.setdefault(child, plan_figures.empty_row()), figures)
    return [{"code": code, "name": names[code], **plan_summary(rolled[code], month)} for code in sorted(rolled)]

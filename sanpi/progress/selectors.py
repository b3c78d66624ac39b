"""Reads of monthly dispatch. Every read starts from access.scope_projects; sums are computed in the
database (one aggregate query per call), never per project in Python.

Used by this app's pages and by the dashboard / 待办 pages of sanpi.web: names are kept stable.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from sanpi.accounts.access import can_edit_ledger, is_global, region_rule, scope_projects
from sanpi.accounts.models import Leader, Region
from sanpi.core.fields import MoneyField
from sanpi.projects.models import AnnualPlan, Project

from . import plan_figures, rules
from .due import COUNTED, project_must_report, projects_due, projects_missing, projects_to_file  # noqa: F401
from .evaluation import month_end
from .models import (
    AlertRule,
    EvaluationRun,
    Light,
    MonthlyPlan,
    MonthlyReport,
    Notification,
    Problem,
    ProjectLight,
    RuleSet,
)

MONEY = MoneyField()  # on SQLite the database holds hundredths: convert through the field


def previous_month(today: dt.date) -> tuple[int, int]:
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


# ---------------------------------------------------------------- reports

def report_list(*, user, year: int | None = None, month: int | None = None, status: str | None = None,
                project_id: int | None = None) -> QuerySet:
    """Current versions of the reports the user may see, newest month first."""
    qs = scope_projects(MonthlyReport.objects.filter(is_current=True), user, region_field="project__region")
    if year:
        qs = qs.filter(year=year)
    if month:
        qs = qs.filter(month=month)
    if status:
        qs = qs.filter(status=status)
    if project_id:
        qs = qs.filter(project_id=project_id)
    return qs.select_related("project", "project__region", "submitted_by").order_by("-year", "-month", "project_id")


def reports_to_review(*, user) -> QuerySet:
    """Submitted reports in the user's scope waiting for review (offices only; empty for others)."""
    if not can_edit_ledger(user):
        return MonthlyReport.objects.none()
    return report_list(user=user, status=MonthlyReport.Status.SUBMITTED)


def report_versions(*, report: MonthlyReport) -> QuerySet:
    """Every version of the report's project and month, newest first."""
    return MonthlyReport.objects.filter(project_id=report.project_id, year=report.year, month=report.month).order_by(
        "-version")


def todo_for(*, user, today: dt.date) -> dict[str, Any]:
    """The 待办 of a user for `today`:

    - to_file: the projects in the user's scope due last month without a submitted report, with
      `draft_id` when a draft exists (enterprises: their own; offices: their region's);
    - to_review: (offices) submitted reports in scope;
    - problems_due: open problems in scope whose deadline is within 7 days or past;
    plus year, month and due_date of last month's reports.
    """
    from .services.reports import report_due_date

    year, month = previous_month(today)
    # Enterprises: their own projects to file. Offices: the projects in their region still missing the
    # month's report — the same selector the reminders count, so 待办 and the e-mail agree.
    to_file = (projects_to_file(user=user, year=year, month=month) if user.is_authenticated
               else Project.objects.none())
    problems_due = problem_list(user=user, open_only=True).filter(deadline__lte=today + dt.timedelta(days=7))
    return {
        "year": year, "month": month,
        "due_date": report_due_date(year=year, month=month, region=getattr(user, "region", None)),
        "to_file": to_file, "to_review": reports_to_review(user=user), "problems_due": problems_due,
    }


# ---------------------------------------------------------------- lights

def latest_evaluated_month(*, user=None) -> tuple[int, int] | None:
    """The latest (year, month) that was evaluated, or None."""
    row = EvaluationRun.objects.order_by("-year", "-month").values_list("year", "month").first()
    return tuple(row) if row else None


def light_list(*, user, year: int, month: int, colour: str | None = None, dimension: str | None = None,
               region: str | None = None) -> QuerySet:
    """Projects' overall lights of a month in the user's scope (worst first). `dimension` keeps the
    projects whose light in that dimension is `colour` (or not green when no colour is given)."""
    qs = scope_projects(ProjectLight.objects.filter(year=year, month=month), user, region_field="project__region")
    if region:
        qs = qs.filter(region_rule(region, region_field="project__region"))
    if dimension:
        lit = Light.objects.filter(project=OuterRef("project_id"), year=year, month=month, dimension=dimension)
        lit = lit.filter(colour=colour) if colour else lit.exclude(colour="green")
        qs = qs.filter(Exists(lit))
    elif colour:
        qs = qs.filter(colour=colour)
    severity = Case(When(colour="red", then=Value(2)), When(colour="yellow", then=Value(1)), default=Value(0))
    # A re-evaluation that changes nothing leaves the rows as they were: the month's last whole run
    # is when they were last confirmed (a partial run stamps its projects' rows itself).
    last_run = (EvaluationRun.objects.filter(year=year, month=month, partial=False).order_by("-run_at")
                .values("run_at")[:1])
    checked = Greatest("evaluated_at", Coalesce(Subquery(last_run), "evaluated_at"), output_field=DateTimeField())
    return qs.select_related("project", "project__region", "rule_set").annotate(
        severity=severity, last_evaluated_at=checked).order_by("-severity", "project_id")


def light_counts(*, user, year: int, month: int, region: str | None = None) -> dict[str, int]:
    """{'red': n, 'yellow': n, 'green': n} for the month in the user's scope (one query)."""
    qs = scope_projects(ProjectLight.objects.filter(year=year, month=month), user, region_field="project__region")
    if region:
        qs = qs.filter(region_rule(region, region_field="project__region"))
    counts = dict(qs.values_list("colour").annotate(n=Count("id")).order_by())
    return {c: counts.get(c, 0) for c in ("red", "yellow", "green")}


def project_lights(*, user, project_id: int) -> list[dict[str, Any]]:
    """A project's monthly history: [{year, month, colour, reasons, lights: [Light…]}], newest first."""
    from sanpi.accounts.access import access_project

    project = access_project(user=user, project_id=project_id)
    by_month: dict[tuple[int, int], list[Light]] = {}
    for light in Light.objects.filter(project=project).order_by("-year", "-month", "dimension"):
        by_month.setdefault((light.year, light.month), []).append(light)
    return [{"year": pl.year, "month": pl.month, "colour": pl.colour, "reasons": pl.reasons,
             "lights": by_month.get((pl.year, pl.month), [])}
            for pl in ProjectLight.objects.filter(project=project).order_by("-year", "-month")]


def rule_set_list() -> QuerySet:
    """Rule sets with their rules (readable by every signed-in user)."""
    return RuleSet.objects.select_related("scope_region").prefetch_related(
        "rules").annotate(listed=Count("listed_projects")).order_by("-is_default", "place", "-version")


def rule_list(*, rule_set_id: int) -> QuerySet:
    return AlertRule.objects.filter(rule_set_id=rule_set_id).order_by("id")


# ---------------------------------------------------------------- derived figures

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


def completion_children(user) -> tuple[dict[str, str], Any]:
    """The rows of the by-region completion figures for `user`: ({code: name}, child_of), where
    child_of(region code) names the row a project of that region counts in (None: no row).

    A province's rows are its reporting units (Region.reporting_unit), as in the 三个一批 breakdown:
    航空港区 is its own row and not inside 郑州's, 济源示范区 its own row. Elsewhere the rows are the
    child regions (for a global user, the top-level regions)."""
    if is_global(user):
        parent_path, children = "", Region.objects.filter(parent__isnull=True)
    elif user.is_authenticated and user.region_id:
        parent_path, children = user.region.path, Region.objects.filter(parent=user.region)
    else:
        return {}, lambda code: None
    by_unit = not is_global(user) and user.region.kind == Region.Kind.PROVINCE
    if by_unit:
        children = Region.objects.filter(path__startswith=parent_path, reporting_unit=F("code"))
    names = dict(children.values_list("code", "name"))
    depth = len([c for c in parent_path.split("/") if c])
    regions = {code: (path, unit) for code, path, unit in Region.objects.filter(
        path__startswith=parent_path).values_list("code", "path", "reporting_unit")}

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


# ---------------------------------------------------------------- leaders

def leader_projects(*, user) -> QuerySet:
    """The projects a 包联领导 signed in as `user` follows, each annotated with `colour` and `reasons`
    (latest monthly light), `light_year`/`light_month`, `open_problems` and `overdue_problems`.
    Empty when the user is no leader."""
    leader = Leader.objects.filter(user=user).first() if user.is_authenticated else None
    if leader is None:
        return Project.objects.none()
    latest = ProjectLight.objects.filter(project=OuterRef("pk")).order_by("-year", "-month")
    open_problems = Problem.objects.filter(project=OuterRef("pk")).exclude(status=Problem.Status.RESOLVED)
    count = lambda qs: Subquery(qs.order_by().values("project").annotate(n=Count("id")).values("n"),  # noqa: E731
                                output_field=IntegerField())
    from django.utils import timezone

    return (leader.projects.select_related("region")
            .annotate(colour=Subquery(latest.values("colour")[:1]), light_year=Subquery(latest.values("year")[:1]),
                      light_month=Subquery(latest.values("month")[:1]),
                      open_problems=Coalesce(count(open_problems), 0),
                      overdue_problems=Coalesce(count(open_problems.filter(deadline__lt=timezone.localdate())), 0))
            .order_by("id"))


def leader_problems(*, user) -> QuerySet:
    """Open problems of the projects the 包联领导 signed in as `user` follows, earliest deadline first."""
    leader = leader_for(user=user)
    if leader is None:
        return Problem.objects.none()
    return (Problem.objects.filter(project__leaders=leader).exclude(status=Problem.Status.RESOLVED)
            .select_related("project").order_by("deadline", "id"))


def leader_for(*, user) -> Leader | None:
    return Leader.objects.filter(user=user).first() if user.is_authenticated else None


# ---------------------------------------------------------------- problems and notifications

def problem_list(*, user, status: str | None = None, open_only: bool = False, kind: str | None = None,
                 project_id: int | None = None, overdue_on: dt.date | None = None) -> QuerySet:
    """Problems of the projects the user may see, earliest deadline first."""
    qs = scope_projects(Problem.objects.all(), user, region_field="project__region")
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.exclude(status=Problem.Status.RESOLVED)
    if kind:
        qs = qs.filter(kind=kind)
    if project_id:
        qs = qs.filter(project_id=project_id)
    if overdue_on:
        qs = qs.exclude(status=Problem.Status.RESOLVED).filter(deadline__lt=overdue_on)
    return qs.select_related("project", "project__region").annotate(letters=Count("escalations")).order_by(
        "deadline", "id")


def notifications_for(*, user, unread_only: bool = False) -> QuerySet:
    qs = Notification.objects.filter(user=user) if user.is_authenticated else Notification.objects.none()
    return qs.filter(read_at__isnull=True) if unread_only else qs


def notifications_unread_count(*, user) -> int:
    if not user.is_authenticated or not getattr(user, "pk", None):  # an unsaved user (rendering an error page)
        return 0
    return notifications_for(user=user, unread_only=True).count()

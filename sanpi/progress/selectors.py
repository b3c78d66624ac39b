"""Reads of monthly dispatch. Every read starts from access.scope_projects; sums are computed in the
database (one aggregate query per call), never per project in Python.

Used by this app's pages and by the dashboard / 待办 pages of sanpi.web: names are kept stable.
"""

import datetime as dt
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from sanpi.accounts.access import can_edit_ledger, region_rule, scope_projects
from sanpi.accounts.models import Leader
from sanpi.projects.models import Project

# The plan figures live in completion.py; the dashboard, stats and outlook read them from here.
from .completion import (  # noqa: F401
    completion_children,
    plan_summary,
    plans_with_done,
    progress_by_region,
    progress_by_unit,
    progress_summary,
)
from .due import COUNTED, project_must_report, projects_due, projects_missing, projects_to_file  # noqa: F401
from .models import (
    AlertRule,
    EvaluationRun,
    Light,
    MonthlyReport,
    Notification,
    Problem,
    ProjectLight,
    RuleSet,
)


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

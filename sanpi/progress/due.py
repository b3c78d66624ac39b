"""Who must file a monthly report, and who has not yet: the one definition the report workbook,
待办 and the reminders share (re-exported by selectors)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from sanpi.accounts.access import scope_projects
from sanpi.projects.models import AnnualPlan, Project

from .evaluation import COUNTED, month_end
from .models import MonthlyReport


def projects_due(*, year: int, month: int) -> QuerySet:
    """The projects that must report (year, month) — the one definition used by the report workbook,
    待办 and the reminders: started by the month's end, not completed before the month began, not
    terminated, and on a list reported monthly that year (an annual investment plan for the year, or
    an entry on one of the year's key-project lists)."""
    from sanpi.activities.models import KeyProjectEntry

    first = dt.date(year, month, 1)
    planned = AnnualPlan.objects.filter(project=OuterRef("pk"), year=year)
    listed = KeyProjectEntry.objects.filter(project=OuterRef("pk"), key_list__year=year)
    from sanpi.activities.selectors import reports_quarterly_only

    # A project whose key-list entries are all 前期预备 reports at quarter ends only.
    return (Project.objects.filter(started_on__isnull=False, started_on__lte=month_end(year, month))
            .filter(Q(completed_on__isnull=True) | Q(completed_on__gte=first))
            .exclude(stage="terminated").filter(Q(Exists(planned)) | Q(Exists(listed)))
            .exclude(reports_quarterly_only(month)))


def project_must_report(*, project_id: int, year: int, month: int) -> bool:
    return projects_due(year=year, month=month).filter(pk=project_id).exists()


def projects_missing(*, year: int, month: int) -> QuerySet:
    """Projects due for (year, month) whose report is not yet submitted (drafts count as missing)."""
    counted = MonthlyReport.objects.filter(project=OuterRef("pk"), year=year, month=month, is_current=True,
                                           status__in=COUNTED)
    return projects_due(year=year, month=month).exclude(Exists(counted))


def projects_to_file(*, user, year: int, month: int) -> QuerySet:
    """Projects due for (year, month) in the user's scope whose report is not yet submitted; each
    annotated with `draft_id` (the existing draft or returned report, if any)."""
    draft = MonthlyReport.objects.filter(project=OuterRef("pk"), year=year, month=month, is_current=True).exclude(
        status__in=COUNTED).values("pk")[:1]
    return (scope_projects(projects_missing(year=year, month=month), user)
            .annotate(draft_id=Subquery(draft)).select_related("region")
            .order_by("region_id", "id"))

"""应统未统: started projects at or above the 纳统 threshold that the statistics office has not counted
(入库) yet, in the user's scope, with their checklist progress and a summary per region."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from sanpi.accounts.access import region_codes_below, scope_projects
from sanpi.progress import counting
from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import Project

from .selectors import _region_groups


def uncounted_projects(*, user, as_of: dt.date, region: str | None = None) -> QuerySet:
    """The projects, earliest start first, each annotated with `documents` (checklist items received)."""
    qs = (scope_projects(Project.objects.all(), user)
          .filter(started_on__isnull=False, started_on__lte=as_of, in_statistics=False,
                  total_investment_wan__gte=counting.THRESHOLD_WAN)
          .exclude(stage=Stage.TERMINATED))
    if region:
        qs = qs.filter(region__in=region_codes_below(region))
    return (qs.select_related("region", "owner").annotate(documents=Count("statistics_documents"))
            .order_by("started_on", "id"))


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    count: int
    total_wan: Decimal


def uncounted_by_region(*, user, as_of: dt.date) -> tuple[str, list[RegionRow]]:
    """(level name, rows): one row per region below the user's (a province's by reporting unit, so
    航空港区 is its own row, as everywhere), summed in the database."""
    mapping, level = _region_groups(user)
    grouped = (uncounted_projects(user=user, as_of=as_of).order_by().values("region_id")
               .annotate(n=Count("id"), total=Sum("total_investment_wan")))
    rows: dict[str, list] = {}
    for item in grouped:
        code, name = mapping.get(item["region_id"], (item["region_id"], item["region_id"]))
        row = rows.setdefault(code, [name, 0, Decimal(0)])
        row[1] += item["n"]
        row[2] += item["total"] or Decimal(0)
    return level, [RegionRow(code, name, n, total) for code, (name, n, total) in sorted(rows.items())]


def checklist_status(project, as_of: dt.date) -> dict:
    """For one listed project: due date of its documents, days overdue, and how many are still open."""
    due = counting.registration_due(project.started_on)
    return {"due": due, "days_overdue": counting.days_overdue(project.started_on, as_of),
            "missing": len(counting.DOCUMENTS) - project.documents}


def counted_by_month(*, project, year: int) -> list[dict]:
    """纳统 of one project (already access-checked) in `year`: for each month with a filed report or a
    counted figure, the report's 本月完成投资 (调度数) beside the statistics office's 纳统投资, two queries."""
    from sanpi.progress.models import CountedInvestment, MonthlyReport

    completed = dict(MonthlyReport.objects.filter(project=project, year=year, is_current=True)
                     .values_list("month", "month_completed_wan"))
    counted = {c.month: c for c in CountedInvestment.objects.filter(project=project, year=year)}
    return [{"month": m, "completed_wan": completed.get(m),
             "counted_wan": counted[m].counted_wan if m in counted else None,
             "note": counted[m].note if m in counted else ""} for m in sorted({*completed, *counted})]

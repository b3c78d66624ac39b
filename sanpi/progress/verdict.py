"""One verdict per figure: the month every page judges a project's investment in, and the figures it
judges — the rule the dashboard's summary, the projects' progress bars and the lights share.

- The month is the latest month the lights were evaluated for (else the month before today): the
  lights' month, so a bar never judges November while the lights judge October.
- The reports that count are the current submitted, approved or locked ones (the lights' rule in
  evaluation.py and the summary's in plan_figures.py): a report counts once it is submitted; the bar
  says when it still awaits review.
- 自年初累计 is the largest of the year's counted reports up to the month; a project whose report for
  the month is missing is judged on its latest month, against the month's 序时进度 (as the lights do).
- 序时进度 is the monthly cumulative plan ÷ the annual plan where the project has one, else months ÷ 12
  (rules.time_benchmark).
"""

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery

from sanpi.projects.models import AnnualPlan

from .evaluation import COUNTED
from .models import MonthlyPlan, MonthlyReport


def verdict_month(today: dt.date) -> tuple[int, int]:
    """(year, month) every page judges investment against 序时进度 for."""
    from .selectors import latest_evaluated_month, previous_month

    return latest_evaluated_month() or previous_month(today)


def with_verdict_figures(qs: QuerySet, *, year: int, month: int) -> QuerySet:
    """Projects annotated with the figures of their verdict for (year, month): `pb_since_start`,
    `pb_year`, `pb_month`, `pb_status` of the latest counted report up to the month, `pb_ytd` (the
    year's largest 自年初累计 up to the month), `pb_plan` (年度计划投资) and `pb_cumulative_plan` (the
    month's cumulative plan, or None). Subqueries on indexed columns: no query per project."""
    counted = MonthlyReport.objects.filter(project=OuterRef("pk"), is_current=True, status__in=COUNTED)
    up_to = counted.filter(Q(year__lt=year) | Q(year=year, month__lte=month)).order_by("-year", "-month")
    this_year = counted.filter(year=year, month__lte=month).order_by("-ytd_completed_wan")
    plan = AnnualPlan.objects.filter(project=OuterRef("pk"), year=year)
    cumulative = MonthlyPlan.objects.filter(plan__project=OuterRef("pk"), plan__year=year, month=month)
    return qs.annotate(
        pb_since_start=Subquery(up_to.values("since_start_completed_wan")[:1]),
        pb_year=Subquery(up_to.values("year")[:1]), pb_month=Subquery(up_to.values("month")[:1]),
        pb_status=Subquery(up_to.values("status")[:1]),
        pb_ytd=Subquery(this_year.values("ytd_completed_wan")[:1]),
        pb_plan=Subquery(plan.values("planned_investment_wan")[:1]),
        pb_cumulative_plan=Subquery(cumulative.values("cumulative_planned_wan")[:1]),
    )

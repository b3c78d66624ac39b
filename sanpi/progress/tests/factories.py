"""Factories for progress tests: plans and reports written directly (fast)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from sanpi.progress.models import MonthlyReport
from sanpi.projects.models import AnnualPlan


def make_plan(project, year: int = 2024, planned_wan="12000", **fields) -> AnnualPlan:
    return AnnualPlan.objects.create(project=project, year=year, planned_investment_wan=Decimal(planned_wan), **fields)


def make_reports(project, year: int, amounts: list, *, status: str = "approved", since_start_before="0",
                 on_time: bool = True) -> list[MonthlyReport]:
    """Reports for months 1..len(amounts) with consistent cumulative figures, submitted on the 3rd
    of the following month (or the 20th when not on time)."""
    rows, ytd, since = [], Decimal(0), Decimal(since_start_before)
    for month, amount in enumerate(amounts, start=1):
        amount = Decimal(amount)
        ytd += amount
        since += amount
        day = 3 if on_time else 20
        submitted = timezone.make_aware(dt.datetime(year + month // 12, month % 12 + 1, day, 10, 0))
        rows.append(MonthlyReport.objects.create(
            project=project, year=year, month=month, month_completed_wan=amount, ytd_completed_wan=ytd,
            since_start_completed_wan=since, status=status, submitted_at=submitted))
    return rows

"""Factories for progress tests: plans and reports written directly (fast)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from sanpi.progress.models import MonthlyReport
from sanpi.projects.models import AnnualPlan
from sanpi.testing import make_project, make_user


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


def reminder_world(enterprise_org):
    """For the reminder tests: 安图三期 missing June 2024, one project filed, one started only in July."""
    started = [("signed", dt.date(2023, 3, 1)), ("started", dt.date(2023, 9, 1))]
    missing = make_project("安图三期", owner=enterprise_org, stages=started)
    make_plan(missing, 2024)
    not_yet = make_project("七月开工项目", owner=enterprise_org,
                           stages=[("signed", dt.date(2024, 3, 1)), ("started", dt.date(2024, 7, 2))])
    make_plan(not_yet, 2024)  # not started in June: owes no June report
    filed = make_project(owner=enterprise_org, stages=started)
    make_plan(filed, 2024)
    make_reports(filed, 2024, ["1"] * 6)
    quiet = make_user("no_mail", role="enterprise", organisation=enterprise_org)
    quiet.email = ""
    quiet.save()
    return missing, filed

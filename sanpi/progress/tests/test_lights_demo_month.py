"""Lights that make sense over a whole demo month: before the due date nothing says "未报" for the
month; after it, reports missing two months running give the overdue red; no project's reasons
contradict each other. Builds the demo once for the module."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import reset_database_baseline
from sanpi.progress import demo
from sanpi.progress.evaluation import evaluate_month
from sanpi.progress.models import Light, MonthlyReport, ProjectLight
from sanpi.projects import demo as projects_demo
from sanpi.projects.models import AnnualPlan, Project

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def month(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        projects_demo.build(generated=150)
        demo.build()
        today = timezone.localdate()
        yield (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        reset_database_baseline()


def _reasons(year, m):
    return {pl.project_id: list(pl.reasons) for pl in ProjectLight.objects.filter(year=year, month=m)}


def _contradictions(reasons: list[str]) -> list[str]:
    text = " ".join(reasons)
    late = set(re.findall(r"(\d+)月未报", text)) | set(re.findall(r"(\d+)月月报未在", text))
    on_time = set(re.findall(r"(\d+)月月报已按时报送", text))
    return sorted(late & on_time)


def test_before_the_due_date_no_light_says_the_month_is_missing(month):
    year, m = month
    due = dt.date(year + m // 12, m % 12 + 1, 5)
    result = evaluate_month(year=year, month=m, as_of=due - dt.timedelta(days=4))
    assert result["projects"] > 55  # only the projects that report are planned (issue 13), ~65 a month
    for pid, reasons in _reasons(year, m).items():
        text = " ".join(reasons)
        assert f"{m}月未报" not in text and f"{m}月月报未在" not in text, (pid, reasons)
        assert not _contradictions(reasons), (pid, reasons)
    for reason in Light.objects.filter(year=year, month=m).values_list("reason", flat=True):
        assert f"{m}月未报" not in reason and f"{m}月月报未在" not in reason, reason


def test_after_the_due_date_two_missing_months_are_red_and_nothing_contradicts(month):
    year, m = month
    due = dt.date(year + m // 12, m % 12 + 1, 5)
    evaluate_month(year=year, month=m, as_of=due + dt.timedelta(days=5))
    filed = set(MonthlyReport.objects.filter(year=year, month__in=[m - 1, m], is_current=True,
                                             status__in=["submitted", "approved", "locked"])
                .values_list("project_id", flat=True))
    overdue = Light.objects.filter(year=year, month=m, dimension="report_overdue")
    missing_both = overdue.exclude(project_id__in=filed)
    assert missing_both.exists()
    assert set(missing_both.values_list("colour", flat=True)) == {"red"}
    for pid, reasons in _reasons(year, m).items():
        assert not _contradictions(reasons), (pid, reasons)


def test_evaluated_before_the_due_date_two_missing_due_months_are_red_too(month):
    """November on 12-01: October and September are the due months; missing both is red, not yellow."""
    year, m = month
    if m < 3:
        pytest.skip("needs two due months in the same year")
    due = dt.date(year + m // 12, m % 12 + 1, 5)
    # A planned project whose office has filed nothing (the demo plans only the projects that report).
    silent = Project.objects.filter(stage__in=["signed", "started"]).exclude(
        pk__in=MonthlyReport.objects.values("project_id")).order_by("id").first()
    AnnualPlan.objects.create(project=silent, year=year, planned_investment_wan=Decimal(5000))
    evaluate_month(year=year, month=m, as_of=due - dt.timedelta(days=4))
    filed = set(MonthlyReport.objects.filter(year=year, month__in=[m - 2, m - 1], is_current=True,
                                             status__in=["submitted", "approved", "locked"])
                .values_list("project_id", flat=True))
    missing = Light.objects.filter(year=year, month=m, dimension="report_overdue").exclude(project_id__in=filed)
    assert silent.pk in set(missing.values_list("project_id", flat=True))
    assert set(missing.values_list("colour", flat=True)) == {"red"}


def test_the_demo_month_is_mostly_on_plan(month):
    """A credible board: roughly 10–20% red (the full demo measured 13 of 82), never half of all projects."""
    year, m = month
    followed = sorted(set(MonthlyReport.objects.values_list("project_id", flat=True)))  # the demo's sample
    evaluate_month(year=year, month=m, project_ids=followed)
    colours = list(ProjectLight.objects.filter(year=year, month=m, project_id__in=followed)
                   .values_list("colour", flat=True))
    red = colours.count("red") / len(colours)
    assert 0.03 <= red <= 0.25, (colours.count("red"), len(colours))
    assert colours.count("green") >= 0.4 * len(colours)


def test_the_demo_counts_investment_beside_the_reports(month):
    from django.db.models import F

    from sanpi.progress.models import CountedInvestment, StatisticsDocument

    counted = CountedInvestment.objects.all()
    assert counted.exists() and not counted.filter(project__in_statistics=False).exists()
    locked = {(r.project_id, r.year, r.month): r.month_completed_wan
              for r in MonthlyReport.objects.filter(status="locked", is_current=True)}
    for c in counted:  # the statistics office counts at most what the ledger reports
        assert 0 < c.counted_wan <= locked[(c.project_id, c.year, c.month)]
    assert not StatisticsDocument.objects.filter(project__in_statistics=True).exists()
    assert not StatisticsDocument.objects.filter(received_on__lt=F("project__started_on")).exists()


def test_no_demo_report_is_filed_or_approved_in_the_future(month):
    now = timezone.now()
    assert not MonthlyReport.objects.filter(submitted_at__gt=now).exists()
    assert not MonthlyReport.objects.filter(approved_at__gt=now).exists()
    assert MonthlyReport.objects.filter(submitted_at__isnull=False).exists()

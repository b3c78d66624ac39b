"""The report page gives a reviewer what to check against: the project (linked), annual plan and
序时进度, last month, completion rates (an overrun shown and flagged), photos with time and place,
the report's history, and approve / return side by side."""

import re
from decimal import Decimal

import pytest

from sanpi.progress.models import MonthlyPlan
from sanpi.progress.review import report_review_context
from sanpi.testing import make_project

from .factories import make_plan, make_reports

pytestmark = pytest.mark.django_db


def test_context_against_plan_and_last_month():
    project = make_project("审核项目", region="410171", total_investment_wan=Decimal(100000))
    make_plan(project, year=2025, planned_wan="12000")
    *_, previous, report = make_reports(project, 2025, ["1000", "1500", "2000"])
    context = report_review_context(report=report)
    assert context.annual_plan_wan == Decimal(12000)
    assert context.time_benchmark == Decimal("25.0")  # 3 ÷ 12
    assert context.completion_rate == Decimal("37.5")  # 4500 ÷ 12000
    assert context.gap_text == "超序时进度 12.5 个百分点"
    assert context.previous == previous and context.month_change_wan == Decimal(500)
    assert context.total_rate == Decimal("4.5") and not context.overrun


def test_monthly_plan_sets_the_benchmark_and_overrun_is_flagged():
    project = make_project("超计划项目", region="410171", total_investment_wan=Decimal(3000))
    plan = make_plan(project, year=2025, planned_wan="2000")
    MonthlyPlan.objects.create(plan=plan, month=2, cumulative_planned_wan=Decimal(1000))
    report = make_reports(project, 2025, ["1500", "1700"])[-1]
    context = report_review_context(report=report)
    assert context.time_benchmark == Decimal("50.0")
    assert context.completion_rate == Decimal("160.0") and context.overrun and context.bar_rate == 100
    assert context.total_rate == Decimal("106.7") and context.total_overrun


def test_review_page_shows_the_context(client, zone_user):
    project = make_project("审核页面项目", region="410171", total_investment_wan=Decimal(10000))
    make_plan(project, year=2025, planned_wan="1000")
    report = make_reports(project, 2025, ["600", "700"], status="approved")[-1]
    report.status = "submitted"
    report.save()
    client.force_login(zone_user)
    html = client.get(f"/progress/reports/{report.pk}/").content.decode()
    assert f'href="{project.get_absolute_url()}" id="report-project"' in html
    assert re.search(r'data-testid="annual-plan">1000<', html)
    assert re.search(r'data-testid="benchmark">16.7<', html)
    assert 'data-testid="completion">130.0 <span class="badge text-bg-warning" data-testid="overrun">超年度计划' in html
    assert re.search(r'data-testid="month-change">100<', html)
    assert 'id="approve"' in html and 'id="return"' in html and "流转记录" in html

"""A double-click on 保存并报送 (a phone on a poor network, an impatient tap): one report, no error
page. The button disables itself (static/web/submit-once.js); the server is safe without it too
(sanpi/progress/tests/test_concurrency.py)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_double_click_on_save_and_submit_files_one_report(session, demo):
    from sanpi.progress.models import MonthlyReport

    antu = demo["antu"]
    MonthlyReport.objects.filter(project=antu).delete()
    enterprise = session("enterprise")
    page = enterprise.page
    enterprise.goto(f"/progress/reports/new/?project={antu.pk}")
    expect(page.locator("h1")).to_contain_text(antu.name)
    page.fill("#month_completed_wan", "8000")
    # its first report since it started in 2023: the opening cumulative figures are given (decisions.md)
    page.fill("#ytd_completed_wan", "8000")
    page.fill("#since_start_completed_wan", "200000")
    page.fill("#progress_text", "主体结构封顶")
    page.dblclick("button:has-text('保存并报送')")
    expect(page.locator("#report-status")).to_have_text("已报送")
    assert MonthlyReport.objects.filter(project=antu).count() == 1
    report = MonthlyReport.objects.get(project=antu)
    assert report.status == "submitted" and report.steps.filter(action="submit").count() == 1

    # Without the guard (script off, or two taps that each reached the server): still one report.
    enterprise.goto(f"/progress/reports/new/?project={antu.pk}&year={report.year}&month={report.month}")
    expect(page.locator("#report-status")).to_have_text("已报送")  # an existing report opens, not a new form
    assert MonthlyReport.objects.filter(project=antu).count() == 1

"""下载预填的月报表 follows the month picker (static/web/month-link.js), in a real browser."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_report_workbook_link_follows_the_month_picker(session):
    jingkai = session("jingkai")
    page = jingkai.page
    jingkai.goto("/ingest/import/")
    link = page.locator("[data-testid=reports-download]")
    page.fill("#month", "2024-08")
    page.dispatch_event("#month", "change")
    assert link.get_attribute("href") == "/ingest/export/reports.xlsx?month=2024-08"

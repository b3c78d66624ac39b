"""Pages over services that had none: correct a locked report, due dates per region, notifications
(read/unread), revise a closed period."""

import datetime as dt
from decimal import Decimal

import pytest

from sanpi.activities import services as activities
from sanpi.activities.models import ListEntry
from sanpi.progress.models import MonthlyReport, ReportingMonth
from sanpi.testing import make_project

from .factories import make_plan, make_reports

pytestmark = pytest.mark.django_db


def test_a_locked_report_is_corrected_from_its_page(client, zone_user, enterprise_user):
    project = make_project("更正项目", region="410171")
    make_plan(project, year=2025)
    report = make_reports(project, 2025, ["100", "200"], status="locked")[-1]
    client.force_login(zone_user)
    detail = client.get(f"/progress/reports/{report.pk}/").content.decode()
    assert f'href="/progress/reports/{report.pk}/correct/"' in detail
    refused = client.post(f"/progress/reports/{report.pk}/correct/", {"month_completed_wan": "250", "reason": ""})
    assert refused.status_code == 400 and "必须填写更正原因" in refused.content.decode()
    response = client.post(f"/progress/reports/{report.pk}/correct/", {
        "month_completed_wan": "250", "ytd_completed_wan": "350", "since_start_completed_wan": "350",
        "reason": "统计口径更正"})
    new = MonthlyReport.objects.get(project=project, year=2025, month=2, is_current=True)
    assert response.status_code == 302 and new.version == 2 and new.month_completed_wan == Decimal(250)
    client.force_login(enterprise_user)
    assert client.get(f"/progress/reports/{report.pk}/correct/").status_code in (403, 404)


def test_due_dates_per_region(client, zone_user, enterprise_user):
    client.force_login(zone_user)
    response = client.post("/progress/due-dates/", {"year": "2026", "month": "11", "due_date": "2026-12-08"})
    assert response.status_code == 302
    row = ReportingMonth.objects.get(year=2026, month=11)
    assert row.region_id == "410171" and row.due_date == dt.date(2026, 12, 8)
    html = client.get("/progress/due-dates/").content.decode()
    assert "2026-12-08" in html and "郑州经济技术开发区" in html
    bad = client.post("/progress/due-dates/", {"year": "2026", "month": "11", "due_date": "2026-11-03"})
    assert bad.status_code == 400 and "报送截止日期应在 2026年11月之后" in bad.content.decode()
    client.force_login(enterprise_user)
    assert client.get("/progress/due-dates/").status_code == 403


def test_a_closed_period_is_revised_from_its_page(client, province_user, zone_user):
    period = activities.period_create(user=province_user, number=11, held_on=dt.date(2026, 10, 18),
                                      host_region="410000", status="open")
    entry = ListEntry.objects.create(period=period, batch="signed", project=make_project(region="410171"),
                                     region_id="410171", declared_total_investment_wan=Decimal(50000))
    activities.period_close(user=province_user, period_id=period.pk)
    client.force_login(province_user)
    assert 'id="revise-period"' in client.get(f"/activities/periods/{period.pk}/").content.decode()
    bad = client.post(f"/activities/periods/{period.pk}/revise/", {"changes": "x=1", "reason": "更正"})
    assert bad.status_code == 400 and "无法识别" in bad.content.decode()
    response = client.post(f"/activities/periods/{period.pk}/revise/",
                           {"changes": f"{entry.pk}=52000", "reason": "企业更正申报数"})
    assert response.status_code == 302 and response["Location"].endswith("?revision=2")
    entry.refresh_from_db()
    assert entry.declared_total_investment_wan == Decimal(52000)
    client.force_login(zone_user)
    page = client.get(f"/activities/periods/{period.pk}/revise/").content.decode()
    assert "只有举办地区的项目办可以更正本期统计" in page

"""导出 Excel on every list page: the workbook holds exactly the rows the filtered page lists, in its
order; large exports go through the queue; ids in the query string answer 404 alike when foreign."""

import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from python_calamine import CalamineWorkbook

from sanpi.activities.models import KeyProjectEntry, KeyProjectList, ListEntry, Period
from sanpi.ingest.models import ExportJob
from sanpi.progress.models import MonthlyReport, Problem
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the queue runs in immediate mode in tests (conftest)


def sheet(response) -> list[list]:
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_object(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def export_href(html: str) -> str:
    return re.search(r'data-testid="export" href="([^"]+)"', html)[1].replace("&amp;", "&")


def test_filtered_report_list_exports_its_rows_in_its_order(client, province_user):
    project = make_project("导出月报项目", region="410171")
    for month in range(1, 7):
        MonthlyReport.objects.create(
            project=project, year=2025, month=month, month_completed_wan=Decimal(month * 10),
            ytd_completed_wan=Decimal(month), since_start_completed_wan=Decimal(month),
            status=MonthlyReport.Status.APPROVED if month % 2 else MonthlyReport.Status.SUBMITTED)
    client.force_login(province_user)
    html = client.get("/progress/reports/?year=2025&status=approved&sort=-month_wan").content.decode()
    href = export_href(html)
    assert "status=approved" in href and "sort=-month_wan" in href and "year=2025" in href
    rows = sheet(client.get(href))
    header = rows[1]
    body = [dict(zip(header, r, strict=True)) for r in rows[2:]]
    assert [r["报告期"] for r in body] == ["2025-05", "2025-03", "2025-01"]
    assert [r["本月完成投资（万元）"] for r in body] == [50.0, 30.0, 10.0]
    assert {r["状态"] for r in body} == {"已审核"}


def test_problem_and_light_and_period_exports_match_the_page(client, province_user):
    project = make_project("导出问题项目", region="410171")
    for i, kind in enumerate(["land", "funds", "land"]):
        Problem.objects.create(project=project, kind=kind, description=f"问题{i}", responsible_department="局",
                               deadline=f"2026-12-1{i}", raised_at="2026-11-01")
    client.force_login(province_user)
    html = client.get("/progress/problems/?kind=land&sort=-deadline").content.decode()
    rows = sheet(client.get(export_href(html)))
    assert [r[4] for r in rows[2:]] == ["问题2", "问题0"]

    period = Period.objects.create(number=11, held_on="2026-10-18", level=Period.Level.PROVINCE,
                                   host_region_id="410000")
    for i, wan in enumerate([20000, 50000, 30000]):
        p = make_project(f"清单项目{i}", region="410171", total_investment_wan=Decimal(wan))
        ListEntry.objects.create(period=period, batch="started" if i else "signed", project=p, region_id="410171",
                                 declared_total_investment_wan=Decimal(wan))
    html = client.get(f"/activities/periods/{period.pk}/?batch=started&sort=name").content.decode()
    rows = sheet(client.get(export_href(html)))
    assert [r[3] for r in rows[2:]] == ["清单项目1", "清单项目2"]
    assert [r[6] for r in rows[2:]] == [50000.0, 30000.0]


def test_a_foreign_or_missing_period_or_key_list_is_the_same_404(client, zone_user):
    foreign = Period.objects.create(number=3, held_on="2026-10-18", level=Period.Level.CITY, host_region_id="410300")
    key_list = KeyProjectList.objects.create(name="洛阳名单", level="city", region_id="410300", year=2026, batch=1)
    KeyProjectEntry.objects.create(key_list=key_list, project=make_project(region="410302"),
                                   declared_total_investment_wan=Decimal(1))
    client.force_login(zone_user)
    for kind, key, value in (("period_entries", "period", foreign.pk), ("keylist_entries", "keylist", key_list.pk)):
        a = client.get(f"/ingest/export/list/{kind}.xlsx?{key}={value}")
        b = client.get(f"/ingest/export/list/{kind}.xlsx?{key}=987654321")
        assert a.status_code == b.status_code == 404
    assert client.get("/ingest/export/list/users.xlsx").status_code == 404


def test_a_large_list_export_is_queued_and_reads_back(client, province_user, settings, media):
    project = make_project("排队导出项目", region="410171")
    for month in range(1, 5):
        MonthlyReport.objects.create(project=project, year=2025, month=month, month_completed_wan=Decimal(month),
                                     ytd_completed_wan=Decimal(1), since_start_completed_wan=Decimal(1))
    settings.EXPORT_QUEUE_ROWS = 2
    client.force_login(province_user)
    response = client.get("/ingest/export/list/reports.xlsx?year=2025&sort=month")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.kind == "reports" and job.total == 4
    page = client.get(response["Location"]).content.decode()
    assert "导出月报（4 行）" in page and 'data-testid="download"' in page
    rows = sheet(client.get(f"/ingest/export/jobs/{job.pk}/file.xlsx"))
    assert [r[4] for r in rows[2:]] == ["2025-01", "2025-02", "2025-03", "2025-04"]


@pytest.mark.parametrize("url", ["/activities/", "/activities/keylists/", "/progress/reports/", "/progress/lights/",
                                 "/progress/problems/"])
def test_every_list_page_links_an_export_that_answers(client, province_user, url):
    client.force_login(province_user)
    href = export_href(client.get(url).content.decode())
    response = client.get(href)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")

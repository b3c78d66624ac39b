"""Sortable headers and the pager (sanpi/web/listing.py) on the list pages: whitelisted keys, filters
kept, every row reachable, a hint when the list is long."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.http import QueryDict

from sanpi.activities.models import KeyProjectEntry, KeyProjectList, ListEntry, Period
from sanpi.progress.models import MonthlyReport, Problem
from sanpi.projects.models import Project
from sanpi.testing import make_project
from sanpi.web import listing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def names(html: str, marker: str = "批量") -> list[str]:
    return re.findall(rf">({marker}[^<]*)</a>", html)


def test_sort_key_outside_the_whitelist_falls_back_to_the_default():
    columns = {"name": "name", "total": "total_investment_wan"}
    assert listing.sort_from(QueryDict("sort=-total"), columns, "name").key == "-total"
    for bad in ("password", "--total", "-", "total_investment_wan", "name;drop"):
        assert listing.sort_from(QueryDict(f"sort={bad}"), columns, "name").key == "name"


def test_descending_sort_puts_nulls_last_and_breaks_ties_by_id():
    a = make_project("批量A", total_investment_wan=Decimal(5))
    b = make_project("批量B", total_investment_wan=None)
    c = make_project("批量C", total_investment_wan=Decimal(5))
    d = make_project("批量D", total_investment_wan=Decimal(9))
    sort = listing.sort_from(QueryDict("sort=-total"), {"total": "total_investment_wan"}, "total")
    ordered = list(sort.order(Project.objects.filter(name__startswith="批量")).values_list("pk", flat=True))
    assert ordered == [d.pk, c.pk, a.pk, b.pk]
    sort = listing.sort_from(QueryDict("sort=total"), {"total": "total_investment_wan"}, "total")
    ordered = list(sort.order(Project.objects.filter(name__startswith="批量")).values_list("pk", flat=True))
    assert ordered == [a.pk, c.pk, d.pk, b.pk]


def test_ledger_header_sorts_and_keeps_the_filters(client, province_user):
    for i, wan in enumerate([300, 100, 200]):
        make_project(f"批量{i}", region="410171", total_investment_wan=Decimal(wan))
    make_project("其他项目", region="410171", total_investment_wan=Decimal(999))
    client.force_login(province_user)
    html = client.get("/projects/?q=批量").content.decode()
    header = re.search(r'<a href="([^"]+)" data-sort="investment">', html)[1].replace("&amp;", "&")
    assert "q=" in header and "sort=-investment" in header
    html = client.get("/projects/" + header).content.decode()
    assert names(html) == ["批量0", "批量2", "批量1"]  # 300, 200, 100 万元; 其他项目 filtered out
    assert 'aria-sort="descending"' in html
    html = client.get("/projects/?q=批量&sort=investment").content.decode()
    assert names(html) == ["批量1", "批量2", "批量0"]


def test_ledger_pages_past_500_answer_and_totals_offer_the_last_page(client, province_user, monkeypatch):
    from sanpi.stats import ledger

    monkeypatch.setattr(ledger, "PAGE_SIZE", 1)
    monkeypatch.setattr(ledger, "MAX_PAGE", 3)
    for i in range(6):
        make_project(f"批量{i}", region="410171", total_investment_wan=Decimal(i))
    client.force_login(province_user)
    html = client.get("/projects/?q=批量&sort=investment&page=6").content.decode()
    assert names(html) == ["批量5"] and "下一页" not in html and "第 6 页" in html
    totals = client.get("/projects/totals/?q=批量&sort=investment&page=6").content.decode()
    assert "第 6 / 6 页" in totals and "page=6" in totals and 'data-testid="narrow-hint"' in totals
    assert 'name="sort" value="investment"' in totals  # the jump box keeps the sort and the filters


def test_report_list_pages_every_row_and_sorts(client, province_user):
    project = make_project("批量月报项目", region="410171")
    for month in range(1, 13):
        MonthlyReport.objects.create(project=project, year=2025, month=month, month_completed_wan=Decimal(month),
                                     ytd_completed_wan=Decimal(month), since_start_completed_wan=Decimal(month),
                                     status=MonthlyReport.Status.APPROVED)
    client.force_login(province_user)
    html = client.get("/progress/reports/?year=2025&sort=-month_wan").content.decode()
    assert "共 12 条" in html
    months = re.findall(r"<td>2025-(\d\d)</td>", html)
    assert months == [f"{m:02d}" for m in range(12, 0, -1)]
    html = client.get("/progress/reports/?year=2025&sort=month_wan").content.decode()
    assert re.findall(r"<td>2025-(\d\d)</td>", html)[0] == "01"


@pytest.mark.parametrize("url", ["/activities/?sort=-signed_total", "/activities/keylists/?sort=-n",
                                 "/progress/lights/?sort=name", "/progress/problems/?sort=-letters",
                                 "/progress/reports/?rsort=-ytd_wan&sort=status"])
def test_every_list_accepts_its_header_sorts(client, province_user, url):
    client.force_login(province_user)
    response = client.get(url)
    assert response.status_code == 200
    assert 'class="sortable' in response.content.decode()


def test_period_and_key_list_entries_sort_by_header(client, province_user):
    period = Period.objects.create(number=11, held_on="2026-10-18", level=Period.Level.PROVINCE,
                                   host_region_id="410000")
    key_list = KeyProjectList.objects.create(name="2026年省重点", level="province", region_id="410000", year=2026,
                                             batch=1)
    for i, wan in enumerate([20000, 50000, 30000]):
        p = make_project(f"批量{i}", region="410171", total_investment_wan=Decimal(wan))
        ListEntry.objects.create(period=period, batch="signed", project=p, region_id="410171",
                                 declared_total_investment_wan=Decimal(wan))
        KeyProjectEntry.objects.create(key_list=key_list, project=p, declared_total_investment_wan=Decimal(wan))
    client.force_login(province_user)
    html = client.get(f"/activities/periods/{period.pk}/?batch=signed&sort=total").content.decode()
    assert names(html) == ["批量0", "批量2", "批量1"]
    html = client.get(f"/activities/keylists/{key_list.pk}/?sort=-name").content.decode()
    assert names(html) == ["批量2", "批量1", "批量0"]


def test_problem_list_pages(client, province_user, monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 2)
    project = make_project("批量问题项目", region="410171")
    for i in range(5):
        Problem.objects.create(project=project, kind=Problem.Kind.LAND, description=f"问题{i}",
                               responsible_department="自然资源局", deadline=f"2026-12-{10 + i}",
                               raised_by=province_user, raised_at="2026-11-01")
    client.force_login(province_user)
    html = client.get("/progress/problems/?sort=-deadline&page=3").content.decode()
    assert "共 5 条，第 3 / 3 页" in html and "问题0" in html and "问题4" not in html


def test_import_jobs_sort_by_header(client, zone_user):
    from sanpi.ingest.models import ImportJob

    for name, errors in (("批量甲.xlsx", 3), ("批量乙.xlsx", 0), ("批量丙.xlsx", 7)):
        ImportJob.objects.create(user=zone_user, original_name=name, file="imports/t.xlsx", error_count=errors)
    client.force_login(zone_user)
    html = client.get("/ingest/import/?sort=-error_count").content.decode()
    assert names(html) == ["批量丙.xlsx", "批量甲.xlsx", "批量乙.xlsx"] and "共 3 条" in html

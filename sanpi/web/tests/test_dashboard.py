"""The dashboard and 待办 pages as each role sees them."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from sanpi.activities.models import ListEntry, Period
from sanpi.projects.models import AnnualPlan
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def period(enterprise_org):
    period = Period.objects.create(number=11, held_on=dt.date(2024, 1, 2), host_region_id="410000",
                                   status=Period.Status.OPEN)
    jingkai = make_project("经开区开工项目", region="410171", owner=enterprise_org,
                           stages=[("started", dt.date(2023, 10, 18))])
    kaifeng = make_project("开封开工项目", region="410205", stages=[("started", dt.date(2023, 9, 1))])
    signed = make_project("开封签约项目", region="410205", stages=[("signed", dt.date(2023, 12, 1))])
    for project, batch, wan in ((jingkai, "started", "190000"), (kaifeng, "started", "84000"),
                                (signed, "signed", "66430000")):
        ListEntry.objects.create(period=period, batch=batch, project=project, region=project.region,
                                 declared_total_investment_wan=Decimal(wan))
    return period


def card(html: str, batch: str) -> str:
    match = re.search(rf'data-testid="period-{batch}".*?figure-value">(.*?)</div>', html, re.S)
    return match.group(1).strip()


def test_province_dashboard_shows_the_period_lists_as_released(client, period, province_user):
    client.force_login(province_user)
    html = client.get("/").content.decode()
    assert "第11期“三个一批”（2024-01-02" in html
    assert card(html, "signed") == "1 个 · 6643亿元"
    assert card(html, "started") == "2 个 · 27.4亿元"
    assert card(html, "producing") == "0 个 · 0亿元"
    assert f'href="/activities/periods/{period.pk}/?batch=started"' in html
    assert f'href="/projects/?period={period.pk}&amp;batch=started"' in html
    charts = json.loads(re.search(r'id="chart-data" type="application/json">(.*?)</script>', html).group(1))
    assert {r["label"]: r["count"] for r in charts["regions"]} == {"郑州市": 1, "开封市": 2}
    assert [(r["label"], r["count"]) for r in charts["funnel"]] == [("签约", 1), ("开工", 2), ("投产", 0)]


def test_zone_dashboard_counts_only_its_region(client, period, zone_user):
    client.force_login(zone_user)
    html = client.get("/").content.decode()
    assert "其中郑州经济技术开发区" in html
    assert card(html, "started") == "1 个 · 19亿元"
    assert card(html, "signed") == "0 个 · 0亿元"
    assert '<div class="figure-value" data-testid="total-count">1 个</div>' in html


def test_period_list_filter_of_the_ledger(client, period, province_user, zone_user):
    client.force_login(province_user)
    html = client.get(f"/projects/?period={period.pk}&batch=started").content.decode()
    assert "经开区开工项目" in html and "开封开工项目" in html and "开封签约项目" not in html
    client.force_login(zone_user)
    html = client.get(f"/projects/?period={period.pk}").content.decode()
    assert "经开区开工项目" in html and "开封" not in html


def test_todo_page_by_role(client, period, enterprise_user, zone_user, province_user):
    today = timezone.localdate()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    project = ListEntry.objects.get(project__name="经开区开工项目").project
    AnnualPlan.objects.create(project=project, year=year, planned_investment_wan=Decimal("60000"))
    client.force_login(enterprise_user)
    html = client.get("/todo/").content.decode()
    assert f"经开区开工项目：填报{year}年{month}月月报" in html
    assert 'data-testid="count-to_file">1<' in html
    assert "三个一批清单待确认" not in html
    client.force_login(province_user)
    html = client.get("/todo/").content.decode()
    assert "河南省第11期（2024-01-02，进行中）：确认三个清单并关闭期次" in html
    client.force_login(zone_user)
    html = client.get("/todo/").content.decode()
    assert "河南省第11期（2024-01-02，进行中）：申报或核对本地区清单项目" in html


def test_dashboard_shows_the_rates_table(client, province_user):
    from sanpi.approvals.models import ApprovalItem, ApprovalKind
    from sanpi.progress.selectors import previous_month

    year, _ = previous_month(dt.date.today())
    project = make_project(region="410171")
    AnnualPlan.objects.create(project=project, year=year, planned_investment_wan=1000)
    kinds = ApprovalKind.objects.filter(region=None).order_by("sort")[:3]
    ApprovalItem.objects.create(project=project, kind=kinds[0], status="done", done_on=dt.date(year, 1, 2))
    for kind in kinds[1:]:
        ApprovalItem.objects.create(project=project, kind=kind)
    client.force_login(province_user)
    html = client.get("/").content.decode()
    assert 'data-testid="rates"' in html and "前期手续办结率（%）" in html
    assert "33.3%<div class=\"text-muted\">1/3</div>" in html
    # 万元 amounts as a ledger writes them: 年度计划 1000 万元, not 1000.00
    table = html[html.index('data-testid="rates"'):]
    table = table[:table.index("</table>")]
    assert "/1000</div>" in table and "1000.00" not in table


def test_the_rates_are_read_with_the_stored_figures_not_recomputed_per_page(client, province_user):
    """The rates come from the dashboard snapshot (sanpi stats refresh); a change shows after a refresh."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sanpi.approvals.models import ApprovalItem, ApprovalKind
    from sanpi.progress.selectors import previous_month
    from sanpi.stats.selectors import dashboard_figures

    year, _ = previous_month(timezone.localdate())
    project = make_project(region="410171")
    AnnualPlan.objects.create(project=project, year=year, planned_investment_wan=1000)
    kinds = list(ApprovalKind.objects.filter(region=None).order_by("sort")[:2])
    ApprovalItem.objects.create(project=project, kind=kinds[0], status="done", done_on=dt.date(year, 1, 2))
    client.force_login(province_user)
    assert "100.0%<div class=\"text-muted\">1/1</div>" in client.get("/").content.decode()
    ApprovalItem.objects.create(project=project, kind=kinds[1])
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert "100.0%<div class=\"text-muted\">1/1</div>" in html  # the stored figures
    assert not [q for q in queries.captured_queries if "approvals_approvalitem" in q["sql"]]
    dashboard_figures(user=province_user, today=timezone.localdate(), refresh=True)
    assert "50.0%<div class=\"text-muted\">1/2</div>" in client.get("/").content.decode()

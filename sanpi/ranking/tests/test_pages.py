"""Targets (set from above, followed as value / target / %), ranking pages and downloads, the API,
the dashboard's target line, and 观摩 scoring feeding a scheme."""

import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client

from sanpi.api.services import token_create
from sanpi.progress.models import MonthlyReport
from sanpi.projects.models import AnnualPlan
from sanpi.ranking import rules
from sanpi.ranking.examples import examples_install
from sanpi.ranking.models import (
    InspectionEvent,
    InspectionItem,
    InspectionProject,
    InspectionScore,
    Ranking,
    RegionGroup,
    Scheme,
    Target,
)
from sanpi.ranking.scoring import ranking_compute
from sanpi.testing import make_project, make_user

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def province():
    return make_user("p_office", role="province", region="410000")


@pytest.fixture
def zhengzhou_project():
    p = make_project(region="410171", stages=[("started", dt.date(2024, 3, 1))], total_investment_wan=Decimal(8000))
    AnnualPlan.objects.create(project=p, year=2024, planned_investment_wan=Decimal(2000))
    MonthlyReport.objects.create(project=p, year=2024, month=6, status="approved", month_completed_wan=Decimal(1),
                                 ytd_completed_wan=Decimal(600), since_start_completed_wan=Decimal(600))
    return p


def test_province_sets_a_city_target_and_follows_it(province, zhengzhou_project):
    c = client_for(province)
    response = c.post("/ranking/targets/?year=2024&month=6", {
        "region": "410100", "investment_wan": "1000", "new_starts": "4", "new_starts_investment_wan": "",
        "q1_percent": "30", "q2_percent": "60", "q3_percent": "85"})
    assert response.status_code == 302
    target = Target.objects.get(region="410100", year=2024)
    assert (target.investment_wan, target.new_starts, target.set_by_region_id) == (Decimal(1000), 4, "410000")
    assert target.history.count() == 1
    page = c.get("/ranking/targets/?year=2024&month=6").content.decode()
    # June ends Q2: 60% of the annual targets are due. 600 / 600 = 100%; 1 start / 2.4 = 41.7%.
    row = page[page.index('data-code="410100"'):]
    row = row[:row.index("</tr>")]
    assert "600.00" in row and "100.0%" in row and "2.40" in row and "41.7%" in row
    book = openpyxl.load_workbook(io.BytesIO(c.get("/ranking/targets/export.xlsx?year=2024&month=6").content))
    sheet = book.active
    assert sheet.cell(2, 3).value == "完成投资目标（万元）"
    zz = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == "410100")
    assert zz[2:5] == (600.0, 600.0, 100.0)


def test_targets_come_from_above_only(province):
    city = make_user(role="city", region="410100")
    c = client_for(city)
    c.post("/ranking/targets/?year=2024", {"region": "410100", "investment_wan": "1"})
    c.post("/ranking/targets/?year=2024", {"region": "410300", "investment_wan": "1"})
    assert not Target.objects.exists()  # its own target and a neighbour's are refused
    c.post("/ranking/targets/?year=2024", {"region": "410171", "investment_wan": "-5"})
    assert not Target.objects.exists()
    from django.utils import timezone

    from sanpi.progress.selectors import previous_month

    year = previous_month(timezone.localdate())[0]  # the dashboard shows last month's year
    c.post(f"/ranking/targets/?year={year}", {"region": "410171", "investment_wan": "500"})
    assert Target.objects.get().region_id == "410171"
    zone = make_user(role="zone", region="410171")
    dashboard = client_for(zone).get("/").content.decode()
    line = dashboard[dashboard.index('data-testid="own-target"'):]
    assert line[:line.index("</p>")].startswith('data-testid="own-target">年度目标：完成投资 0 / 500 万元（0.0%）')


def test_ranking_page_publish_exports_and_api(province, zhengzhou_project):
    examples_install()
    scheme = Scheme.objects.get(name="河南月度考评示例")
    c = client_for(province)
    url = f"/ranking/schemes/{scheme.pk}/2024-06/"
    page = c.get(url).content.decode()
    assert "实时计算，未发布" in page and page.count('data-testid="ranking-row"') == 19
    assert 'id="ranking-chart-data"' in page and "ranking/ranking_chart" in page
    assert c.post(url + "publish/").status_code == 302
    ranking = Ranking.objects.get(scheme=scheme, period="2024-06")
    special = ranking.data["groups"][1]  # 济源 and 航空港区: no reports, no starts, tied at 1 → no 黑榜
    assert [r["rank"] for r in special["rows"]] == [1, 1] and len(special["red"]) == 1 and special["black"] == []
    assert "已发布第1版" in c.get(url).content.decode()
    book = openpyxl.load_workbook(io.BytesIO(c.get(url + "export.xlsx").content))
    assert book.sheetnames == ["省辖市", "济源示范区 航空港区"]
    docx = c.get(url + "bulletin.docx")
    assert docx["Content-Disposition"].startswith("attachment") and docx.content[:2] == b"PK"
    key = token_create(user=province, name="t").key
    api = Client(headers={"Authorization": f"Bearer {key}"})
    body = api.get(f"/api/v1/schemes/{scheme.pk}/rankings/2024-06").json()
    assert body == json.loads(json.dumps(ranking.data))
    assert api.post(f"/api/v1/schemes/{scheme.pk}/rankings/2024-06/publish", data="{}",
                    content_type="application/json").status_code == 409
    assert api.post(f"/api/v1/schemes/{scheme.pk}/rankings/2024-06/publish", data=json.dumps({"reason": "更正"}),
                    content_type="application/json").json()["revision"] == 2
    assert api.get(f"/api/v1/schemes/{scheme.pk}/rankings/2024-Q2").status_code == 404
    made = api.post("/api/v1/targets", data=json.dumps({"region": "410100", "year": 2024, "investment_wan": "1200"}),
                    content_type="application/json")
    assert made.status_code == 200 and made.json()["investment"]["annual"] == "1200.00"
    listed = api.get("/api/v1/targets?year=2024&month=6").json()
    assert {r["region"] for r in listed} >= {"410100", "410173", "419001"}
    assert [s["name"] for s in api.get("/api/v1/schemes").json()].count("河南月度考评示例") == 1


def test_inspection_scores_feed_the_scheme(province):
    examples_install()
    scorers = [make_user(f"scorer{i}", role="city", region="410100") for i in range(3)]
    event = InspectionEvent.objects.create(name="二季度观摩", region_id="410100", held_on=dt.date(2024, 6, 12))
    event.scorers.set(scorers)
    image = InspectionItem.objects.create(event=event, name="形象进度", weight=Decimal(40))
    benefit = InspectionItem.objects.create(event=event, name="综合效益", weight=Decimal(60))
    visits = [InspectionProject.objects.create(event=event, project=make_project(region=code), region_id=code)
              for code in ("410171", "410172")]
    marks = {0: [(30, 50), (40, 60), (20, 40)], 1: [(20, 30), (25, 35), (30, 40)]}
    for v, rows in marks.items():
        for scorer, (a, b) in zip(scorers, rows, strict=True):
            response = client_for(scorer).post(f"/ranking/inspections/{event.pk}/score/?visit={visits[v].pk}",
                                               {f"item_{image.pk}": a, f"item_{benefit.pk}": b})
            assert response.status_code == 302
    assert InspectionScore.objects.count() == 12
    refused = client_for(scorers[0]).post(f"/ranking/inspections/{event.pk}/score/?visit={visits[0].pk}",
                                          {f"item_{image.pk}": 41, f"item_{benefit.pk}": 1})
    assert "0 到 40.00 分之间" in refused.content.decode()
    outsider = make_user(role="zone", region="410171")
    assert client_for(outsider).get(f"/ranking/inspections/{event.pk}/score/").status_code == 403
    page = client_for(province).get(f"/ranking/inspections/{event.pk}/").content.decode()
    # drop high and low of three: the middle mark. 经开区 30 + 50 = 80; 高新区 25 + 35 = 60.
    assert "80.00" in page and "60.00" in page
    scheme = Scheme.objects.get(name="禹州30/30/30/10示例")
    data = ranking_compute(scheme=scheme, period=rules.parse_period("2024-Q2"))
    zones = next(g for g in data["groups"] if g["name"] == "功能区组")
    cells = {r["code"]: r["indicators"][3] for r in zones["rows"]}
    assert (cells["410171"]["value"], cells["410171"]["points"]) == ("80.00", "8.00")
    assert (cells["410172"]["value"], cells["410172"]["points"]) == ("60.00", "6.00")
    months = [c["figures"]["period"] for c in zones["rows"][0]["indicators"][:3]]
    assert months == ["2024-04", "2024-05", "2024-06"]
    assert RegionGroup.objects.filter(scheme=scheme).count() == 3


def test_admin_shows_a_city_its_own_schemes_only():
    examples_install()
    city = make_user(role="city", region="410100", is_staff=True, is_superuser=False)
    from django.contrib.auth.models import Permission

    city.user_permissions.set(Permission.objects.filter(content_type__app_label="ranking"))
    c = client_for(city)
    listing = c.get("/admin/ranking/scheme/").content.decode()
    assert "郑州县区月度考评示例" in listing and "河南月度考评示例" not in listing
    henan = Scheme.objects.get(name="河南月度考评示例")
    assert c.get(f"/admin/ranking/scheme/{henan.pk}/change/").status_code in (302, 404)

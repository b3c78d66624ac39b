"""Finding 8 (issue 10): a zone, enterprise or leader user got every city's breakdown on the period
page, its bulletin and bulletin.docx while the API answered 403 for the same statistics. One rule
now (sanpi.accounts.access.period_totals_visible / visible_breakdown_rows), on page, bulletin (text
and .docx), export and API: a closed period's province totals are published to every signed-in user;
by-region rows are the user's region and below unless the user is above the period's host."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from sanpi.accounts.models import Leader
from sanpi.activities import services
from sanpi.activities.models import ListEntry
from sanpi.testing import make_project, make_user

pytestmark = pytest.mark.django_db
D = dt.date
# Region names that only a by-region row of another city can bring onto a zone user's pages.
FOREIGN_CITIES = ("洛阳市", "开封市")


@pytest.fixture
def period(province_user, enterprise_org):
    period = services.period_create(user=province_user, number=11, held_on=D(2024, 1, 2), host_region="410000",
                                    status="open")
    for n, region in enumerate(("410171", "410172", "410202", "410302")):
        project = make_project(f"清单项目{n}", region=region, total_investment_wan=Decimal(50000),
                               owner=enterprise_org if region == "410171" else None,
                               stages=[("signed", D(2023, 6, 1))])
        ListEntry.objects.create(period=period, batch="signed", project=project, region_id=region,
                                 declared_total_investment_wan=Decimal(50000))
    return period


@pytest.fixture
def leader_user(db):
    user = make_user("leader_t", role="leader", region="410171")
    Leader.objects.create(name="张波", region_id="410171", user=user)
    return user


def _close(period, province_user):
    services.period_close(user=province_user, period_id=period.pk)


def _docx_text(response) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


@pytest.mark.parametrize("who", ["zone_user", "enterprise_user", "leader_user"])
def test_zone_enterprise_leader_see_published_totals_not_other_cities(client, request, period, province_user, who):
    _close(period, province_user)
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("activities:period_detail", args=[period.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "4 个 · 20亿元" in html  # the published province total
    assert 'id="rows-limited"' in html and "郑州经济技术开发区" in html  # its own region's row
    bulletin = client.get(reverse("activities:period_bulletin", args=[period.pk]))
    docx = _docx_text(client.get(reverse("activities:period_bulletin_docx", args=[period.pk])))
    assert "“签约一批”项目4个" in bulletin.content.decode() and "“签约一批”项目4个" in docx
    for name in FOREIGN_CITIES + ("郑州市（",):
        assert name not in html and name not in bulletin.content.decode() and name not in docx


def test_city_sees_its_row_and_counties_province_sees_every_city(client, period, province_user, city_user):
    _close(period, province_user)
    client.force_login(city_user)
    html = client.get(reverse("activities:period_detail", args=[period.pk])).content.decode()
    assert "郑州市" in html and "郑州高新技术产业开发区" in html
    assert not any(name in html for name in FOREIGN_CITIES)
    client.force_login(province_user)
    html = client.get(reverse("activities:period_detail", args=[period.pk])).content.decode()
    assert all(name in html for name in FOREIGN_CITIES) and 'id="rows-limited"' not in html
    bulletin = client.get(reverse("activities:period_bulletin", args=[period.pk])).content.decode()
    assert "洛阳市" in bulletin


def test_open_period_totals_are_the_organisers_only(client, period, zone_user, province_user):
    client.force_login(zone_user)
    html = client.get(reverse("activities:period_detail", args=[period.pk])).content.decode()
    assert 'id="totals-withheld"' in html and "4 个 · 20亿元" not in html
    assert not any(name in html for name in FOREIGN_CITIES)
    assert client.get(reverse("activities:period_bulletin", args=[period.pk])).status_code == 403
    assert client.get(reverse("activities:period_bulletin_docx", args=[period.pk])).status_code == 403
    listing = client.get(reverse("activities:period_list")).content.decode()
    assert "汇总数据待发布" in listing
    client.force_login(province_user)
    assert "4 个 · 20亿元" in client.get(reverse("activities:period_detail", args=[period.pk])).content.decode()
    assert client.get(reverse("activities:period_bulletin", args=[period.pk])).status_code == 200


def test_export_holds_the_users_entries_only(client, period, province_user, zone_user):
    _close(period, province_user)
    client.force_login(zone_user)
    response = client.get(reverse("ingest:export_period", args=[period.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    names = {c for row in book["签约一批"].iter_rows(values_only=True) for c in row if isinstance(c, str)}
    assert "清单项目0" in names
    assert not {"清单项目1", "清单项目2", "清单项目3"} & names


def test_page_and_api_give_the_same_rows(client, period, province_user, city_user):
    from sanpi.api.services import token_create

    _close(period, province_user)
    key = token_create(user=city_user, name="测试").key
    body = client.get(f"/api/v1/periods/{period.pk}/statistics", headers={"Authorization": f"Bearer {key}"}).json()
    assert body["lists"]["签约"]["count"] == 4
    assert [r["code"] for r in body["by_city"]] == ["410100", "410173"]
    assert sorted(r["code"] for r in body["by_county"]) == ["410171", "410172"]

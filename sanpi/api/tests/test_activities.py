"""三个一批 periods, entries, statistics and key-project lists × role × own and foreign region."""

import datetime as dt
from decimal import Decimal

import pytest

from sanpi.accounts.models import Region
from sanpi.activities.models import KeyProjectEntry, KeyProjectList, ListEntry, Period

from .conftest import assert_no_leak

ROLES = ["enterprise", "zone", "city", "province"]


@pytest.fixture
def period(world):
    """A province period with every role's own and foreign project on its 签约 list."""
    period = Period.objects.create(number=11, held_on=dt.date(2024, 1, 2), host_region_id="410000",
                                   status=Period.Status.OPEN)
    key_list = KeyProjectList.objects.create(region_id="410000", year=2024, name="2024年河南省第一批重点建设项目名单")
    projects = {p for _, own, foreign in world.values() for p in (own, foreign)}
    for project in projects:
        ListEntry.objects.create(period=period, batch="signed", project=project, region_id=project.region_id,
                                 declared_total_investment_wan=Decimal("10000"))
        KeyProjectEntry.objects.create(key_list=key_list, project=project, declared_total_investment_wan=Decimal(10000))
    return period, key_list, len(projects)


@pytest.mark.parametrize("role", ROLES)
def test_entries_show_own_projects_only(api, world, period, role):
    user, own, foreign = world[role]
    period, key_list, _ = period
    client = api(user)
    response = client.get(f"/periods/{period.id}/entries")
    assert response.status_code == 200
    projects = [e["project"] for e in response.json()["items"]]
    assert own.id in projects
    assert foreign.id not in projects
    assert_no_leak(response, foreign)
    response = client.get(f"/keylists/{key_list.id}/entries")
    assert response.status_code == 200
    assert own.id in [e["project"] for e in response.json()["items"]]
    assert_no_leak(response, foreign)


@pytest.mark.parametrize("role", ROLES)
def test_open_period_totals_only_for_organisers(api, world, period, role):
    """An open period's host-wide totals are the organisers' working figures; others get their own
    region's rows and null for the host-wide sections — the same rule as the period page."""
    user, _, foreign = world[role]
    period, key_list, count = period
    client = api(user)
    listed = client.get("/periods").json()
    assert [p["number"] for p in listed] == [11]
    detail = client.get(f"/periods/{period.id}").json()
    stats = client.get(f"/periods/{period.id}/statistics")
    keylist = client.get("/keylists").json()[0]
    assert stats.status_code == 200
    # a key-project list is published: its size goes to every caller who sees it
    assert (keylist["count"], keylist["total_investment_wan"]) == (count, str(10000 * count))
    if role == "province":
        assert detail["lists"]["signed"] == {"count": count, "total_investment_wan": str(10000 * count)}
        assert stats.json()["lists"]["签约"]["count"] == count
        assert not stats.json()["totals_withheld"]
    else:
        assert detail["lists"] is None
        body = stats.json()
        assert body["totals_withheld"] and body["rows_limited"]
        assert body["lists"] is None and body["by_size"] is None and body["by_domain"] is None
        assert_no_leak(stats, foreign)
    rows = {r["code"] for r in stats.json()["by_county"]}
    if role != "province":  # rows of the caller's region and below only
        assert rows == set(Region.objects.filter(code__in=rows, path__startswith=user.region.path)
                           .values_list("code", flat=True))
        # the enterprise reads its zone's row (an aggregate), never a neighbour zone's
        assert foreign.region_id not in rows or role == "enterprise"


@pytest.mark.parametrize("role", ROLES)
def test_closed_period_totals_are_published_rows_by_line(api, world, period, role, province_user):
    """Closed: every caller reads the province totals (printed in newspapers); the by-city and
    by-county rows of other regions only go to the offices above them."""
    from sanpi.activities.services import period_close

    user, _, _ = world[role]
    period, _, count = period
    period_close(user=province_user, period_id=period.pk)
    client = api(user)
    assert client.get(f"/periods/{period.id}").json()["lists"]["signed"]["count"] == count
    body = client.get(f"/periods/{period.id}/statistics").json()
    assert body["lists"]["签约"]["count"] == count and not body["totals_withheld"]
    cities = [r["code"] for r in body["by_city"]]
    counties = {r["code"] for r in body["by_county"]}
    expected = {
        "province": ({"410100", "410200"}, {"410171", "410172", "410202"}),  # 武汉 is no Henan row
        "city": ({"410100", "410173"}, {"410171", "410172"}),  # 航空港区 reports apart, but lies in 郑州
        "zone": (set(), {"410171"}),
        "enterprise": (set(), {"410171"}),
    }[role]
    assert (set(cities) >= expected[0]) if role == "province" else (set(cities) == expected[0]), cities
    assert counties == expected[1] | ({"420102"} if role == "province" else set())


def test_period_of_another_province_is_not_found(api, world):
    hubei = Period.objects.create(number=3, held_on=dt.date(2024, 1, 2), host_region_id="420000")
    client = api(world["province"][0])
    assert client.get(f"/periods/{hubei.id}").status_code == 404
    assert client.get(f"/periods/{hubei.id}/entries").status_code == 404
    assert client.get("/periods").json() == []


def test_anonymous(api, period):
    period, key_list, _ = period
    client = api()
    for path in ("/periods", f"/periods/{period.id}", f"/periods/{period.id}/entries",
                 f"/periods/{period.id}/statistics", "/keylists", f"/keylists/{key_list.id}/entries"):
        assert client.get(path).status_code == 401

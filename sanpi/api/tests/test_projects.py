"""Projects × role (enterprise, zone, city, province, anonymous) × own and foreign region."""

import datetime as dt

import pytest

from sanpi.projects.models import Project, StageEvent

from .conftest import assert_no_leak

ROLES = ["enterprise", "zone", "city", "province"]
EDITORS = {"zone", "city", "province"}
ANONYMOUS_CALLS = [
    ("get", "/projects"), ("get", "/projects/{id}"), ("post", "/projects"), ("patch", "/projects/{id}"),
    ("get", "/projects/{id}/stage-events"), ("post", "/projects/{id}/stage-events"),
    ("post", "/stage-events/{event}/correction"), ("get", "/projects/{id}/history"),
]


@pytest.mark.parametrize(("method", "path"), ANONYMOUS_CALLS)
def test_anonymous_gets_401_and_nothing(api, world, method, path):
    _, project, _ = world["zone"]
    event = StageEvent.objects.get(project=project)
    response = getattr(api(), method)(path.format(id=project.id, event=event.id))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert_no_leak(response, project)


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_own_and_hides_foreign(api, world, role):
    user, own, foreign = world[role]
    client = api(user)
    response = client.get("/projects", limit=500)
    assert response.status_code == 200
    ids = [item["id"] for item in response.json()["items"]]
    assert own.id in ids
    assert foreign.id not in ids
    assert_no_leak(response, foreign)
    # Asking for the foreign region by filter gives nothing either.
    response = client.get("/projects", region=foreign.region_id)
    assert response.status_code == 200
    assert foreign.id not in [item["id"] for item in response.json()["items"]]
    assert_no_leak(response, foreign)


@pytest.mark.parametrize("role", ROLES)
def test_detail(api, world, role):
    user, own, foreign = world[role]
    client = api(user)
    response = client.get(f"/projects/{own.id}")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["name"], body["region"], body["stage"], body["version"]) == (
        own.id, own.name, own.region_id, "signed", 1)
    assert body["total_investment_wan"] == "10000"
    response = client.get(f"/projects/{foreign.id}")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "记录不存在，或您无权访问。", "fields": {}}


@pytest.mark.parametrize("role", ROLES)
def test_update(api, world, role):
    user, own, foreign = world[role]
    client = api(user)
    response = client.patch(f"/projects/{own.id}", {"version": 1, "total_investment_wan": "12345.67"})
    if role in EDITORS:
        assert response.status_code == 200
        assert (response.json()["total_investment_wan"], response.json()["version"]) == ("12345.67", 2)
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    response = client.patch(f"/projects/{foreign.id}", {"version": 1, "total_investment_wan": "1"})
    assert response.status_code == 404
    assert_no_leak(response, foreign)
    foreign.refresh_from_db()
    assert (foreign.version, foreign.total_investment_wan) == (1, 10000)


@pytest.mark.parametrize("role", ROLES)
def test_create_in_own_and_foreign_region(api, world, role):
    user, _, foreign = world[role]
    client = api(user)
    own_region = user.region_id
    response = client.post("/projects", {"name": "新登记的项目", "region": own_region,
                                         "total_investment_wan": 50000, "nature": "2"})
    if role in EDITORS:
        assert response.status_code == 201
        body = response.json()
        assert (body["name"], body["region"], body["total_investment_wan"], body["nature"], body["stage"]) == (
            "新登记的项目", own_region, "50000", "2", "planned")
    else:
        assert response.status_code == 403
    response = client.post("/projects", {"name": "越界的项目", "region": foreign.region_id})
    assert response.status_code == (404 if role in EDITORS else 403)
    assert not Project.objects.filter(name="越界的项目").exists()


@pytest.mark.parametrize("role", ROLES)
def test_stage_events(api, world, role):
    user, own, foreign = world[role]
    client = api(user)
    response = client.get(f"/projects/{own.id}/stage-events")
    assert response.status_code == 200
    assert [(e["stage"], e["occurred_on"], e["stage_label"]) for e in response.json()] == [
        ("signed", "2024-01-05", "签约")]
    assert client.get(f"/projects/{foreign.id}/stage-events").status_code == 404

    response = client.post(f"/projects/{own.id}/stage-events", {"stage": "started", "occurred_on": "2024-03-01"})
    assert response.status_code == (201 if role in EDITORS else 403)
    response = client.post(f"/projects/{foreign.id}/stage-events", {"stage": "started", "occurred_on": "2024-03-01"})
    assert response.status_code == 404
    assert_no_leak(response, foreign)
    foreign.refresh_from_db()
    assert foreign.stage == "signed"


@pytest.mark.parametrize("role", ROLES)
def test_stage_correction(api, world, role):
    user, own, foreign = world[role]
    client = api(user)
    own_event = StageEvent.objects.get(project=own)
    foreign_event = StageEvent.objects.get(project=foreign)
    body = {"stage": "signed", "occurred_on": "2024-01-08", "reason": "签约日期录入有误"}
    response = client.post(f"/stage-events/{own_event.id}/correction", body)
    if role in EDITORS:
        assert response.status_code == 201
        data = response.json()
        assert (data["corrects"], data["occurred_on"], data["reason"], data["superseded"]) == (
            own_event.id, "2024-01-08", "签约日期录入有误", False)
        own.refresh_from_db()
        assert own.signed_on == dt.date(2024, 1, 8)
    else:
        assert response.status_code == 403
    response = client.post(f"/stage-events/{foreign_event.id}/correction", body)
    assert response.status_code == 404
    foreign_event.refresh_from_db()
    assert foreign_event.superseded is False


@pytest.mark.parametrize("role", ROLES)
def test_history(api, world, role):
    user, own, foreign = world[role]
    client = api(user)
    response = client.get(f"/projects/{own.id}/history")
    assert response.status_code == 200
    assert response.json()[-1]["field"] == "（创建）"
    assert client.get(f"/projects/{foreign.id}/history").status_code == 404


def test_stale_version_is_refused_with_409_and_changes_nothing(api, world):
    user, project, _ = world["zone"]
    first, second = api(user), api(user)
    assert first.patch(f"/projects/{project.id}", {"version": 1, "address": "航海东路1号"}).status_code == 200
    response = second.patch(f"/projects/{project.id}", {"version": 1, "address": "第二个人的地址"})
    assert response.status_code == 409
    assert response.json() == {"code": "conflict", "message": "该记录已被他人修改，请刷新后基于最新内容重新编辑。",
                               "fields": {}}
    project.refresh_from_db()
    assert (project.address, project.version) == ("航海东路1号", 2)


def test_update_history_names_the_field(api, world):
    user, project, _ = world["zone"]
    client = api(user)
    client.patch(f"/projects/{project.id}", {"version": 1, "total_investment_wan": "20000.50"})
    entries = client.get(f"/projects/{project.id}/history").json()
    assert entries[0]["field"] == "总投资（万元）"
    assert (entries[0]["old"], entries[0]["new"], entries[0]["who"]) == ("10000", "20000.5", user.username)


def test_list_filters(api, world):
    user = world["province"][0]
    client = api(user)
    big = world["zone"][1]
    Project.objects.filter(pk=big.pk).update(total_investment_wan=900000, in_statistics=True)
    items = client.get("/projects", min_investment="500000").json()["items"]
    assert [i["id"] for i in items] == [big.id]
    items = client.get("/projects", in_statistics="true").json()["items"]
    assert [i["id"] for i in items] == [big.id]
    items = client.get("/projects", region="410171").json()["items"]
    assert sorted(i["id"] for i in items) == sorted([world["enterprise"][1].id, big.id])
    items = client.get("/projects", q="高新区").json()["items"]
    assert [i["name"] for i in items] == ["高新区项目丙"]
    assert client.get("/projects", stage=["started"]).json()["items"] == []

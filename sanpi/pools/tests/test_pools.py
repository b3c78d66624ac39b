import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from sanpi.activities.models import KeyProjectEntry, KeyProjectList
from sanpi.core.errors import Conflict, Forbidden
from sanpi.pools import rules, selectors, services
from sanpi.pools.models import PoolMove
from sanpi.progress.selectors import projects_to_file
from sanpi.projects.models import AnnualPlan
from sanpi.testing import make_org, make_project, make_user

D = dt.date(2024, 3, 1)


@pytest.mark.parametrize(("stage", "current", "to_pool", "kind", "reason", "ok"), [
    ("planned", None, "planning", "enter", "", True),
    ("planned", None, "implementation", "enter", "", False),  # not started: not 实施库
    ("started", "reserve", "implementation", "move", "", True),
    ("started", "implementation", "implementation", "move", "", False),
    ("producing", None, "production", "supplement", "", True),
    ("signed", "reserve", "reserve", "enter", "", False),  # already in: a move, not an entry
    ("signed", "reserve", "withdrawn", "withdraw", "", False),  # 退库 needs a reason
    ("terminated", "reserve", "withdrawn", "withdraw", "项目终止", True),
    ("terminated", None, "reserve", "enter", "", False),
])
def test_move_rules(stage, current, to_pool, kind, reason, ok):
    error = rules.move_error(stage=stage, current=current, to_pool=to_pool, kind=kind, reason=reason)
    assert (error is None) == ok, error


@pytest.mark.django_db
def test_first_review_by_the_region_final_by_the_level_above():
    zone = make_user(role="zone", region="410171")
    other_zone = make_user(role="zone", region="410172")
    city = make_user(role="city", region="410100")
    project = make_project(region="410171")
    move = services.pool_move_propose(user=zone, project_id=project.pk, kind="enter", to_pool="planning", moved_on=D)
    with pytest.raises(Conflict):
        services.pool_move_propose(user=zone, project_id=project.pk, kind="enter", to_pool="reserve", moved_on=D)
    with pytest.raises(Forbidden):
        services.pool_move_review(user=city, move_id=move.pk, approve=True)  # 初审 is the zone's
    services.pool_move_review(user=zone, move_id=move.pk, approve=True)
    with pytest.raises(Forbidden):
        services.pool_move_review(user=zone, move_id=move.pk, approve=True)  # 终审 is the level above
    assert [m.pk for m in selectors.moves_to_review(user=city)] == [move.pk]
    assert selectors.moves_to_review(user=other_zone) == []
    services.pool_move_review(user=city, move_id=move.pk, approve=True, note="同意")
    assert selectors.current_pool(project_id=project.pk) == "planning"
    assert selectors.pool_counts(user=city) == {"planning": 1}
    later = services.pool_move_propose(user=zone, project_id=project.pk, kind="withdraw", to_pool="withdrawn",
                                       moved_on=dt.date(2024, 9, 1), reason="企业放弃投资")
    assert later.from_pool == "planning"
    with pytest.raises(ValidationError):
        services.pool_move_review(user=zone, move_id=later.pk, approve=False)  # a refusal needs a note
    c = Client()
    c.force_login(zone)
    assert c.post(f"/pools/moves/{later.pk}/review/", {"decision": "approve"}).status_code == 302
    c.force_login(city)
    page = c.get("/pools/").content.decode()
    assert "企业放弃投资" in page and 'data-testid="move-to-review"' in page
    c.post(f"/pools/moves/{later.pk}/review/", {"decision": "approve"})
    assert PoolMove.objects.get(pk=later.pk).status == "approved"
    assert selectors.current_pool(project_id=project.pk) == "withdrawn"


@pytest.mark.django_db
def test_preparatory_entries_report_quarterly():
    org = make_org(region="410171")
    enterprise = make_user(role="enterprise", region="410171", organisation=org)
    started = [("signed", dt.date(2023, 11, 1)), ("started", dt.date(2024, 1, 10))]  # only started projects report
    prep, monthly = (make_project(region="410171", owner=org, stages=started),
                     make_project(region="410171", owner=org, stages=started))
    for p in (prep, monthly):
        AnnualPlan.objects.create(project=p, year=2024, planned_investment_wan=100)
    key_list = KeyProjectList.objects.create(region_id="410000", year=2024, name="测试名单")
    KeyProjectEntry.objects.create(key_list=key_list, project=prep, entry_class="preparatory")
    KeyProjectEntry.objects.create(key_list=key_list, project=monthly, entry_class="continuing")
    due = lambda month: set(projects_to_file(user=enterprise, year=2024, month=month))  # noqa: E731
    assert due(5) == {monthly}
    assert due(6) == {prep, monthly}


@pytest.mark.django_db
def test_pool_api_and_page_form_go_through_the_same_service():
    import json

    from sanpi.api.services import token_create

    zone = make_user(role="zone", region="410171")
    city = make_user(role="city", region="410100")
    luoyang = make_user(role="city", region="410300")
    project = make_project(region="410171", stages=[("signed", dt.date(2023, 12, 1))], code="2401-410171-04-01-100001")

    def api(user):
        return Client(headers={"Authorization": f"Bearer {token_create(user=user, name='t').key}"})

    base = f"/api/v1/projects/{project.pk}"
    assert api(zone).get(f"{base}/pool").json() == {"project": project.pk, "pool": None, "pool_label": None,
                                                    "moves": []}
    refused = api(zone).post(f"{base}/pool-moves", data=json.dumps(
        {"kind": "enter", "to_pool": "production", "moved_on": "2024-02-01"}), content_type="application/json")
    assert refused.status_code == 422 and "只能在" in refused.json()["fields"]["to_pool"][0]
    made = api(zone).post(f"{base}/pool-moves", data=json.dumps(
        {"kind": "enter", "to_pool": "reserve", "moved_on": "2024-02-01"}), content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "first"
    move_id = made.json()["id"]
    assert api(luoyang).get(f"{base}/pool").status_code == 404  # not its project: as if missing
    assert api(city).post(f"/api/v1/pool-moves/{move_id}/review", data=json.dumps({"approve": True}),
                          content_type="application/json").status_code == 403  # 初审 is the zone's
    first = api(zone).post(f"/api/v1/pool-moves/{move_id}/review", data=json.dumps({"approve": True}),
                           content_type="application/json")
    assert first.json()["status"] == "final"
    final = api(city).post(f"/api/v1/pool-moves/{move_id}/review", data=json.dumps({"approve": True, "note": "同意"}),
                           content_type="application/json")
    assert final.json()["status_label"] == "已通过" and final.json()["final_reviewed_by"]
    body = api(city).get(f"{base}/pool").json()
    assert (body["pool"], body["pool_label"], len(body["moves"])) == ("reserve", "储备库", 1)

    # the page's form proposes through the same service: 退库 without a reason is refused, with one it waits
    c = Client()
    c.force_login(zone)
    page = c.post("/pools/", {"project": project.code, "kind": "withdraw", "to_pool": "withdrawn",
                              "moved_on": "2024-09-01", "reason": ""}).content.decode()
    assert "退库须说明原因" in page
    assert c.post("/pools/", {"project": str(project.pk), "kind": "withdraw", "to_pool": "withdrawn",
                              "moved_on": "2024-09-01", "reason": "企业放弃投资"}).status_code == 302
    assert PoolMove.objects.get(project=project, kind="withdraw").status == "first"
    c.force_login(luoyang)
    assert "没有找到该项目" in c.post("/pools/", {"project": project.code, "kind": "enter", "to_pool": "reserve",
                                              "moved_on": "2024-09-01"}).content.decode()

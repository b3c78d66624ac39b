"""The API's fast paths say the same as the slow ones: list rows written by orjson equal the
schema-validated summaries, the detail is one scoped query, and a cached token's user is dropped
when the user changes."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanpi.api.endpoints.projects import detail, summary
from sanpi.api.models import ApiToken
from sanpi.api.schemas import ProjectDetail, ProjectPage
from sanpi.projects.models import Project
from sanpi.testing import make_org, make_project

pytestmark = pytest.mark.django_db


def test_list_rows_equal_the_validated_summaries(api, city_user):
    owner = make_org("快速路径测试有限公司", region="410171")
    make_project("有单位项目", region="410171", owner=owner, total_investment_wan=Decimal("1234.50"),
                 stages=[("signed", dt.date(2024, 1, 5))])
    make_project("无单位项目", region="410102", total_investment_wan=None)
    make_project("开封项目", region="410205")  # outside the city
    client = api(city_user)
    body = client.get("/projects", limit=1).json()
    assert body["next_cursor"]
    body["items"] += client.get("/projects", limit=50, cursor=body["next_cursor"]).json()["items"]
    projects = Project.objects.filter(city_code="410100").select_related("region", "owner").order_by("-id")
    expected = json.loads(ProjectPage(items=[summary(p) for p in projects], next_cursor=None).model_dump_json())
    assert body["items"] == expected["items"] and len(body["items"]) == 2
    assert body["items"][1]["stage_date"] == "2024-01-05" and body["items"][1]["total_investment_wan"] == "1234.5"


def test_detail_written_by_orjson_equals_the_validated_schema(api, city_user):
    from sanpi.accounts.models import Leader

    owner, unit = make_org("详情测试有限公司", region="410171"), make_org("代办单位", region="410171")
    project = make_project("详情项目", region="410171", owner=owner, service_unit=unit,
                           total_investment_wan=Decimal("98765.43"), longitude=Decimal("113.6253"),
                           planned_start_date=dt.date(2024, 3, 1), contacts="张三 13800000000",
                           stages=[("signed", dt.date(2024, 1, 5)), ("started", dt.date(2024, 4, 2))])
    leader = Leader.objects.create(name="李四", title="副市长", region_id="410100")
    project.leaders.add(leader)
    project.refresh_from_db()
    body = api(city_user).get(f"/projects/{project.pk}").json()
    project = Project.objects.select_related("region", "owner", "industry", "domain", "sector",
                                             "responsible_unit", "service_unit").get(pk=project.pk)
    expected = json.loads(ProjectDetail.model_validate(detail(project)).model_dump_json())
    assert body == expected
    assert body["stage_label"] == "开工" and body["created_at"].endswith("Z") and body["leaders"][0]["id"] == leader.pk
    assert body["service_unit_name"] == "代办单位" and body["total_investment_wan"] == "98765.43"


def test_detail_is_one_scoped_query_and_alike_404(api, city_user):
    inside, outside = make_project("郑州项目", region="410171"), make_project("开封项目", region="410205")
    client = api(city_user)
    client.get(f"/projects/{inside.pk}")  # the token's user is cached from here on
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/projects/{inside.pk}")
    assert response.status_code == 200 and response.json()["name"] == "郑州项目"
    project_queries = [q["sql"] for q in queries.captured_queries if 'FROM "projects_project"' in q["sql"]]
    assert len(project_queries) == 1 and "city_code" in project_queries[0]
    assert client.get(f"/projects/{outside.pk}").status_code == 404
    assert client.get("/projects/999999999").status_code == 404


def test_cached_token_user_is_forgotten_when_the_user_changes(api, city_user):
    client = api(city_user)
    assert client.get("/projects").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/projects").status_code == 200
    assert not any('"accounts_user"' in q["sql"] for q in queries.captured_queries)  # the user came cached
    city_user.region_id = "410200"  # moved to 开封: the next request sees the new scope
    city_user.save()
    make_project("开封项目", region="410205")
    assert [p["name"] for p in client.get("/projects").json()["items"]] == ["开封项目"]
    city_user.set_password("another-password-123")
    city_user.save()
    assert client.get("/projects").status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_revoked_token_is_refused_at_once(api, city_user):
    client = api(city_user)
    assert client.get("/projects").status_code == 200
    token = ApiToken.objects.get()
    assert client.delete(f"/tokens/{token.pk}").status_code in (200, 204)
    assert client.get("/projects").status_code == 401


def test_detail_leaders_come_in_id_order_named_as_the_leader_is(api, city_user):
    from sanpi.accounts.models import Leader

    project = make_project("包联项目", region="410171")
    first = Leader.objects.create(name="王五", title="", region_id="410100")
    second = Leader.objects.create(name="赵六", title="市长", region_id="410100")
    project.leaders.add(second, first)
    client = api(city_user)
    client.get(f"/projects/{project.pk}")  # the token's user is cached from here on
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"/projects/{project.pk}").json()
    assert body["leaders"] == [{"id": first.pk, "name": "王五"}, {"id": second.pk, "name": "赵六（市长）"}]
    # One read of the link table with the leaders joined, not the prefetch's join from the leaders.
    leader_queries = [q["sql"] for q in queries.captured_queries if "accounts_leader" in q["sql"]]
    assert len(leader_queries) == 1 and 'FROM "projects_project_leaders"' in leader_queries[0]

"""Every refusal is JSON with a stable code and a Chinese message; input never causes a 500."""

import datetime as dt

import pytest

from sanpi.testing import make_project


def test_unauthenticated_and_bad_token(api, db):
    response = api().get("/projects")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    client = api()
    response = client.client.get("/api/v1/projects", headers={"Authorization": "Bearer sanpi_wrong"})
    assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")


def test_ping_needs_no_auth(api, db):  # db: the API's throttle counts in the shared (database) cache
    response = api().get("/ping")
    assert (response.status_code, response.json()) == (200, {"ok": True})


def test_invalid_input_names_fields_in_chinese(api, zone_user):
    response = api(zone_user).get("/projects", limit=0, min_investment="abc", region="41")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["fields"] == {"limit": ["数值过小。"], "min_investment": ["应为数字。"], "region": ["格式无效。"]}
    assert body["message"] == "请求参数有误：region、min_investment、limit。"


def test_service_validation_is_422_with_fields(api, zone_user):
    project = make_project(region="410171")
    response = api(zone_user).patch(f"/projects/{project.id}", {
        "version": 1, "planned_start_date": "2025-05-01", "planned_completion_date": "2024-01-01"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"] == {"planned_completion_date": ["计划竣工日期（2024-01-01）不能早于计划开工日期（2025-05-01）。"]}


def test_stage_rule_violation_is_422(api, zone_user):
    project = make_project(region="410171", stages=[("signed", dt.date(2024, 1, 5))])
    response = api(zone_user).post(f"/projects/{project.id}/stage-events",
                                   {"stage": "producing", "occurred_on": "2024-01-01"})
    assert response.status_code == 422
    assert response.json()["fields"] == {"stage": ["当前阶段为“签约”，不能变更为“投产”；可选：开工、停缓建、终止。"]}


@pytest.mark.parametrize("body", [
    "{not json", "[]", '"text"', '{"name": "\\u0000", "region": "410171"}', '{"name": "x", "region": "410171", '
    '"total_investment_wan": "NaN"}', '{"name": "x", "region": "410171", "total_investment_wan": 1e30}',
    '{"name": "x", "region": "410171", "owner": 99999999999999999999999}',
    '{"name": "x", "region": "410171", "planned_start_date": "2024-02-30"}',
])
def test_malformed_bodies_are_refused_not_crashed(api, zone_user, body):
    client = api(zone_user)
    response = client.client.post("/api/v1/projects", data=body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.json()["code"] in ("bad_request", "invalid_input")


def test_unknown_owner_is_a_field_error(api, zone_user):
    response = api(zone_user).post("/projects", {"name": "项目", "region": "410171", "owner": 999999})
    assert response.status_code == 422
    assert response.json()["fields"] == {"owner": ["建设单位“999999”不存在。"]}


def test_previous_phase_of_another_region_is_not_found(api, zone_user):
    foreign = make_project("高新区一期", region="410172")
    response = api(zone_user).post("/projects", {"name": "二期", "region": "410171", "previous_phase": foreign.id})
    assert response.status_code == 404


def test_openapi_document_and_offline_docs(api):
    client = api()
    schema = client.get("/openapi.json").json()
    assert (schema["info"]["title"], schema["info"]["version"]) == ("三批 sanpi API", "1")
    assert "/api/v1/projects" in schema["paths"]
    page = client.get("/docs").content.decode()
    assert "cdn" not in page.lower()
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in page
    asset = client.client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert (asset.status_code, asset["Content-Type"]) == (200, "text/javascript")
    assert client.client.get("/api/v1/docs/assets/..%2Fsettings.py").status_code == 404


def test_mounted_at_api_v1_in_the_project_urls(settings):
    from django.urls import reverse

    settings.ROOT_URLCONF = "config.urls"
    assert reverse("api:openapi-json") == "/api/v1/openapi.json"
    assert reverse("api:api-root") == "/api/v1/"

"""Monthly reports (save, submit, return, approve), problems and lights × role × own and foreign."""

import datetime as dt
from decimal import Decimal

import pytest

from sanpi.progress.models import MonthlyReport, Problem, ProjectLight
from sanpi.projects.models import AnnualPlan, Project

from .conftest import assert_no_leak

ROLES = ["enterprise", "zone", "city", "province"]
OFFICES = {"zone", "city", "province"}
DRAFT = {"year": 2024, "month": 3, "month_completed_wan": "1200.50", "progress_text": "主体封顶"}


@pytest.fixture
def planned(world):
    for _, own, foreign in world.values():
        for project in (own, foreign):
            AnnualPlan.objects.get_or_create(project=project, year=2024,
                                             defaults={"planned_investment_wan": Decimal("24000")})
            # started in March, its first report's month (the fixture's fast path, as make_project writes stages)
            Project.objects.filter(pk=project.pk).update(stage="started", started_on=dt.date(2024, 3, 1))
    return world


@pytest.mark.parametrize("role", ROLES)
def test_report_workflow(api, planned, role):
    user, own, foreign = planned[role]
    client = api(user)
    response = client.post(f"/projects/{own.id}/reports", DRAFT)
    assert response.status_code == 201
    report = response.json()
    assert (report["status"], report["month_completed_wan"], report["ytd_completed_wan"]) == ("draft", "1200.5",
                                                                                               "1200.5")
    assert client.post(f"/projects/{foreign.id}/reports", DRAFT).status_code == 404
    assert not MonthlyReport.objects.filter(project=foreign).exists()

    assert client.post(f"/reports/{report['id']}/submit").json()["status"] == "submitted"
    response = client.post(f"/reports/{report['id']}/return", {"reason": "累计数与台账不符"})
    if role in OFFICES:
        assert (response.status_code, response.json()["return_reason"]) == (200, "累计数与台账不符")
        client.post(f"/reports/{report['id']}/submit")
        response = client.post(f"/reports/{report['id']}/approve")
        assert (response.status_code, response.json()["status"]) == (200, "approved")
    else:
        assert response.status_code == 403
        assert client.post(f"/reports/{report['id']}/approve").status_code == 403

    listed = client.get("/reports", year=2024).json()["items"]
    assert [r["project"] for r in listed] == [own.id]
    foreign_report = MonthlyReport.objects.create(
        project=foreign, year=2024, month=3, month_completed_wan=1, ytd_completed_wan=1, since_start_completed_wan=1,
        status=MonthlyReport.Status.SUBMITTED)
    for call in (client.get(f"/reports/{foreign_report.id}"), client.post(f"/reports/{foreign_report.id}/approve"),
                 client.post(f"/reports/{foreign_report.id}/return", {"reason": "x"})):
        assert call.status_code == 404
        assert_no_leak(call, foreign)
    foreign_report.refresh_from_db()
    assert foreign_report.status == "submitted"


@pytest.mark.parametrize("role", ROLES)
def test_problems(api, planned, role):
    user, own, foreign = planned[role]
    client = api(user)
    body = {"kind": "land", "description": "用地指标未落实", "responsible_department": "自然资源局",
            "deadline": (dt.date.today() + dt.timedelta(days=30)).isoformat()}
    response = client.post(f"/projects/{own.id}/problems", body)
    assert response.status_code == 201
    assert (response.json()["kind_label"], response.json()["status"]) == ("用地", "open")
    assert client.post(f"/projects/{foreign.id}/problems", body).status_code == 404
    Problem.objects.create(project=foreign, kind="funds", description="外区问题", responsible_department="财政局",
                           deadline=dt.date(2024, 6, 30), raised_at=dt.date(2024, 3, 1))
    response = client.get("/problems")
    assert [p["project"] for p in response.json()["items"]] == [own.id]
    assert "外区问题" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_lights(api, planned, role):
    user, own, foreign = planned[role]
    client = api(user)
    now = dt.datetime(2024, 4, 6, tzinfo=dt.UTC)
    for project, colour in ((own, "red"), (foreign, "yellow")):
        ProjectLight.objects.create(project=project, year=2024, month=3, colour=colour,
                                    reasons=[f"{project.name}的原因"], evaluated_at=now)
    response = client.get("/lights", year=2024, month=3)
    assert response.status_code == 200
    assert [(i["project"], i["colour"]) for i in response.json()["items"]] == [(own.id, "red")]
    assert_no_leak(response, foreign)
    history = client.get(f"/projects/{own.id}/lights").json()
    assert [(m["year"], m["month"], m["colour"]) for m in history] == [(2024, 3, "red")]
    assert client.get(f"/projects/{foreign.id}/lights").status_code == 404


def test_anonymous(api, planned):
    _, own, _ = planned["zone"]
    client = api()
    for method, path in (("get", "/reports"), ("get", "/problems"), ("get", "/lights?year=2024&month=3"),
                         ("post", f"/projects/{own.id}/reports"), ("post", f"/projects/{own.id}/problems"),
                         ("get", f"/projects/{own.id}/lights"), ("post", "/reports/1/approve")):
        assert getattr(client, method)(path).status_code == 401

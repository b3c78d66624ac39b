"""The page forms: 三个一批 tasks on the targets page, a 观摩 event created by a city (projects, scorers,
items and their full points), each through its service with Chinese messages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from sanpi.activities.models import ListEntry, Period
from sanpi.ranking.models import ActivityTask, InspectionEvent
from sanpi.testing import make_project, make_user

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_province_sets_a_task_on_the_targets_page_and_follows_it():
    province = make_user("p_office", role="province", region="410000")
    period = Period.objects.create(number=12, held_on=dt.date(2024, 5, 10), host_region_id="410000", status="open")
    for amount in (10000, 14000):
        ListEntry.objects.create(period=period, batch="signed", project=make_project(region="410171"),
                                 region_id="410171", declared_total_investment_wan=Decimal(amount))
    c = client_for(province)
    page = c.get("/ranking/targets/?year=2024&month=6").content.decode()
    assert 'data-testid="task-form"' in page and "河南省第12期（2024-05-10）" in page
    refused = c.post("/ranking/targets/?year=2024&month=6", {
        "form": "task", "task_region": "410100", "task_period": period.pk, "task_batch": "signed",
        "task_projects": "-1", "task_investment_wan": "30000"}).content.decode()
    assert "项目任务不能为负数。" in refused and not ActivityTask.objects.exists()
    response = c.post("/ranking/targets/?year=2024&month=6", {
        "form": "task", "task_region": "410100", "task_period": period.pk, "task_batch": "signed",
        "task_projects": "4", "task_investment_wan": "30000"})
    assert response.status_code == 302
    task = ActivityTask.objects.get()
    assert (task.target.region_id, task.projects, task.investment_wan) == ("410100", 4, Decimal(30000))
    page = c.get("/ranking/targets/?year=2024&month=6").content.decode()
    row = page[page.index('data-testid="task-row"'):]
    row = row[:row.index("</tr>")]
    # 经开区's two entries count in 郑州's row: 2 of 4 projects, 24000 of 30000 万元
    assert "郑州市" in row and "50.0" in row and "24000.00" in row and "80.0" in row
    city = make_user("zz_office", role="city", region="410100")
    client_for(city).post("/ranking/targets/?year=2024", {
        "form": "task", "task_region": "410100", "task_period": period.pk, "task_batch": "signed",
        "task_projects": "1", "task_investment_wan": "1"})
    assert ActivityTask.objects.get().projects == 4  # a city sets no task for itself


def test_city_creates_an_inspection_event_on_its_page():
    city = make_user("zz_office", role="city", region="410100")
    scorers = [make_user(f"zz_scorer{i}", role="city", region="410100") for i in range(2)]
    outsider = make_user("ly_scorer", role="city", region="410300")
    projects = [make_project(region="410171", code="2401-410171-04-01-200001"), make_project(region="410172")]
    luoyang = make_project(region="410302")
    c = client_for(city)
    assert "形象进度:40" in c.get("/ranking/inspections/new/").content.decode()
    form = {"name": "2024年二季度项目观摩", "held_on": "2024-06-12", "drop_high_low": "on",
            "projects": f"{projects[0].code}\n{projects[1].pk}\n{luoyang.pk}", "scorers": [s.pk for s in scorers],
            "items": "形象进度:40\n综合效益：30\n现场管理:20"}
    page = c.post("/ranking/inspections/new/", form).content.decode()
    assert "各评分项目满分合计应为100分，现为90分。" in page and "没有找到这些项目" in page
    assert str(luoyang.pk) in page and not InspectionEvent.objects.exists()
    form |= {"projects": f"{projects[0].code}\n{projects[1].pk}", "items": "形象进度:40\n综合效益：30\n现场管理:30",
             "scorers": [scorers[0].pk, outsider.pk]}
    assert "评分人应为本地区及下级的用户" in c.post("/ranking/inspections/new/", form).content.decode()
    form["scorers"] = [s.pk for s in scorers]
    response = c.post("/ranking/inspections/new/", form)
    event = InspectionEvent.objects.get()
    assert response["Location"] == f"/ranking/inspections/{event.pk}/"
    assert (event.region_id, event.held_on, event.drop_high_low) == ("410100", dt.date(2024, 6, 12), True)
    assert [v.project_id for v in event.visits.order_by("order")] == [p.pk for p in projects]
    assert [(i.name, i.weight) for i in event.items.order_by("order")] == [
        ("形象进度", 40), ("综合效益", 30), ("现场管理", 30)]
    assert client_for(scorers[1]).get(f"/ranking/inspections/{event.pk}/score/").status_code == 200
    assert client_for(make_user("z_office", role="zone", region="410171")).get(
        "/ranking/inspections/new/").status_code == 403

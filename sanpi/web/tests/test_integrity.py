"""A first PATCH shows old → new in the history (API and page agree); registering a likely duplicate
answers 409 with the existing ids unless the request confirms it means a new project."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from sanpi.api.services import token_create
from sanpi.projects.bulk import Table
from sanpi.projects.generator import generate
from sanpi.projects.models import Project
from sanpi.testing import make_org, make_project

pytestmark = pytest.mark.django_db


class Api:
    """JSON to /api/v1 with the user's token (the site's own URLconf: API and pages side by side)."""

    def __init__(self, user):
        self.client = Client(headers={"Authorization": f"Bearer {token_create(user=user, name='测试').key}"})

    def get(self, path):
        return self.client.get(f"/api/v1{path}")

    def post(self, path, body):
        return self.client.post(f"/api/v1{path}", json.dumps(body, ensure_ascii=False), content_type="application/json")

    def patch(self, path, body):
        return self.client.patch(f"/api/v1{path}", json.dumps(body, ensure_ascii=False),
                                 content_type="application/json")


@pytest.fixture
def api():
    return Api


@pytest.mark.parametrize("origin", ["generated", "legacy"])
def test_first_patch_of_a_never_edited_project_lists_old_and_new(api, province_user, origin):
    if origin == "generated":
        generate(projects=2, seed=11)
        project = Project.objects.order_by("id").first()
        Project.objects.filter(pk=project.pk).update(total_investment_wan=Decimal(79400))
        project.history.update(total_investment_wan=Decimal(79400))
    else:  # a row from before the baseline rule, with no history at all
        table = Table(Project)
        table.add(id=880001, name="瑞嘉智能装备项目", region_id="410171", total_investment_wan=Decimal(79400))
        table.flush()
        project = Project.objects.get(pk=880001)
    client = api(province_user)
    assert client.patch(f"/projects/{project.pk}", {"version": 1, "total_investment_wan": "80000"}).status_code == 200
    history = client.get(f"/projects/{project.pk}/history").json()
    assert [(h["field"], h["old"], h["new"]) for h in history] == [
        ("总投资（万元）", "79400", "80000"), ("（创建）", "", project.name)]
    page = Client()
    page.force_login(province_user)
    html = page.get(f"/projects/{project.pk}/").content.decode()
    panel = html[html.index('data-testid="history"'):]
    assert "<td>总投资（万元）</td><td>79400</td><td>80000</td>" in panel.replace("\n", "")


def body(**extra):
    return {"name": "安图生物体外诊断产业园（三期）", "region": "410171", "total_investment_wan": "190000", **extra}


def test_a_likely_duplicate_answers_409_with_the_existing_id_unless_confirmed(api, zone_user):
    owner = make_org("郑州安图生物工程股份有限公司")
    existing = make_project("安图生物体外诊断产业园（三期）", owner=owner)
    client = api(zone_user)
    for name in ("安图生物体外诊断产业园 （三期）", "安图生物体外诊断产业园(三期)（演示）", "安图生物体外诊断产业园（三期）"):
        response = client.post("/projects", body(name=name, owner=owner.pk))
        assert response.status_code == 409, name
        assert response.json()["code"] == "duplicate" and response.json()["existing"] == [existing.pk]
    assert Project.objects.count() == 1
    assert client.post("/projects", body(owner=make_org("另一家").pk)).status_code == 201  # another owner
    confirmed = client.post("/projects", body(owner=owner.pk, confirm_duplicate=True))
    assert confirmed.status_code == 201 and confirmed.json()["id"] != existing.pk


def test_a_taken_project_code_answers_409_even_when_confirmed(api, zone_user):
    existing = make_project("有代码的项目", code="2401-410171-04-01-123456")
    client = api(zone_user)
    for confirm in (False, True):
        response = client.post("/projects", body(name="别的名字", code="2401-410171-04-01-123456",
                                                 confirm_duplicate=confirm))
        assert (response.status_code, response.json()["existing"]) == (409, [existing.pk])
    assert Project.objects.count() == 1


def test_the_form_warns_about_a_likely_duplicate_and_registers_it_only_when_confirmed(client, zone_user):
    owner = make_org("郑州安图生物工程股份有限公司")
    existing = make_project("安图生物体外诊断产业园（三期）", owner=owner)
    client.force_login(zone_user)
    data = {"name": "安图生物体外诊断产业园 （三期）", "region": "410171", "project_type": "01", "nature": "1",
            "fund_source": "local", "owner": owner.name, "total_investment_wan": "190000"}
    page = client.post("/projects/new/", data)
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="duplicate"' in html
    assert f'href="/projects/{existing.pk}/"' in html and 'name="confirm_duplicate"' in html
    assert Project.objects.count() == 1
    done = client.post("/projects/new/", {**data, "confirm_duplicate": "on"})
    assert done.status_code == 302 and Project.objects.count() == 2

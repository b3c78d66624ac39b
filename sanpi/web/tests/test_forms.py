"""Project forms: create, edit (with the lost-race refusal), stage advance and correction."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sanpi.accounts.models import Organisation
from sanpi.projects.models import Project, StageEvent
from sanpi.projects.services import project_update
from sanpi.testing import make_project
from sanpi.web.forms import ProjectForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(enterprise_org):
    return make_project("经开区新能源汽车零部件项目", region="410171", owner=enterprise_org,
                        total_investment_wan=Decimal("80000"), stages=[("signed", dt.date(2023, 5, 1))])


def post_data(project: Project, **changes) -> dict:
    data = {k: v for k, v in ProjectForm.initial_for(project).items() if v is not None}
    data["in_statistics"] = "on" if data.pop("in_statistics") else ""
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def error_beside(html: str, field: str) -> str:
    """The error text shown in the field's own block."""
    match = re.search(rf'data-field="{field}".*?data-error-for="{field}">(.*?)</div>', html, re.S)
    assert match, f"no error beside {field}"
    return match.group(1).strip()


def test_create_project_with_new_owner(client, zone_user):
    client.force_login(zone_user)
    assert client.get("/projects/new/").status_code == 200
    response = client.post("/projects/new/", {
        "name": "郑州测试智能装备产业园", "region": "410171", "project_type": "01", "nature": "1",
        "fund_source": "local", "total_investment_wan": "120000", "land_mu": "150.5",
        "owner": "郑州新登记装备有限公司", "planned_start_date": "2024-03-01",
    })
    project = Project.objects.get(name="郑州测试智能装备产业园")
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert project.total_investment_wan == Decimal("120000") and project.land_mu == Decimal("150.5")
    assert project.owner.name == "郑州新登记装备有限公司" and project.owner.region_id == "410171"
    assert project.planned_start_date == dt.date(2024, 3, 1)


def test_create_shows_chinese_errors_beside_each_field_and_writes_nothing(client, zone_user):
    client.force_login(zone_user)
    response = client.post("/projects/new/", {
        "name": "", "region": "410171", "project_type": "01", "nature": "1", "fund_source": "local",
        "total_investment_wan": "十二亿", "land_mu": "-3", "code": "2024-410171",
        "planned_start_date": "2024-06-01", "planned_production_date": "2024-01-01",
        "owner": "无此单位有限公司",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert error_beside(html, "name") == "项目名称不能为空。"
    assert error_beside(html, "total_investment_wan") == "总投资（万元）应为数字，收到“十二亿”。"
    assert error_beside(html, "land_mu") == "占地（亩）不能为负数。"
    assert "项目代码" in error_beside(html, "code")
    assert error_beside(html, "planned_production_date") == \
        "计划投产日期（2024-01-01）不能早于计划开工日期（2024-06-01）。"
    assert not Project.objects.exists()
    assert not Organisation.objects.filter(name="无此单位有限公司").exists()  # rolled back with the project


def test_create_in_a_foreign_region_is_refused(client, zone_user):
    client.force_login(zone_user)
    response = client.post("/projects/new/", {"name": "越权项目", "region": "410172", "project_type": "01",
                                              "nature": "1", "fund_source": "local"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in error_beside(response.content.decode(), "region")
    assert not Project.objects.filter(name="越权项目").exists()


def test_edit_project(client, zone_user, project):
    client.force_login(zone_user)
    page = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert f'name="version" value="{project.version}"' in page
    response = client.post(f"/projects/{project.pk}/edit/", post_data(project, total_investment_wan="85000",
                                                                        contacts="王经理 0371-12345678"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.total_investment_wan == Decimal("85000") and project.contacts == "王经理 0371-12345678"
    assert project.version == 2
    history = client.get(f"/projects/{project.pk}/").content.decode()
    assert "总投资（万元）" in history and "85000" in history and "jingkai_t" in history


def test_edit_that_lost_a_race_is_refused_and_never_overwrites(client, zone_user, city_user, project):
    client.force_login(zone_user)
    stale = post_data(project, total_investment_wan="90000")  # the form as opened, version 1
    project_update(user=city_user, project_id=project.pk, version=project.version,
                   fields={"total_investment_wan": "88000"})  # another user saves first
    response = client.post(f"/projects/{project.pk}/edit/", stale)
    html = response.content.decode()
    assert response.status_code == 409
    assert "该记录已被他人修改，请刷新后基于最新内容重新编辑。" in html
    assert 'value="90000"' in html  # the user's input is kept to compare
    project.refresh_from_db()
    assert project.total_investment_wan == Decimal("88000") and project.version == 2


def test_edit_validation_error_beside_field(client, zone_user, project):
    client.force_login(zone_user)
    response = client.post(f"/projects/{project.pk}/edit/", post_data(
        project, in_statistics="on", total_investment_wan="300"))
    assert error_beside(response.content.decode(), "in_statistics") == "总投资500万元以下的项目不能入库。"
    project.refresh_from_db()
    assert project.total_investment_wan == Decimal("80000") and project.version == 1


def test_advance_stage_with_evidence(client, zone_user, project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(zone_user)
    page = client.get(f"/projects/{project.pk}/stage/").content.decode()
    assert '<option value="started">开工</option>' in page and '<option value="capacity">' not in page
    response = client.post(f"/projects/{project.pk}/stage/", {
        "stage": "started", "occurred_on": "2024-01-15", "note": "主体工程打桩",
        "evidence": SimpleUploadedFile("施工许可证.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    })
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == "started" and project.started_on == dt.date(2024, 1, 15)
    event = StageEvent.objects.get(project=project, stage="started")
    assert event.evidence.name.endswith(".pdf") and event.recorded_by == zone_user
    detail = client.get(f"/projects/{project.pk}/").content.decode()
    assert "佐证材料" in detail and "阶段佐证" in detail


def test_advance_stage_refused_with_reason_beside_field(client, zone_user, project):
    client.force_login(zone_user)
    response = client.post(f"/projects/{project.pk}/stage/", {"stage": "started", "occurred_on": "2023-01-01"})
    assert error_beside(response.content.decode(), "occurred_on") == \
        "日期不能倒退：开工日期 2023-01-01 早于上一阶段“签约”的日期 2023-05-01。"
    project.refresh_from_db()
    assert project.stage == "signed"


def test_correct_stage_keeps_the_old_event(client, zone_user, project):
    client.force_login(zone_user)
    event = StageEvent.objects.get(project=project)
    url = f"/projects/{project.pk}/stage/{event.pk}/correct/"
    missing_reason = client.post(url, {"stage": "signed", "occurred_on": "2023-04-20", "reason": ""})
    assert error_beside(missing_reason.content.decode(), "reason") == "更正阶段记录必须填写更正原因。"
    response = client.post(url, {"stage": "signed", "occurred_on": "2023-04-20", "reason": "以合同签署日为准"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.signed_on == dt.date(2023, 4, 20)
    event.refresh_from_db()
    assert event.superseded
    detail = client.get(f"/projects/{project.pk}/").content.decode()
    assert "以合同签署日为准" in detail and "已被更正" in detail

"""OC4IDS export: the mapping, the access scope, and the official checker on generated data."""

import datetime as dt
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from sanpi.activities.models import KeyProjectEntry, KeyProjectList, ListEntry, Period
from sanpi.api import oc4ids
from sanpi.progress.models import MonthlyReport
from sanpi.projects import demo
from sanpi.projects.models import AnnualPlan, Category, Project
from sanpi.testing import make_org, make_project, make_uscc

SHARED = Path(settings.BASE_DIR).parent / "shared"
CHECKER = SHARED / "oc4ids" / "validate.py"
SCHEMA = SHARED / "oc4ids" / "schema-0.9.5"


@pytest.fixture
def full_project(db):
    """A project with every fact the export maps: owner with USCC, responsible unit, coordinates,
    plans, approved monthly reports, a key-project list and a 三个一批 list."""
    owner = make_org("郑州安图生物工程股份有限公司", uscc=make_uscc("410171"))
    office = make_org("郑州经开区管委会", region="410171", kind="zone_office")
    project = make_project(
        "安图生物体外诊断产业园三期项目", region="410171", owner=owner, responsible_unit=office,
        total_investment_wan=Decimal("300000.55"), industry_id="27", nature="2", address="经开区第十五大街",
        longitude=Decimal("113.727000"), latitude=Decimal("34.718000"), scale_content="建设体外诊断试剂生产基地。",
        planned_start_date=dt.date(2023, 3, 1), planned_completion_date=dt.date(2025, 12, 31),
        domain=Category.objects.filter(scheme="domain").first(), sector=Category.objects.filter(scheme="sector").first(),
        stages=[("signed", dt.date(2023, 1, 10)), ("started", dt.date(2023, 3, 20))],
    )
    AnnualPlan.objects.create(project=project, year=2024, planned_investment_wan=Decimal("80000"))
    for month, total in ((1, "10000"), (2, "25000.50")):
        MonthlyReport.objects.create(
            project=project, year=2024, month=month, month_completed_wan=Decimal(1),
            ytd_completed_wan=Decimal(total), since_start_completed_wan=Decimal(total),
            progress_text=f"{month}月：主体结构施工", status=MonthlyReport.Status.APPROVED)
    MonthlyReport.objects.create(project=project, year=2024, month=3, month_completed_wan=0, ytd_completed_wan=0,
                                 since_start_completed_wan=0, status=MonthlyReport.Status.DRAFT)
    key_list = KeyProjectList.objects.create(region_id="410000", year=2024, name="2024年河南省第一批重点建设项目名单")
    KeyProjectEntry.objects.create(key_list=key_list, project=project)
    period = Period.objects.create(number=11, held_on=dt.date(2024, 1, 2), host_region_id="410000")
    ListEntry.objects.create(period=period, batch="started", project=project, region_id="410171",
                             declared_total_investment_wan=Decimal("300000.55"))
    return project


def export(user, **filters) -> dict:
    qs = oc4ids.export_queryset(user=user, **filters)
    return oc4ids.package(list(oc4ids.records(qs, user=user)), uri="http://testserver/api/v1/oc4ids")


def test_project_mapping(full_project, province_user):
    record = export(province_user, project=full_project.pk)["projects"][0]
    owner, office = full_project.owner, full_project.responsible_unit
    assert record["id"] == f"oc4ids-sanpi-{full_project.pk}"
    assert (record["title"], record["status"], record["type"], record["language"]) == (
        "安图生物体外诊断产业园三期项目", "implementation", "expansion", "zh")
    assert record["budget"]["amount"] == {"amount": 3000005500, "currency": "CNY"}
    assert record["period"] == {"startDate": "2023-03-01T00:00:00+08:00", "endDate": "2025-12-31T00:00:00+08:00"}
    assert "completion" not in record
    assert record["locations"] == [{
        "id": "1", "description": "河南省郑州市郑州经济技术开发区（区划代码 410171）经开区第十五大街",
        "address": {"region": "河南省郑州市郑州经济技术开发区", "countryName": "中国", "streetAddress": "经开区第十五大街"},
        "geometry": {"type": "Point", "coordinates": [113.727, 34.718]},
    }]
    assert record["parties"] == [
        {"id": f"CN-USCI-{owner.uscc}", "name": owner.name, "roles": ["funder"],
         "identifier": {"scheme": "CN-USCI", "id": owner.uscc, "legalName": owner.name},
         "address": {"region": "河南省郑州市郑州经济技术开发区", "countryName": "中国"}},
        {"id": f"oc4ids-sanpi-org-{office.pk}", "name": "郑州经开区管委会", "roles": ["publicAuthority"],
         "address": {"region": "河南省郑州市郑州经济技术开发区", "countryName": "中国"}},
    ]
    assert record["publicAuthority"] == {"id": f"oc4ids-sanpi-org-{office.pk}", "name": "郑州经开区管委会"}
    schemes = [(c["scheme"], c["id"]) for c in record["additionalClassifications"]]
    assert schemes[0] == ("GB/T 4754-2017", "27")
    assert ("sanpi-key-project-list", f"keylist.{KeyProjectList.objects.get().pk}") in schemes
    assert ("sanpi-three-batches", f"period.{Period.objects.get().pk}.started") in schemes
    assert record["forecasts"] == [{"id": "financialProgress", "title": "年度计划投资", "observations": [
        {"id": "plan-2024", "period": {"startDate": "2024-01-01T00:00:00+08:00", "endDate": "2024-12-31T00:00:00+08:00"},
         "value": {"amount": 800000000, "currency": "CNY"}, "notes": "2024年度计划投资"}]}]
    financial, physical = record["metrics"]
    assert [(o["id"], o["value"]["amount"], o["measure"]) for o in financial["observations"]] == [
        ("2024-01", 100000000, "3.33"), ("2024-02", 250005000, "8.33")]
    assert financial["observations"][1]["period"] == {"startDate": "2024-02-01T00:00:00+08:00",
                                                      "endDate": "2024-02-29T00:00:00+08:00"}
    assert [(o["id"], o["notes"]) for o in physical["observations"]] == [
        ("2024-01", "1月：主体结构施工"), ("2024-02", "2月：主体结构施工")]


@pytest.mark.parametrize(("stage", "started", "status"), [
    ("planned", None, "identification"), ("negotiating", None, "identification"), ("signed", None, "preparation"),
    ("started", dt.date(2023, 1, 1), "implementation"), ("completed", dt.date(2023, 1, 1), "completion"),
    ("producing", dt.date(2023, 1, 1), "maintenance"), ("capacity", dt.date(2023, 1, 1), "maintenance"),
    ("terminated", None, "cancelled"), ("suspended", dt.date(2023, 1, 1), "implementation"),
    ("suspended", None, "preparation"),
])
def test_status_codes(stage, started, status):
    assert oc4ids.status(Project(stage=stage, started_on=started)) == status


def test_export_is_access_scoped(full_project, zone_user, other_zone_user, enterprise_user):
    foreign = make_project("高新区某项目", region="410172")
    assert [p["title"] for p in export(zone_user)["projects"]] == ["安图生物体外诊断产业园三期项目"]
    assert [p["title"] for p in export(other_zone_user)["projects"]] == ["高新区某项目"]
    assert export(enterprise_user)["projects"] == []
    assert export(zone_user, project=foreign.pk)["projects"] == []


def test_api_endpoint_scoped_and_paged(api, full_project, zone_user, other_zone_user):
    for n in range(3):
        make_project(f"经开区项目{n}", region="410171")
    make_project("高新区某项目", region="410172")
    client = api(zone_user)
    response = client.get("/oc4ids", limit=2)
    assert response.status_code == 200
    first = response.json()
    assert (first["version"], first["publisher"], len(first["projects"])) == ("0.9", {"name": "三批 sanpi 项目台账"}, 2)
    link = response["Link"]
    assert link.endswith('>; rel="next"')
    response = client.get("/oc4ids", limit=2, cursor=link.split("cursor=")[1].split(">")[0].split("&")[0])
    rest = response.json()["projects"]
    assert "Link" not in response
    titles = [p["title"] for p in first["projects"] + rest]
    assert titles == ["经开区项目2", "经开区项目1", "经开区项目0", "安图生物体外诊断产业园三期项目"]
    assert "高新区某项目" not in response.content.decode()
    assert api().get("/oc4ids").status_code == 401
    assert api(other_zone_user).get("/oc4ids", project=full_project.pk).json()["projects"] == []


def test_command_region_and_project(full_project):
    make_project("高新区某项目", region="410172")
    out = io.StringIO()
    call_command("oc4ids", "--region", "410171", stdout=out, stderr=io.StringIO())
    package = json.loads(out.getvalue())
    assert [p["title"] for p in package["projects"]] == ["安图生物体外诊断产业园三期项目"]
    assert package["uri"] == "http://127.0.0.1:8000/api/v1/oc4ids?region=410171"
    out = io.StringIO()
    call_command("oc4ids", "--project", str(full_project.pk), stdout=out, stderr=io.StringIO())
    assert [p["id"] for p in json.loads(out.getvalue())["projects"]] == [f"oc4ids-sanpi-{full_project.pk}"]


@pytest.mark.skipif(not CHECKER.exists(), reason=f"the official OC4IDS checker is not at {CHECKER} (../shared absent)")
def test_official_checker_accepts_export_of_demo_data(full_project, tmp_path):
    """The foundation's demo (the seed's 经开区 projects, demo users, generated projects) plus a
    project carrying every mapped fact (lists, approved reports, coordinates, responsible unit)."""
    demo.build(generated=150)
    out = io.StringIO()
    call_command("oc4ids", stdout=out, stderr=io.StringIO())
    package = json.loads(out.getvalue())
    assert len(package["projects"]) == Project.objects.count() == 150
    path = tmp_path / "package.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    result = subprocess.run([sys.executable, str(CHECKER), str(SCHEMA), str(path)], capture_output=True, text=True,
                            timeout=300)
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("ERROR")] == []
    assert lines[-1] == "VALID"
    assert result.returncode == 0

"""Findings 4 and 5 of issue 10: one set of bounds on every write path; malformed input never a 500."""

import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from docx import Document

from sanpi.api.services import token_create
from sanpi.core import bounds
from sanpi.core.datacheck import out_of_range
from sanpi.core.inputs import parse_date, parse_decimal
from sanpi.progress import services as progress
from sanpi.projects.models import Project
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db


def _decimal(value, field="total_investment_wan"):
    errors: dict = {}
    return parse_decimal(value, field=field, label="总投资", errors=errors), errors


@pytest.mark.parametrize("value", ["1e30", "NaN", "nan", "Infinity", "-Infinity", "inf", "１ｅ３０", "😀", "12😀",
                                   "²", "9999999999999.99", "100000000", True, float("nan"), float("inf")])
def test_hostile_numbers_get_a_chinese_field_error(value):
    number, errors = _decimal(value)
    assert number is None and errors["total_investment_wan"][0].startswith("总投资")


@pytest.mark.parametrize("value, expected", [("１２３４５.６７", "12345.67"), ("1,234", "1234"), ("99999999.99", "99999999.99"),
                                             (12.5, "12.5"), ("1e3", "1000.00")])
def test_accepted_numbers_include_full_width_digits(value, expected):
    number, errors = _decimal(value)
    assert not errors and number == Decimal(expected)


def test_areas_have_their_own_bounds():
    assert _decimal("999999.99", "land_mu") == (Decimal("999999.99"), {})
    assert "数值过大" in _decimal("1000000", "land_mu")[1]["land_mu"][0]
    assert "数值过大" in _decimal("100000000", "building_area_m2")[1]["building_area_m2"][0]


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1989-12-31", dt.date(1, 1, 1)])
def test_dates_outside_1990_to_ten_years_ahead_are_refused(value):
    errors: dict = {}
    assert parse_date(value, field="d", label="计划开工日期", errors=errors) is None
    assert "超出范围，应在 1990-01-01 至" in errors["d"][0]
    assert parse_date(bounds.date_max(), field="d", label="x", errors={}) == bounds.date_max()


# finding 4: a value the validation accepted made the ledger unreadable

def _api(user):
    return Client(headers={"Authorization": f"Bearer {token_create(user=user, name='测试').key}"})


def test_api_refuses_money_and_areas_beyond_the_bounds(zone_user):
    project = make_project("经开区项目")
    client = _api(zone_user)
    for field, value in (("total_investment_wan", "9999999999999.99"), ("total_investment_wan", "100000000"),
                         ("land_mu", "10000000000"), ("building_area_m2", "1000000000000")):
        response = client.patch(f"/api/v1/projects/{project.pk}", data=json.dumps({"version": 1, field: value}),
                                content_type="application/json")
        assert response.status_code == 422, (field, value)
        assert response.json()["fields"]
    project.refresh_from_db()
    assert project.total_investment_wan == Decimal("10000")


def _error_beside(html: str, field: str) -> str:
    match = re.search(rf'data-field="{field}".*?data-error-for="{field}">(.*?)</div>', html, re.S)
    return match.group(1).strip() if match else ""


def test_web_form_refuses_1e30_and_huge_values_beside_the_field(client, zone_user):
    from sanpi.web.forms import ProjectForm

    project = make_project("经开区项目")
    client.force_login(zone_user)
    data = {k: v for k, v in ProjectForm.initial_for(project).items() if v not in (None, "", False)}
    for value, message in (("1e30", "数值过大"), ("9999999999999.99", "数值过大"), ("NaN", "应为数字")):
        response = client.post(f"/projects/{project.pk}/edit/", {**data, "total_investment_wan": value})
        assert response.status_code == 200
        assert message in _error_beside(response.content.decode(), "total_investment_wan")
    response = client.post(f"/projects/{project.pk}/edit/", {**data, "scale_content": "很" * 5001,
                                                             "planned_start_date": "0001-01-01"})
    html = response.content.decode()
    assert "不能超过5000个字符" in _error_beside(html, "scale_content")
    assert "超出范围" in _error_beside(html, "planned_start_date")
    project.refresh_from_db()
    assert project.version == 1


def test_value_stored_before_the_bounds_does_not_break_pages_and_is_reported(client, zone_user, capsys):
    project = make_project("历史脏数据项目")
    Project.objects.filter(pk=project.pk).update(total_investment_wan=Decimal("9999999999999.99"),
                                                 planned_start_date=dt.date(1, 1, 1))
    client.force_login(zone_user)
    for url in ("/projects/", f"/projects/{project.pk}/", "/api/v1/projects", "/api/v1/oc4ids",
                "/ingest/export/ledger.xlsx", "/projects/totals/"):
        assert client.get(url).status_code == 200, url
    found = {(f.model, f.field): f.ids for f in out_of_range()}
    assert found[("projects.Project", "total_investment_wan")] == [project.pk]
    assert found[("projects.Project", "planned_start_date")] == [project.pk]
    with pytest.raises(SystemExit):
        call_command("bounds")
    assert "projects.Project.total_investment_wan（总投资（万元））超出范围" in capsys.readouterr().out
    call_command("bounds", "--clear")
    assert out_of_range() == []


# finding 5: malformed input gave 500s

@pytest.mark.parametrize("params", ["period=²", "keylist=²", "leader=²", "domain=²", "page=²",
                                    "period=12345678901234567890123", "leader=12345678901234567890123",
                                    "domain=12345678901234567890123", "page=12345678901234567890123"])
def test_malformed_query_parameters_are_ignored_and_said_so(client, zone_user, params):
    make_project("经开区项目")
    client.force_login(zone_user)
    response = client.get(f"/projects/?{params}")
    assert response.status_code == 200
    assert "已忽略无效的筛选条件" in response.content.decode()
    assert client.get(f"/projects/totals/?{params}").status_code == 200
    assert client.get(f"/ingest/export/ledger.xlsx?{params}").status_code == 200


def test_malformed_revision_and_month_parameters(client, province_user):
    from sanpi.activities.models import Period

    client.force_login(province_user)
    period = Period.objects.create(number=11, held_on=dt.date(2024, 3, 1), level="province", host_region_id="410000")
    response = client.get(f"/activities/periods/{period.pk}/?revision=²", follow=True)
    assert response.status_code == 200 and "修订号“²”无效" in response.content.decode()
    assert client.get(f"/activities/periods/{period.pk}/?revision=12345678901234567890123").status_code == 200
    assert client.get("/progress/reports/?year=12345678901234567890123&month=²").status_code == 200


def test_control_characters_are_stripped_and_the_letter_is_generated(zone_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = make_project("经开区项目")
    problem = progress.problem_raise(user=zone_user, project_id=project.pk, kind="land", raised_at="2024-01-15",
                                     description="用地\x01指标\x0b未落实", responsible_department="自然\x01资源局",
                                     deadline="2024-03-31")
    assert problem.description == "用地指标未落实" and problem.responsible_department == "自然资源局"
    letter = progress.problem_escalate(user=zone_user, problem_id=problem.pk, level="reminder")
    doc = Document(io.BytesIO(letter.letter.read()))
    text = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "用地指标未落实" in text


def test_letter_survives_a_control_character_stored_before_cleaning(zone_user, settings, tmp_path):
    from sanpi.progress.models import Problem

    settings.MEDIA_ROOT = tmp_path
    project = make_project("经开区项目")
    problem = progress.problem_raise(user=zone_user, project_id=project.pk, kind="land", raised_at="2024-01-15",
                                     description="用地", responsible_department="自然资源局", deadline="2024-03-31")
    Problem.objects.filter(pk=problem.pk).update(description="旧\x01数据")
    assert progress.problem_escalate(user=zone_user, problem_id=problem.pk, level="reminder").letter


def test_long_text_is_refused_as_in_the_api(zone_user):
    from django.core.exceptions import ValidationError

    project = make_project("经开区项目")
    with pytest.raises(ValidationError) as exc:
        progress.problem_raise(user=zone_user, project_id=project.pk, kind="land", description="很" * 5001,
                               responsible_department="自然资源局", deadline="2024-03-31", raised_at="2024-01-15")
    assert exc.value.message_dict["description"] == ["问题描述不能超过5000个字符（现有5001个）。"]


def test_api_body_over_the_limit_is_413_json(zone_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    project = make_project("经开区项目")
    body = json.dumps({"version": 1, "scale_content": "很" * (1024 * 1024)})
    response = _api(zone_user).patch(f"/api/v1/projects/{project.pk}", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large" and "请求体过大" in response.json()["message"]


def test_list_entry_amount_1e30_is_a_field_error(province_user):
    from django.core.exceptions import ValidationError

    from sanpi.activities import services as activities

    period = activities.period_create(user=province_user, number=1, held_on=dt.date(2024, 1, 2), host_region="410000")
    project = make_project("签约项目", stages=[("signed", dt.date(2023, 1, 1))])
    for value in ("1e30", "NaN", "100000000"):
        with pytest.raises(ValidationError) as exc:
            activities.entry_add(user=province_user, period_id=period.pk, batch="signed", project_id=project.pk,
                                 declared_total_investment_wan=value)
        assert "申报总投资（万元）" in exc.value.message_dict["declared_total_investment_wan"][0]

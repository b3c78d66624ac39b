"""Each period's entries must have their event (签约/开工/投产 or 竣工) inside the period's window,
by default since the previous period's date; outside it an entry needs a reason. Whether 竣工
(建成投用) projects may be on 投产一批 is a per-period setting, allowed by default."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sanpi.activities import rules, services
from sanpi.activities.models import Period
from sanpi.core.errors import Forbidden
from sanpi.projects.models import Category
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db
D = dt.date


def manufacturing(**stages):
    return make_project(sector=Category.objects.get(scheme="sector", code="manufacturing", year=2024),
                        total_investment_wan=Decimal(80000), stages=list(stages.items()))


@pytest.fixture
def periods(province_user):
    p10 = services.period_create(user=province_user, number=10, held_on=D(2023, 10, 20), host_region="410000",
                                 status=Period.Status.OPEN)
    p11 = services.period_create(user=province_user, number=11, held_on=D(2024, 1, 2), host_region="410000",
                                 status=Period.Status.OPEN)
    return p10, p11


def test_window_rule_defaults_to_since_the_previous_period():
    assert rules.entry_window(held_on=D(2024, 1, 2), previous_held_on=D(2023, 10, 20)) == (D(2023, 10, 21), D(2024, 1, 2))
    assert rules.entry_window(held_on=D(2024, 1, 2), previous_held_on=None) == (None, D(2024, 1, 2))
    assert rules.entry_window(held_on=D(2024, 1, 2), previous_held_on=D(2023, 10, 20), start=D(2023, 7, 1),
                              end=D(2023, 12, 31)) == (D(2023, 7, 1), D(2023, 12, 31))


def test_window_miss_names_the_event_and_the_window():
    window = (D(2023, 10, 21), D(2024, 1, 2))
    assert rules.window_miss("started", {"started_on": D(2023, 12, 1)}, window) is None
    assert rules.window_miss("started", {"started_on": D(2023, 3, 15)}, window) == (
        "项目开工日期2023-03-15不在本期“开工一批”的时间窗口（2023-10-21至2024-01-02）内；如确需列入，请填写理由。")
    assert rules.window_miss("producing", {"produced_on": None, "completed_on": D(2024, 2, 1)}, window).startswith(
        "项目竣工日期2024-02-01不在本期“投产一批”")
    assert rules.window_miss("signed", {"signed_on": None}, window) == (
        "项目没有签约日期，无法核对本期时间窗口（2023-10-21至2024-01-02）；如确需列入，请填写理由。")


def test_an_out_of_window_start_needs_a_reason(periods, province_user):
    _, p11 = periods
    old_start = manufacturing(signed=D(2022, 5, 20), started=D(2023, 3, 15))  # the demo's 中兴二期 case
    with pytest.raises(ValidationError) as exc:
        services.entry_add(user=province_user, period_id=p11.pk, batch="started", project_id=old_start.pk)
    assert exc.value.message_dict == {"window_override_reason": [
        "项目开工日期2023-03-15不在本期“开工一批”的时间窗口（2023-10-21至2024-01-02）内；如确需列入，请填写理由。"]}
    entry = services.entry_add(user=province_user, period_id=p11.pk, batch="started", project_id=old_start.pk,
                               window_override_reason="  上期未及申报，经省项目办同意补列 ")
    assert entry.window_override_reason == "上期未及申报，经省项目办同意补列"
    inside = manufacturing(signed=D(2023, 9, 1), started=D(2023, 12, 1))
    entry = services.entry_add(user=province_user, period_id=p11.pk, batch="started", project_id=inside.pk,
                               window_override_reason="不需要的理由")
    assert entry.window_override_reason == ""  # kept only where the window was missed


def test_the_period_sets_its_own_window(periods, province_user, zone_user):
    _, p11 = periods
    project = manufacturing(signed=D(2022, 5, 20), started=D(2023, 3, 15))
    with pytest.raises(ValidationError) as exc:
        services.period_settings_set(user=province_user, period_id=p11.pk, window_start=D(2024, 1, 1),
                                     window_end=D(2023, 1, 1), completed_in_producing=True)
    assert exc.value.message_dict == {"window_end": ["时间窗口截止日期（2023-01-01）不能早于起始日期（2024-01-01）。"]}
    services.period_settings_set(user=province_user, period_id=p11.pk, window_start=D(2023, 1, 1), window_end=None,
                                 completed_in_producing=True)
    assert services.period_window(period=Period.objects.get(pk=p11.pk)) == (D(2023, 1, 1), D(2024, 1, 2))
    entry = services.entry_add(user=province_user, period_id=p11.pk, batch="started", project_id=project.pk)
    assert entry.window_override_reason == ""
    with pytest.raises(Forbidden):  # a zone sees the province's period but does not run it
        services.period_settings_set(user=zone_user, period_id=p11.pk, window_start=None, window_end=None,
                                     completed_in_producing=True)


def test_completed_projects_on_the_producing_list_follow_the_period_setting(periods, province_user):
    _, p11 = periods
    hospital = manufacturing(started=D(2021, 3, 1), completed=D(2023, 12, 20))
    entry = services.entry_add(user=province_user, period_id=p11.pk, batch="producing", project_id=hospital.pk)
    assert entry.batch == "producing"  # default: allowed
    road = manufacturing(started=D(2021, 3, 1), completed=D(2023, 11, 20))
    services.period_settings_set(user=province_user, period_id=p11.pk, window_start=None, window_end=None,
                                 completed_in_producing=False)
    with pytest.raises(ValidationError) as exc:
        services.entry_add(user=province_user, period_id=p11.pk, batch="producing", project_id=road.pk)
    assert exc.value.message_dict == {"project": [
        "项目当前阶段为“竣工”，不能列入“投产一批”（须为：投产、达产；本期设定竣工项目不列入投产一批）。"]}


def test_carry_over_takes_completed_projects_when_the_period_allows(periods, province_user):
    p10, p11 = periods
    school = manufacturing(signed=D(2023, 6, 1), started=D(2023, 9, 1))
    services.entry_add(user=province_user, period_id=p10.pk, batch="started", project_id=school.pk)
    from sanpi.projects import services as project_services

    project_services.stage_advance(user=province_user, project_id=school.pk, stage="completed",
                                   occurred_on=D(2023, 12, 28))
    services.period_settings_set(user=province_user, period_id=p11.pk, window_start=None, window_end=None,
                                 completed_in_producing=False)
    assert services.period_carry_over(user=province_user, period_id=p11.pk) == 0
    services.period_settings_set(user=province_user, period_id=p11.pk, window_start=None, window_end=None,
                                 completed_in_producing=True)
    assert services.period_carry_over(user=province_user, period_id=p11.pk) == 1


def test_the_period_page_shows_and_sets_the_window(periods, client, province_user, zone_user):
    _, p11 = periods
    client.force_login(province_user)
    html = client.get(f"/activities/periods/{p11.pk}/").content.decode()
    assert '<span id="period-window">2023-10-21至2024-01-02</span>' in html and "竣工（建成投用）项目可列入投产一批" in html
    response = client.post(f"/activities/periods/{p11.pk}/settings/", {"window_start": "2023-07-01", "window_end": ""})
    assert response.status_code == 302
    p11.refresh_from_db()
    assert (p11.window_start, p11.window_end, p11.completed_in_producing) == (D(2023, 7, 1), None, False)
    bad = client.post(f"/activities/periods/{p11.pk}/settings/", {"window_start": "2023-13-01"}, follow=True)
    assert "清单事件起始日期" in bad.content.decode()
    client.force_login(zone_user)  # sees the period, does not run it
    client.post(f"/activities/periods/{p11.pk}/settings/", {"completed_in_producing": "1"})
    p11.refresh_from_db()
    assert p11.completed_in_producing is False

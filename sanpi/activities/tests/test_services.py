import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sanpi.activities import services
from sanpi.activities.models import EntryThreshold, ListEntry, Period, PeriodSnapshot
from sanpi.activities.selectors import project_appearances
from sanpi.activities.services import PeriodClosed
from sanpi.activities.statistics import period_stats
from sanpi.core.errors import Forbidden, NotFound
from sanpi.projects.models import Category
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db

D = dt.date


def sector(code: str, year: int = 2024) -> Category:
    return Category.objects.get(scheme="sector", code=code, year=year)


@pytest.fixture
def period(province_user):
    return services.period_create(user=province_user, number=11, held_on=D(2024, 1, 2), host_region="410000",
                                  status=Period.Status.OPEN)


def signed_project(**fields):
    fields.setdefault("sector", sector("manufacturing"))
    fields.setdefault("total_investment_wan", Decimal(50000))
    return make_project(stages=[("signed", D(2023, 12, 1))], **fields)


def started_project(**fields):
    fields.setdefault("sector", sector("manufacturing"))
    fields.setdefault("total_investment_wan", Decimal(80000))
    return make_project(stages=[("signed", D(2023, 1, 1)), ("started", D(2023, 6, 1))], **fields)


def test_period_create_checks_level_and_role(province_user, zone_user, city_user):
    with pytest.raises(ValidationError) as exc:
        services.period_create(user=province_user, number=1, held_on=D(2024, 1, 2), host_region="410100")
    assert exc.value.message_dict == {"host_region": ["“郑州市”不能举办省级活动。"]}
    with pytest.raises(Forbidden):
        services.period_create(user=zone_user, number=1, held_on=D(2024, 1, 2), host_region="410171",
                               level=Period.Level.COUNTY)
    with pytest.raises(Forbidden):  # a city cannot run the province's activity
        services.period_create(user=city_user, number=1, held_on=D(2024, 1, 2), host_region="410000")
    city_period = services.period_create(user=city_user, number=3, held_on=D(2024, 1, 5), host_region="410100",
                                         level=Period.Level.CITY)
    assert (city_period.level, city_period.host_region_id, city_period.status) == ("city", "410100", "planning")
    with pytest.raises(ValidationError) as exc:
        services.period_create(user=city_user, number=3, held_on=D(2024, 4, 5), host_region="410100",
                               level=Period.Level.CITY)
    assert exc.value.message_dict == {"number": ["郑州市第3期已存在。"]}


def test_entry_add_keeps_declared_figures_and_region(period, zone_user):
    project = signed_project(total_investment_wan=Decimal("123456.78"))
    entry = services.entry_add(user=zone_user, period_id=period.pk, batch="signed", project_id=project.pk)
    assert (entry.declared_total_investment_wan, entry.region_id, entry.added_by) == (
        Decimal("123456.78"), "410171", zone_user)
    assert entry.threshold_override_reason == ""
    declared = services.entry_add(user=zone_user, period_id=period.pk, batch="signed",
                                  project_id=signed_project().pk, declared_total_investment_wan="60000.5")
    assert declared.declared_total_investment_wan == Decimal("60000.5")


def test_entry_add_stage_must_fit_the_list(period, zone_user):
    project = signed_project()
    with pytest.raises(ValidationError) as exc:
        services.entry_add(user=zone_user, period_id=period.pk, batch="started", project_id=project.pk)
    assert exc.value.message_dict == {"project": ["项目当前阶段为“签约”，不能列入“开工一批”（须为：开工）。"]}
    producing = make_project(stages=[("started", D(2022, 1, 1)), ("producing", D(2023, 9, 1))],
                             sector=sector("manufacturing"), total_investment_wan=Decimal(40000))
    with pytest.raises(ValidationError) as exc:
        services.entry_add(user=zone_user, period_id=period.pk, batch="signed", project_id=producing.pk)
    assert exc.value.message_dict == {"project": ["项目当前阶段为“投产”，不能列入“签约一批”（须为：签约）。"]}
    assert services.entry_add(user=zone_user, period_id=period.pk, batch="producing",
                              project_id=producing.pk).batch == "producing"


def test_entry_add_refuses_same_list_of_another_period(period, province_user, zone_user):
    project = started_project()
    services.entry_add(user=zone_user, period_id=period.pk, batch="started", project_id=project.pk)
    with pytest.raises(ValidationError) as exc:
        services.entry_add(user=zone_user, period_id=period.pk, batch="started", project_id=project.pk)
    assert exc.value.message_dict == {"project": [f"“{project.name}”已列入本期的“开工一批”，不能重复列入。"]}
    later = services.period_create(user=province_user, number=12, held_on=D(2024, 4, 8), host_region="410000",
                                   status=Period.Status.OPEN)
    with pytest.raises(ValidationError) as exc:
        services.entry_add(user=zone_user, period_id=later.pk, batch="started", project_id=project.pk)
    assert exc.value.message_dict == {
        "project": [f"“{project.name}”已列入河南省第11期（2024-01-02）的“开工一批”，不能重复列入。"]}
    # another level (the city's own activity) may list it again
    city = services.period_create(user=province_user, number=5, held_on=D(2024, 1, 8), host_region="410100",
                                  level=Period.Level.CITY)
    assert services.entry_add(user=zone_user, period_id=city.pk, batch="started", project_id=project.pk).pk


def test_threshold_miss_is_a_warning_the_office_may_override(period, zone_user):
    project = signed_project(total_investment_wan=Decimal(25000))  # 2.5亿 < 3亿 for manufacturing
    with pytest.raises(ValidationError) as exc:
        services.entry_add(user=zone_user, period_id=period.pk, batch="signed", project_id=project.pk)
    assert exc.value.message_dict == {"threshold_override_reason": [
        "总投资2.5亿元低于先进制造业项目列入门槛3亿元；如确需列入，请填写理由。"]}
    assert not ListEntry.objects.exists()
    entry = services.entry_add(user=zone_user, period_id=period.pk, batch="signed", project_id=project.pk,
                               threshold_override_reason="  龙头企业延链项目 ")
    assert entry.threshold_override_reason == "龙头企业延链项目"
    emerging = signed_project(sector=sector("emerging"), total_investment_wan=Decimal(10000))  # 1亿 qualifies
    assert services.entry_add(user=zone_user, period_id=period.pk, batch="signed",
                              project_id=emerging.pk).threshold_override_reason == ""


@pytest.mark.parametrize(("code", "total", "warns"), [
    ("manufacturing", 29999, True), ("manufacturing", 30000, False), ("attraction", 9999, True),
    ("emerging", 10000, False), ("infrastructure", 99999, True), ("infrastructure", 100000, False),
    ("services", 49999, True), ("services", 50000, False), ("social", 19999, True), ("social", 20000, False),
])
def test_default_thresholds(period, code, total, warns):
    project = signed_project(sector=sector(code), total_investment_wan=Decimal(total))
    warning = services.entry_threshold_warning(project=project, period=period, declared_total_wan=Decimal(total))
    assert (warning is not None) is warns


def test_thresholds_configurable_per_region_and_year(period):
    EntryThreshold.objects.create(region_id="410100", year=2024, sector_code="manufacturing",
                                  minimum_wan=Decimal(10000))  # 郑州 admits manufacturing from 1亿
    in_zhengzhou = signed_project(region="410171", total_investment_wan=Decimal(15000))
    in_luoyang = signed_project(region="410302", total_investment_wan=Decimal(15000))
    assert services.entry_threshold_warning(project=in_zhengzhou, period=period,
                                            declared_total_wan=Decimal(15000)) is None
    assert services.entry_threshold_warning(project=in_luoyang, period=period, declared_total_wan=Decimal(15000)) == (
        "总投资1.5亿元低于先进制造业项目列入门槛3亿元；如确需列入，请填写理由。")
    EntryThreshold.objects.create(region_id="410171", year=2024, sector_code="manufacturing",
                                  minimum_wan=Decimal(20000))  # the nearest region's row wins
    assert services.threshold_minimum(region=in_zhengzhou.region, year=2024, sector_code="manufacturing") == 20000
    assert services.threshold_minimum(region=in_zhengzhou.region, year=2025, sector_code="manufacturing") == 30000


def test_entry_access(period, other_zone_user, enterprise_user, zone_user):
    project = signed_project(region="410171")
    with pytest.raises(NotFound):  # 高新区 cannot see 经开区's project
        services.entry_add(user=other_zone_user, period_id=period.pk, batch="signed", project_id=project.pk)
    with pytest.raises(Forbidden):
        services.entry_add(user=enterprise_user, period_id=period.pk, batch="signed", project_id=project.pk)
    with pytest.raises(Forbidden):  # a zone office cannot close the province's period
        services.period_close(user=zone_user, period_id=period.pk)
    outside = signed_project(region="420102")
    with pytest.raises(NotFound):
        services.entry_add(user=zone_user, period_id=period.pk, batch="signed", project_id=outside.pk)


def test_carry_over_links_each_entry_to_its_started_entry(province_user, zone_user):
    p9 = services.period_create(user=province_user, number=9, held_on=D(2023, 8, 15), host_region="410000",
                                status="open")
    p10 = services.period_create(user=province_user, number=10, held_on=D(2023, 10, 20), host_region="410000",
                                 status="open")
    produced = started_project(total_investment_wan=Decimal(70000))
    also = started_project(total_investment_wan=Decimal(90000))
    still_building = started_project()
    e1 = services.entry_add(user=zone_user, period_id=p9.pk, batch="started", project_id=produced.pk)
    # started 2023-06-01, before period 10's window (since period 9): listed with a reason
    late = "上期未及申报，补列"
    e2 = services.entry_add(user=zone_user, period_id=p10.pk, batch="started", project_id=also.pk,
                            window_override_reason=late)
    services.entry_add(user=zone_user, period_id=p10.pk, batch="started", project_id=still_building.pk,
                       window_override_reason=late)
    # they reach production afterwards; the total was revised when production began
    produced.stage, produced.produced_on, produced.total_investment_wan = "producing", D(2023, 11, 30), Decimal(75000)
    produced.save()
    also.stage, also.produced_on = "producing", D(2024, 3, 1)  # after period 11's date: not yet
    also.save()
    p11 = services.period_create(user=province_user, number=11, held_on=D(2024, 1, 2), host_region="410000",
                                 status="open")
    assert services.period_carry_over(user=province_user, period_id=p11.pk) == 1
    carried = ListEntry.objects.get(period=p11, batch="producing")
    assert (carried.project, carried.carried_from, carried.declared_total_investment_wan) == (
        produced, e1, Decimal(75000))
    assert services.period_carry_over(user=province_user, period_id=p11.pk) == 0  # nothing twice
    p12 = services.period_create(user=province_user, number=12, held_on=D(2024, 4, 8), host_region="410000",
                                 status="open")
    assert services.period_carry_over(user=province_user, period_id=p12.pk) == 1
    assert ListEntry.objects.get(period=p12, batch="producing").carried_from == e2
    appearances = project_appearances(project=produced)
    assert [(a["number"], a["batch_label"], a["carried_from_period"]) for a in appearances] == [
        (9, "开工一批", None), (11, "投产一批", 9)]
    with pytest.raises(ValidationError):
        services.entry_remove(user=zone_user, entry_id=e1.pk)


def test_closed_period_is_frozen(period, province_user, zone_user):
    project = signed_project(total_investment_wan=Decimal(50000))
    entry = services.entry_add(user=zone_user, period_id=period.pk, batch="signed", project_id=project.pk)
    snapshot = services.period_close(user=province_user, period_id=period.pk)
    period.refresh_from_db()
    assert (snapshot.revision, period.status, period.closed_by) == (1, "closed", province_user)
    assert snapshot.data["lists"]["签约"] == {"count": 1, "total_investment_wan": "50000"}
    # later edits to the project change nothing in the closed period's figures
    project.total_investment_wan, project.region_id, project.fund_source = Decimal(90000), "410302", "foreign"
    project.save()
    stats = period_stats(period=period)
    assert stats["lists"]["签约"] == {"count": 1, "total_investment_wan": "50000"}
    assert [r["code"] for r in stats["by_city"] if r["total"]["count"]] == ["410100"]
    assert [r["code"] for r in stats["by_fund_source"]] == ["local"]
    assert stats["revision"] == 1
    with pytest.raises(PeriodClosed) as exc:
        services.entry_add(user=zone_user, period_id=period.pk, batch="signed", project_id=signed_project().pk)
    assert exc.value.message == ("河南省第11期已关闭，清单和统计数据已冻结，不能再修改；"
                                 "如需更正，请生成新的修订版本并说明原因。")
    # the project moved to 洛阳, out of the zone's sight: the province office tries the edits
    for call in (lambda: services.entry_remove(user=province_user, entry_id=entry.pk),
                 lambda: services.entry_update(user=province_user, entry_id=entry.pk, declared_total_investment_wan=1),
                 lambda: services.period_carry_over(user=province_user, period_id=period.pk),
                 lambda: services.period_close(user=province_user, period_id=period.pk)):
        with pytest.raises(PeriodClosed):
            call()
    assert ListEntry.objects.get(pk=entry.pk).declared_total_investment_wan == Decimal(50000)


def test_revision_corrects_a_closed_period_and_keeps_the_old_one(period, province_user, zone_user):
    entry = services.entry_add(user=zone_user, period_id=period.pk, batch="signed",
                               project_id=signed_project(total_investment_wan=Decimal(50000)).pk)
    services.period_close(user=province_user, period_id=period.pk)
    with pytest.raises(ValidationError) as exc:
        services.period_revise(user=province_user, period_id=period.pk, reason=" ")
    assert exc.value.message_dict == {"reason": ["更正统计数据必须填写原因。"]}
    second = services.period_revise(user=province_user, period_id=period.pk, reason="申报总投资录入错误",
                                    declared_changes={entry.pk: "55000"})
    assert (second.revision, second.reason) == (2, "申报总投资录入错误")
    assert second.data["corrections"] == [{"entry": entry.pk, "project": entry.project.name,
                                           "old_wan": "50000", "new_wan": "55000"}]
    assert period_stats(period=period)["lists"]["签约"]["total_investment_wan"] == "55000"
    assert period_stats(period=period, revision=1)["lists"]["签约"]["total_investment_wan"] == "50000"
    assert PeriodSnapshot.objects.filter(period=period).count() == 2

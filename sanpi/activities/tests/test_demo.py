"""The demo's province totals equal the published ones, and period 11's bulletin carries the seed's
figures. Builds the whole demo once for the module (about 20–40 s on SQLite)."""

import pytest

from conftest import reset_database_baseline
from sanpi.activities import demo, services
from sanpi.activities.bulletin import bulletin_text
from sanpi.activities.models import KeyProjectList, ListEntry, Period
from sanpi.activities.selectors import period_find, project_appearances
from sanpi.activities.statistics import period_stats
from sanpi.projects import demo as projects_demo


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        projects_demo.build(generated=0)
        demo.build()
        yield
        reset_database_baseline()


pytestmark = pytest.mark.django_db


def lists(number):
    stats = period_stats(period=period_find(number=number))
    return {label: (cell["count"], cell["total_investment_wan"]) for label, cell in stats["lists"].items()}


def test_published_totals(built):
    assert lists(4) == {"签约": (560, "43640000"), "开工": (1009, "63280000"), "投产": (785, "42270000")}
    assert lists(11) == {"签约": (751, "66430000"), "开工": (795, "84160000"), "投产": (1672, "149000000")}
    assert lists(15) == {"签约": (610, "43950000"), "开工": (602, "40443000"), "投产": (1033, "43449000")}


def test_period_11_bulletin_carries_the_seed_figures(built):
    text = bulletin_text(period_stats(period=period_find(number=11)))
    assert text.startswith("河南省第十一期“三个一批”项目建设活动情况通报\n2024年1月2日，河南省第十一期“三个一批”项目建设活动举行。")
    assert ("据统计，此次“三个一批”项目建设活动，“签约一批”项目751个，总投资6643亿元；“开工一批”项目795个，"
            "总投资8416亿元；结转“投产一批”项目1672个，总投资1.49万亿元。") in text
    assert "与上期（第十期）相比" in text and "与上年同期（第七期）相比" in text


def test_periods_dates_status_and_carry_over(built):
    periods = {p.number: p for p in Period.objects.filter(level="province", host_region="410000")}
    assert {n: p.held_on.isoformat() for n, p in periods.items() if n in (4, 8, 9, 11, 15)} == {
        4: "2022-04-06", 8: "2023-05-08", 9: "2023-08-15", 11: "2024-01-02", 15: "2025-01-05"}
    assert sorted(n for n, p in periods.items() if p.is_closed) == list(range(1, 15))
    assert periods[15].status == "open"
    for number in (8, 11, 15):  # 投产 lists from period 8 on are all 结转 from earlier 开工 entries
        producing = ListEntry.objects.filter(period=periods[number], batch="producing")
        assert producing.filter(carried_from__isnull=True).count() == 0
        assert producing.filter(carried_from__period__held_on__gte=periods[number].held_on).count() == 0
    assert not ListEntry.objects.filter(period=periods[4], batch="producing", carried_from__isnull=False).exists()


def test_seed_projects_in_period_11_and_the_key_list(built):
    entries = ListEntry.objects.filter(period__number=11, period__level="province", region="410171", batch="started")
    names = set(entries.values_list("project__name", flat=True))
    assert set(demo.SEED_PROJECTS) <= names
    key_list = KeyProjectList.objects.get(name="2024年河南省第一批重点建设项目名单")
    assert key_list.entries.count() == 520
    assert set(demo.SEED_PROJECTS) <= set(key_list.entries.values_list("project__name", flat=True))
    antu = entries.get(project__name="安图生物体外诊断产业园（三期）").project
    assert [(a.get("number"), a.get("batch_label"), a.get("name")) for a in project_appearances(project=antu)] == [
        (11, "开工一批", None), (None, None, "2024年河南省第一批重点建设项目名单")]


def test_build_is_idempotent_and_open_period_has_nothing_left_to_carry(built, admin_user):
    count = ListEntry.objects.count()
    demo.build()
    assert ListEntry.objects.count() == count
    period = period_find(number=15)
    assert services.period_carry_over(user=admin_user, period_id=period.pk) == 0

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
    assert text.startswith("河南省第十一期“三个一批”项目建设活动情况通报（演示数据）\n【演示数据】本期活动日期和三张清单的"
                           "项目数、总投资为公开报道数字；")
    assert "\n2024年1月2日，河南省第十一期“三个一批”项目建设活动举行。" in text
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
    assert set(demo.SEED_STARTED) <= names
    # 中兴二期 was 建成投用 in 2023 (the seed): on the key list, on no 开工一批
    assert not ListEntry.objects.filter(project__name="中兴5G微基站和智慧杆塔集成项目").exists()
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


def test_every_declared_entry_is_inside_its_period_window_or_gives_a_reason(built):
    """The demo follows the rule entry_add applies: its lists' events fall in each period's window."""
    from sanpi.activities import rules
    from sanpi.activities.services import period_window

    for period in Period.objects.filter(level="province", host_region="410000"):
        window = period_window(period=period)
        rows = (ListEntry.objects.filter(period=period, carried_from__isnull=True, window_override_reason="")
                .values_list("batch", "project__signed_on", "project__started_on", "project__produced_on",
                             "project__completed_on"))
        for batch, signed, started, produced, completed in rows:
            dates = {"signed_on": signed, "started_on": started, "produced_on": produced, "completed_on": completed}
            assert rules.window_miss(batch, dates, window) is None, (period.number, batch, dates, window)


def test_building_takes_months_to_years_and_generated_periods_say_so(built):
    from sanpi.activities.rules import median

    rows = ListEntry.objects.filter(batch="producing", period__level="province").values_list(
        "project__started_on", "project__produced_on")
    days = [(produced - started).days for started, produced in rows]
    assert min(days) >= demo.MIN_BUILD_DAYS  # the seed calls 8 months from start to production a record
    assert 365 <= median(days) <= 900
    notes = dict(Period.objects.filter(level="province").values_list("number", "demo_note"))
    assert all(notes.values())
    assert "公开报道数字" in notes[11] and notes[12].startswith("本期活动日期和清单项目及全部统计数字均为")


def test_signed_projects_start_after_plausible_lead_times(built):
    """Most signed projects start within one to three quarters of their list, some never (demo.lead_time)."""
    rows = list(ListEntry.objects.filter(period__number=12, period__level="province", batch="signed")
                .values_list("period__held_on", "project__started_on"))
    leads = [(started - held).days for held, started in rows if started]
    assert 0.2 <= sum(1 for d in leads if d <= 91) / len(rows) <= 0.5
    assert 0.6 <= sum(1 for d in leads if d <= 273) / len(rows) <= 0.95
    assert 0 < len(rows) - len(leads) <= 0.25 * len(rows)
    assert min(leads) > 0


def test_start_risks_of_the_open_period_spread(built):
    """Estimated on period 15's list date from what was known then: not one level for all."""
    from collections import Counter

    from django.utils import timezone

    from sanpi.accounts.models import User
    from sanpi.outlook.starts import period_start_risks

    result = period_start_risks(user=User.objects.get(username="province"), period=period_find(number=15),
                                today=timezone.localdate())
    levels = Counter(r.risk.level for r in result["rows"] if r.risk)
    assert sum(levels.values()) == 610 and result["past_window"]
    assert levels["低"] > 0 and levels["中"] > 100 and levels["高"] > 100
    started = {level: sum(1 for r in result["rows"] if r.risk.level == level and r.started_on
                          and r.started_on <= result["window_end"]) / levels[level] for level in levels}
    assert started["低"] > started["中"] > started["高"]  # the estimate ranks what then happened

"""Dashboard read models: exact figures, scope, and that every figure's link sums to the figure."""

import datetime as dt
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from sanpi.activities.models import KeyProjectEntry, KeyProjectList
from sanpi.progress.models import EvaluationRun, MonthlyReport, ProjectLight
from sanpi.projects.models import AnnualPlan, Category
from sanpi.stats import ledger, selectors
from sanpi.stats.project_page import milestones_of
from sanpi.stats.todo import todo_items
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db
D = Decimal


def domain(code: str, year: int) -> Category:
    return Category.objects.get(scheme="domain", code=code, year=year)


@pytest.fixture
def projects(enterprise_org):
    return {
        "jingkai": make_project("经开区项目", region="410171", total_investment_wan=D("190000"), owner=enterprise_org,
                                domain=domain("innovation", 2024),
                                stages=[("signed", dt.date(2023, 2, 10)), ("started", dt.date(2023, 10, 18))]),
        "gaoxin": make_project("高新区项目", region="410172", total_investment_wan=D("5000"),
                               domain=domain("innovation", 2022), stages=[("signed", dt.date(2023, 3, 1))]),
        "airport": make_project("航空港项目", region="410173", total_investment_wan=D("1200000"),
                                domain=domain("infrastructure", 2024),
                                stages=[("started", dt.date(2022, 1, 1)), ("producing", dt.date(2023, 5, 1))]),
        "kaifeng": make_project("开封项目", region="410205", total_investment_wan=D("600000")),
        "dropped": make_project("终止项目", region="410171", total_investment_wan=D("70000"),
                                stages=[("planned", dt.date(2022, 1, 1)), ("terminated", dt.date(2022, 6, 1))]),
        "hubei": make_project("湖北项目", region="420102", total_investment_wan=D("80000")),
    }


def figures(bars):
    return {b.label: (b.count, b.investment_wan) for b in bars}


def test_province_overview_by_reporting_unit(projects, province_user):
    o = selectors.ledger_overview(user=province_user)
    assert (o.total.count, o.total.investment_wan) == (4, D("1995000"))
    assert o.region_level == "省辖市"
    # 航空港区 is its own row and is not counted again in 郑州's.
    assert figures(o.by_region) == {"郑州市": (2, D("195000")), "郑州航空港经济综合实验区": (1, D("1200000")),
                                    "开封市": (1, D("600000"))}
    # 领域 is summed by code across years.
    assert figures(o.by_domain) == {"创新驱动能力提升": (2, D("195000")), "基础设施建设": (1, D("1200000"))}
    assert figures(o.by_size) == {"1亿元以下": (1, D("5000")), "1亿—10亿元": (0, D(0)),
                                  "10亿—50亿元": (1, D("190000")), "50亿—100亿元": (1, D("600000")),
                                  "100亿元以上": (1, D("1200000"))}
    assert [(b.label, b.count) for b in o.funnel] == [("签约", 2), ("开工", 2), ("投产", 1)]


def test_city_overview_by_county_and_zone(projects, city_user, zone_user):
    o = selectors.ledger_overview(user=city_user)
    assert figures(o.by_region) == {"郑州经济技术开发区": (1, D("190000")), "郑州高新技术产业开发区": (1, D("5000")),
                                    "郑州航空港经济综合实验区": (1, D("1200000"))}
    zone = selectors.ledger_overview(user=zone_user)
    assert (zone.total.count, zone.total.investment_wan) == (1, D("190000"))


def test_every_figure_links_to_a_list_with_the_same_count_and_sum(projects, province_user, city_user):
    for user in (province_user, city_user):
        o = selectors.ledger_overview(user=user)
        for bar in [o.total, *o.by_region, *o.by_domain, *o.by_size, *o.by_stage]:
            params = {k: v[0] for k, v in parse_qs(urlsplit(bar.link).query).items()}
            totals = ledger.ledger_totals(user=user, query=ledger.LedgerQuery.from_params(params))
            assert (totals["count"], totals["investment_wan"]) == (bar.count, bar.investment_wan), bar.link
        for bar in o.funnel:
            params = {k: v[0] for k, v in parse_qs(urlsplit(bar.link).query).items()}
            totals = ledger.ledger_totals(user=user, query=ledger.LedgerQuery.from_params(params))
            assert totals["count"] == bar.count, bar.link


def test_dashboard_figures_are_cached_per_scope(projects, province_user, django_assert_max_num_queries):
    today = dt.date(2024, 7, 15)
    first = selectors.dashboard_figures(user=province_user, today=today)
    with django_assert_max_num_queries(1):  # one cache read (the database cache is a table)
        again = selectors.dashboard_figures(user=province_user, today=today)
    assert again["ledger"].total.count == first["ledger"].total.count == 4


def test_light_counts_of_the_latest_evaluated_month(projects, zone_user, province_user):
    now = timezone.now()
    EvaluationRun.objects.create(year=2024, month=5, as_of=dt.date(2024, 6, 6), projects=3, red=1, yellow=1, green=1)
    for key, colour in (("jingkai", "red"), ("gaoxin", "yellow"), ("airport", "green")):
        ProjectLight.objects.create(project=projects[key], year=2024, month=5, colour=colour, evaluated_at=now,
                                    reasons=[{"reason": "测试"}])
    ProjectLight.objects.create(project=projects["kaifeng"], year=2024, month=4, colour="red", evaluated_at=now)
    assert {c: v["count"] for c, v in selectors.light_counts(user=province_user)["colours"].items()} == \
        {"red": 1, "yellow": 1, "green": 1}
    zone = selectors.light_counts(user=zone_user)
    assert zone["month"] == (2024, 5)
    assert {c: v["count"] for c, v in zone["colours"].items()} == {"red": 1, "yellow": 0, "green": 0}
    red = ledger.LedgerQuery.from_params({"light": "red"})
    assert [p.name for p in ledger.ledger_page(user=province_user, query=red).rows] == ["经开区项目"]


def test_key_projects_with_progress_bars(projects, province_user):
    key_list = KeyProjectList.objects.create(region_id="410000", year=2024, name="2024年河南省第一批重点建设项目名单")
    for key in ("jingkai", "airport"):
        KeyProjectEntry.objects.create(key_list=key_list, project=projects[key])
    year = timezone.localdate().year
    AnnualPlan.objects.create(project=projects["jingkai"], year=year, planned_investment_wan=D("60000"))
    MonthlyReport.objects.create(project=projects["jingkai"], year=year, month=6, month_completed_wan=D("5000"),
                                 ytd_completed_wan=D("30000"), since_start_completed_wan=D("95000"),
                                 status="approved")
    MonthlyReport.objects.create(project=projects["jingkai"], year=year, month=7, month_completed_wan=D("9000"),
                                 ytd_completed_wan=D("39000"), since_start_completed_wan=D("104000"),
                                 status="submitted")  # counted (as by the lights), shown as awaiting review
    # Judged for July (the month before "today", no lights evaluated): the submitted July report.
    keys = selectors.key_projects(user=province_user, today=dt.date(year, 8, 10))
    assert keys["year"] == 2024
    assert [p.name for p, _ in keys["projects"]] == ["航空港项目", "经开区项目"]
    bar = dict((p.name, b) for p, b in keys["projects"])["经开区项目"]
    assert (bar.investment_pct, bar.annual_pct, bar.benchmark_pct) == (D("54.7"), D("65.0"), D("58.3"))
    assert bar.gap_words == "超序时进度 6.7 个百分点" and bar.awaiting_review and not bar.stale
    # Judged for June: June's approved report, against June's 序时进度.
    keys = selectors.key_projects(user=province_user, today=dt.date(year, 7, 10))
    bar = dict((p.name, b) for p, b in keys["projects"])["经开区项目"]
    assert bar.investment_pct == D("50.0")  # 95000 / 190000
    assert bar.annual_pct == D("50.0")  # 30000 / 60000
    assert bar.benchmark_pct == D("50.0")  # 6 / 12
    assert bar.gap_words == "与序时进度持平" and not bar.awaiting_review
    assert (bar.reached, bar.milestones_pct) == (2, 50)
    airport = dict((p.name, b) for p, b in keys["projects"])["航空港项目"]
    assert airport.investment_pct is None and [m.label for m in airport.milestones] == ["签约", "开工", "投产", "达产"]


def test_milestones_use_completion_for_projects_that_do_not_produce():
    project = make_project("道路项目", stages=[("started", dt.date(2022, 3, 1)), ("completed", dt.date(2023, 12, 20))])
    assert [(m.label, m.reached_on) for m in milestones_of(project)] == [
        ("签约", None), ("开工", dt.date(2022, 3, 1)), ("竣工", dt.date(2023, 12, 20)), ("达产", None)]


def test_todo_for_enterprise_and_office(projects, enterprise_user, zone_user):
    today = timezone.localdate()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    AnnualPlan.objects.create(project=projects["jingkai"], year=year, planned_investment_wan=D("60000"))
    groups = {g["key"]: g for g in todo_items(user=enterprise_user, today=today)}
    assert set(groups) == {"to_file", "problems"}
    assert groups["to_file"]["count"] == 1
    item = groups["to_file"]["items"][0]
    assert item["text"] == f"经开区项目：填报{year}年{month}月月报"
    assert item["link"] == f"/progress/reports/new/?project={projects['jingkai'].pk}&year={year}&month={month}"
    report = MonthlyReport.objects.create(project=projects["jingkai"], year=year, month=month,
                                          month_completed_wan=D(1), ytd_completed_wan=D(1),
                                          since_start_completed_wan=D(1), status="submitted")
    office = {g["key"]: g for g in todo_items(user=zone_user, today=today)}
    assert set(office) == {"to_file", "to_review", "problems", "lists"}
    assert [i["link"] for i in office["to_review"]["items"]] == [report.get_absolute_url()]


def test_dashboard_reads_the_stored_snapshot_and_queues_a_refresh_when_it_is_old(projects, province_user, monkeypatch):
    from django.core.cache import cache
    from django.core.management import call_command

    from sanpi.stats.models import DashboardSnapshot

    today = dt.date(2024, 6, 30)
    cache.clear()
    first = selectors.dashboard_figures(user=province_user, today=today)
    assert DashboardSnapshot.objects.filter(scope="region:410000", day=today).count() == 1
    make_project("新项目", region="410171", total_investment_wan=D("1000"))
    cache.clear()
    stored = selectors.dashboard_figures(user=province_user, today=today)
    assert stored["ledger"].total.count == first["ledger"].total.count  # the snapshot, not a new sum
    assert stored["computed_at"] == first["computed_at"]
    DashboardSnapshot.objects.update(computed_at=timezone.now() - selectors.SNAPSHOT_MAX_AGE)
    cache.clear()
    # An old snapshot is still what the reader gets (the page says when it was computed); the scope's
    # recompute is queued once, however many readers come, and the next reader gets its figures.
    from sanpi.stats import tasks

    queued = []
    monkeypatch.setattr(tasks, "stats_scope_refresh_task", lambda *args: queued.append(args))
    old = selectors.dashboard_figures(user=province_user, today=today)
    assert old["ledger"].total.count == first["ledger"].total.count
    cache.delete(f"dashboard:region:410000:{today:%Y%m%d}")
    selectors.dashboard_figures(user=province_user, today=today)
    assert queued == [(province_user.pk, "2024-06-30")]
    monkeypatch.undo()
    tasks.stats_scope_refresh_task(*queued[0])
    cache.clear()
    fresh = selectors.dashboard_figures(user=province_user, today=today)
    assert fresh["ledger"].total.count == first["ledger"].total.count + 1
    assert fresh["computed_at"] > first["computed_at"]
    # A later day of the month reads the month's latest snapshot; the next month computes its own.
    cache.clear()
    make_project("第三个项目", region="410171", total_investment_wan=D("1000"))
    assert selectors.dashboard_figures(user=province_user, today=dt.date(2024, 7, 1))["ledger"].total.count \
        == first["ledger"].total.count + 2
    DashboardSnapshot.objects.filter(day=dt.date(2024, 7, 1)).delete()
    cache.clear()
    assert selectors.dashboard_figures(user=province_user, today=dt.date(2024, 6, 30))["ledger"].total.count \
        == first["ledger"].total.count + 1
    # The refresh command (and the periodic task) recomputes every scope a user has.
    make_project("又一个项目", region="410171", total_investment_wan=D("1000"))
    call_command("stats", "refresh")
    snapshot = DashboardSnapshot.objects.get(scope="region:410000", day=timezone.localdate())
    assert snapshot.data["ledger"]["total"]["count"] == first["ledger"].total.count + 3


def test_snapshot_is_plain_json_and_reads_back_what_was_computed(projects, province_user):
    import json

    from sanpi.stats import snapshot as snapshot_json
    from sanpi.stats.models import DashboardSnapshot

    key_list = KeyProjectList.objects.create(region_id="410000", year=2024, name="名单")
    KeyProjectEntry.objects.create(key_list=key_list, project=projects["jingkai"])
    today = dt.date(2024, 7, 15)
    figures = selectors.dashboard_figures(user=province_user, today=today, refresh=True)
    stored = DashboardSnapshot.objects.get(scope="region:410000", day=today).data
    again = snapshot_json.from_json(json.loads(json.dumps(stored)))
    assert again == figures
    assert isinstance(again["ledger"].total.investment_wan, D) and again["keys"]["projects"][0][0].url


def test_completion_above_the_total_is_shown_as_such_and_flagged():
    from django.template.loader import render_to_string

    from sanpi.stats.project_page import ProgressBar

    bar = ProgressBar(since_start_wan=D("234543"), total_wan=D("190000"), ytd_wan=None, annual_plan_wan=None,
                      report_year=None, report_month=None, milestones=[])
    assert bar.investment_pct == D("123.4") and bar.over_total
    html = render_to_string("web/projects/_bar.html", {"bar": bar})
    assert "123.4%" in html and 'data-testid="over-total"' in html and "w-pct-100" in html
    fine = ProgressBar(since_start_wan=D("95000"), total_wan=D("190000"), ytd_wan=None, annual_plan_wan=None,
                       report_year=None, report_month=None, milestones=[])
    assert not fine.over_total


def test_ledger_totals_count_rows_so_the_filter_index_answers(projects, province_user):
    """COUNT(id) made PostgreSQL read the heap for every matching project (the filter indexes hold 总投资,
    not the id): 34,295 blocks for 开工·郑州 at 1M projects, where COUNT(*) scans the index only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query = ledger.LedgerQuery.from_params({"stage": "started"})
    with CaptureQueriesContext(connection) as ctx:
        totals = ledger.ledger_totals(user=province_user, query=query)
    aggregate = next(q["sql"] for q in ctx.captured_queries if "SUM(" in q["sql"])
    assert "COUNT(*)" in aggregate and '."id")' not in aggregate.split("SUM(")[0]
    expected = [p for p in projects.values() if p.region.code.startswith("41") and p.stage == "started"]
    assert expected
    assert totals["count"] == len(expected)
    assert totals["investment_wan"] == sum((p.total_investment_wan for p in expected), Decimal(0))

import datetime as dt
from decimal import Decimal as D

import pytest

from sanpi.accounts.models import Leader
from sanpi.progress import selectors
from sanpi.progress.evaluation import evaluate_month
from sanpi.progress.models import MonthlyPlan, MonthlyReport, Problem
from sanpi.testing import make_project, make_user

from .factories import make_plan, make_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects():
    a = make_project("甲", stages=[("started", dt.date(2024, 2, 10))], in_statistics=True)  # planned in May: 提前开工
    make_plan(a, 2024, "10000", planned_start=dt.date(2024, 5, 1))
    make_reports(a, 2024, ["1000"] * 10)
    b = make_project("乙", stages=[("signed", dt.date(2023, 11, 1))])  # planned in March, not started
    make_plan(b, 2024, "10000", planned_start=dt.date(2024, 3, 1), planned_completion=dt.date(2024, 12, 1))
    make_reports(b, 2024, ["500"] * 10)
    c = make_project("丙", region="410172", in_statistics=True, stages=[("started", dt.date(2022, 1, 1)), ("completed", dt.date(2024, 6, 1))])
    make_plan(c, 2024, "20000", planned_completion=dt.date(2024, 6, 30))
    make_reports(c, 2024, ["2000"] * 9)  # October not reported: carries September's 18000
    return a, b, c


def test_progress_summary_for_a_city(projects, city_user):
    s = selectors.progress_summary(user=city_user, year=2024, month=10)
    assert (s["projects"], s["planned_wan"], s["ytd_wan"]) == (3, D(40000), D(33000))
    assert (s["completion_rate"], s["time_benchmark"], s["gap_points"]) == (D("82.5"), D("83.3"), D("-0.8"))
    assert s["gap_text"] == "低于序时进度 0.8 个百分点"
    assert (s["planned_starts"], s["started"], s["start_rate"]) == (2, 1, D("50.0"))
    assert (s["early_starts"], s["not_started_as_planned"]) == (0, 1)
    assert (s["planned_completions"], s["completed"], s["completion_count_rate"]) == (2, 1, D("50.0"))
    assert s["production_rate"] is None


def test_progress_summary_counts_an_early_start_before_its_planned_month(projects, city_user):
    s = selectors.progress_summary(user=city_user, year=2024, month=3)
    assert (s["started"], s["early_starts"], s["not_started_as_planned"]) == (1, 1, 1)


def test_progress_summary_is_scoped_and_filters(projects, zone_user):
    a, b, c = projects
    s = selectors.progress_summary(user=zone_user, year=2024, month=10)
    assert (s["projects"], s["ytd_wan"], s["completion_rate"]) == (2, D(15000), D("75.0"))
    only_a = selectors.progress_summary(user=zone_user, year=2024, month=10, project_ids=[a.pk, c.pk])
    assert (only_a["projects"], only_a["completion_rate"], only_a["gap_text"]) == (
        1, D("100.0"), "超序时进度 16.7 个百分点")
    leader = Leader.objects.create(name="张波", region_id="410171")
    b.leaders.add(leader)
    by_leader = selectors.progress_summary(user=zone_user, year=2024, month=10, leader=leader.pk)
    assert (by_leader["projects"], by_leader["ytd_wan"]) == (1, D(5000))


def test_progress_summary_uses_monthly_plans_where_they_exist(projects, zone_user):
    a, b, c = projects
    MonthlyPlan.objects.create(plan=a.annual_plans.get(), month=10, cumulative_planned_wan=D(9000))
    s = selectors.progress_summary(user=zone_user, year=2024, month=10)
    # (9000 + 10000 × 10/12) ÷ 20000 = 86.7%
    assert s["time_benchmark"] == D("86.7")


def test_progress_by_region_for_the_city(projects, city_user):
    rows = selectors.progress_by_region(user=city_user, year=2024, month=10)
    assert [(r["code"], r["name"], r["planned_wan"], r["ytd_wan"], r["completion_rate"]) for r in rows] == [
        ("410171", "郑州经济技术开发区", D(20000), D(15000), D("75.0")),
        ("410172", "郑州高新技术产业开发区", D(20000), D(18000), D("90.0")),
    ]
    assert rows[0]["time_benchmark"] == D("83.3")


def test_progress_by_region_for_the_province_reports_the_airport_zone_as_its_own_row(projects, province_user):
    """One rule with the 三个一批 breakdown: 航空港区 is a row of its own, not folded into 郑州."""
    airport = make_project("港区项目", region="410173", stages=[("started", dt.date(2023, 1, 1))])
    make_plan(airport, 2024, "10000")
    make_reports(airport, 2024, ["500"] * 10)
    jiyuan = make_project("济源项目", region="419001", stages=[("started", dt.date(2023, 1, 1))])
    make_plan(jiyuan, 2024, "10000")
    make_reports(jiyuan, 2024, ["1000"] * 10)
    rows = selectors.progress_by_region(user=province_user, year=2024, month=10)
    assert [(r["code"], r["name"], r["planned_wan"], r["ytd_wan"], r["projects"]) for r in rows] == [
        ("410100", "郑州市", D(40000), D(33000), 3),
        ("410173", "郑州航空港经济综合实验区", D(10000), D(5000), 1),
        ("419001", "济源示范区", D(10000), D(10000), 1),
    ]


def test_leader_projects_follow_lights_and_problems(projects):
    a, b, c = projects
    user = make_user("leader_t", role="leader", region="410171")
    leader = Leader.objects.create(name="李四", title="副区长", region_id="410171", user=user)
    b.leaders.add(leader)
    Problem.objects.create(project=b, kind="land", description="征迁未完成", raised_at=dt.date(2024, 1, 5),
                           responsible_department="征收办", deadline=dt.date(2024, 3, 1))
    evaluate_month(year=2024, month=10)
    rows = list(selectors.leader_projects(user=user))
    assert [(p.name, p.colour, p.light_month, p.open_problems, p.overdue_problems) for p in rows] == [
        ("乙", "red", 10, 1, 1)]
    assert list(selectors.leader_projects(user=make_user())) == []


def test_todo_for_enterprise_and_zone(projects, enterprise_org, enterprise_user, zone_user):
    a, b, c = projects
    a.owner = enterprise_org
    a.save()
    MonthlyReport.objects.filter(project=a, month=10).update(status="draft")
    todo = selectors.todo_for(user=enterprise_user, today=dt.date(2024, 11, 3))
    assert (todo["year"], todo["month"], todo["due_date"]) == (2024, 10, dt.date(2024, 11, 5))
    draft = MonthlyReport.objects.get(project=a, month=10)
    assert [(p.pk, p.draft_id) for p in todo["to_file"]] == [(a.pk, draft.pk)]
    MonthlyReport.objects.filter(project=b, month=10).update(status="submitted")
    Problem.objects.create(project=b, kind="funds", description="贷款未到位", raised_at=dt.date(2024, 10, 1),
                           responsible_department="金融局", deadline=dt.date(2024, 11, 8))
    Problem.objects.create(project=b, kind="funds", description="远期", raised_at=dt.date(2024, 10, 1),
                           responsible_department="金融局", deadline=dt.date(2024, 12, 31))
    zone = selectors.todo_for(user=zone_user, today=dt.date(2024, 11, 3))
    # the office sees its region's projects still to file (what its overdue reminder counts)
    assert [(p.pk, p.draft_id) for p in zone["to_file"]] == [(a.pk, draft.pk)]
    assert [r.project_id for r in zone["to_review"]] == [b.pk]
    assert [p.description for p in zone["problems_due"]] == ["贷款未到位"]


def test_light_list_filters_by_colour_and_dimension(projects, city_user, zone_user):
    a, b, c = projects
    evaluate_month(year=2024, month=10, as_of=dt.date(2024, 11, 20))
    counts = selectors.light_counts(user=city_user, year=2024, month=10)
    reasons = {pl.project.name: pl.reasons for pl in selectors.light_list(user=city_user, year=2024, month=10)}
    assert reasons["丙"] == ["10月月报未在 2024-11-05 前报送 → 黄灯"]
    assert reasons["乙"] == ["计划 2024-03 开工，至 2024-10 仍未开工，已连续 8 个月应开未开 → 红灯",
                            "1-10月累计完成投资 5000 万元，占年度计划 10000 万元的 50.0%，序时进度 83.3%，"
                            "低于序时进度 33.3 个百分点 → 红灯"]
    assert counts == {"red": 1, "yellow": 1, "green": 1}
    assert [pl.project.name for pl in selectors.light_list(user=city_user, year=2024, month=10)] == ["乙", "丙", "甲"]
    overdue = selectors.light_list(user=city_user, year=2024, month=10, dimension="report_overdue")
    assert [pl.project.name for pl in overdue] == ["丙"]
    assert [pl.project.name for pl in selectors.light_list(user=zone_user, year=2024, month=10, colour="red")] == ["乙"]

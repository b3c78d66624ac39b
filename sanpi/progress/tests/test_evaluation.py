import datetime as dt
import io
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanpi.progress.evaluation import evaluate_month
from sanpi.progress.models import Light, Problem, ProjectLight, RuleSet
from sanpi.testing import make_project

from .factories import make_plan, make_reports

pytestmark = pytest.mark.django_db
STARTED = [("started", dt.date(2023, 5, 1))]


def _tracked(amounts, **fields):
    fields.setdefault("in_statistics", True)
    fields.setdefault("in_statistics_date", dt.date(2023, 6, 1))
    project = make_project(stages=fields.pop("stages", STARTED), **fields)
    make_plan(project, 2024, "12000")
    make_reports(project, 2024, amounts)
    return project


def test_colour_history_of_a_project_that_falls_behind_and_catches_up():
    project = _tracked(["1000", "0", "0", "0", "0", "3000", "3000"])
    for month in range(1, 8):
        evaluate_month(year=2024, month=month)
    history = list(ProjectLight.objects.filter(project=project).order_by("month").values_list("month", "colour"))
    assert history == [(1, "green"), (2, "green"), (3, "yellow"), (4, "yellow"), (5, "red"), (6, "yellow"),
                       (7, "green")]
    may = ProjectLight.objects.get(project=project, month=5)
    assert may.reasons == ["1-5月累计完成投资 1000 万元，占年度计划 12000 万元的 8.3%，序时进度 41.7%，"
                           "低于序时进度 33.3 个百分点 → 红灯"]
    pace = Light.objects.get(project=project, month=5, dimension="investment_pace")
    assert pace.figures == {"ytd_wan": "1000", "annual_plan_wan": "12000", "completion_rate": "8.3",
                            "time_benchmark": "41.7", "gap_points": "-33.3"}
    assert pace.rule_set_version == 1
    dims = set(Light.objects.filter(project=project, month=7).values_list("dimension", "colour"))
    assert dims == {("investment_pace", "green"), ("report_overdue", "green"), ("not_in_statistics", "green")}


def test_reevaluating_a_month_replaces_it_and_keeps_other_months():
    project = _tracked(["1000", "1000"])
    evaluate_month(year=2024, month=1)
    evaluate_month(year=2024, month=2)
    evaluate_month(year=2024, month=2)
    assert ProjectLight.objects.filter(project=project).count() == 2
    assert Light.objects.filter(project=project, month=2).count() == 3


def test_the_evaluation_is_set_based_the_query_count_does_not_grow_with_projects():
    for _ in range(2):
        _tracked(["1000"])
    with CaptureQueriesContext(connection) as few:
        evaluate_month(year=2024, month=1)
    for _ in range(8):
        _tracked(["500"])
    with CaptureQueriesContext(connection) as many:
        result = evaluate_month(year=2024, month=1)
    assert result["projects"] == 10
    assert len(many) == len(few)


def test_missing_reports_light_yellow_then_red_after_two_months():
    project = _tracked(["1000", "1000", "1000", "1000"])
    yellow = evaluate_month(year=2024, month=5, as_of=dt.date(2024, 6, 10))
    assert yellow["results"][0]["colour"] == "yellow"
    assert Light.objects.get(project=project, month=5, dimension="report_overdue").reason == (
        "5月月报未在 2024-06-05 前报送 → 黄灯")
    red = evaluate_month(year=2024, month=6, as_of=dt.date(2024, 7, 10))
    assert red["results"][0]["colour"] == "red"
    assert Light.objects.get(project=project, month=6, dimension="report_overdue").reason == (
        "已连续 2 个月月报未按时报送（最近截止 2024-07-05） → 红灯")
    # Before the due date the current month is neither late nor on time.
    early = evaluate_month(year=2024, month=5, as_of=dt.date(2024, 6, 3))
    assert Light.objects.get(project=project, month=5, dimension="report_overdue").colour == "green"
    assert early["projects"] == 1


def test_started_but_not_in_statistics_one_month_yellow_two_months_red():
    project = _tracked(["0", "0", "100", "100", "100"], stages=[("started", dt.date(2024, 3, 15))],
                       in_statistics=False, in_statistics_date=None)
    evaluate_month(year=2024, month=4)
    evaluate_month(year=2024, month=5)
    colours = dict(Light.objects.filter(project=project, dimension="not_in_statistics")
                   .values_list("month", "colour"))
    assert colours == {4: "yellow", 5: "red"}
    assert Light.objects.get(project=project, month=5, dimension="not_in_statistics").reason == (
        "2024-03-15 开工，至 2024-05-31 已 2 个月仍未入库 → 红灯")


def test_start_delay_counts_the_third_consecutive_month_as_red():
    project = make_project(stages=[("signed", dt.date(2023, 12, 1))])
    make_plan(project, 2024, "5000", planned_start=dt.date(2024, 3, 1))
    make_reports(project, 2024, ["0", "0", "0", "0", "0"])
    for month in (2, 3, 4, 5):
        evaluate_month(year=2024, month=month)
    colours = dict(Light.objects.filter(project=project, dimension="start_delay").values_list("month", "colour"))
    assert colours == {2: "green", 3: "yellow", 4: "yellow", 5: "red"}


def test_an_overdue_problem_lights_the_project():
    project = _tracked(["1000", "1000", "1000"])
    Problem.objects.create(project=project, kind="land", description="土地证未办", raised_at=dt.date(2024, 1, 10),
                           responsible_department="自然资源局", deadline=dt.date(2024, 2, 15))
    result = evaluate_month(year=2024, month=3, as_of=dt.date(2024, 3, 31))
    assert result["results"][0]["reasons"] == [
        "1 个协调事项超过办结时限未销号，最早时限 2024-02-15，已逾期 45 天 → 红灯"]


def test_a_region_scoped_rule_set_and_a_listed_one_take_precedence():
    sanya = RuleSet.objects.get(place="三亚")
    sanya.scope_region_id = "410100"
    sanya.save()
    wuhan = RuleSet.objects.get(place="武汉")
    in_zhengzhou = _tracked(["1000", "1000", "0"])  # 1-3月 16.7% vs 25%: 33% short relative
    listed = _tracked(["1000", "1000", "0"])
    wuhan.listed_projects.add(listed)
    elsewhere = _tracked(["1000", "1000", "0"], region="410200")
    evaluate_month(year=2024, month=3)
    lights = {pl.project_id: pl for pl in ProjectLight.objects.filter(month=3)}
    assert lights[in_zhengzhou.pk].rule_set_id == sanya.pk
    assert lights[in_zhengzhou.pk].colour == "yellow"
    assert lights[listed.pk].rule_set_id == wuhan.pk
    assert lights[listed.pk].colour == "yellow"  # 66.8% of the benchmark: under 80%
    assert lights[elsewhere.pk].rule_set.is_default
    assert lights[elsewhere.pk].rule_set.name == "默认规则（参照银川2025）"
    assert lights[elsewhere.pk].colour == "green"  # 8.3 points behind


def test_approving_a_report_evaluates_the_project_again(enterprise_org, enterprise_user, zone_user):
    from sanpi.progress import services

    project = _tracked([], owner=enterprise_org)
    report = services.report_save_draft(user=enterprise_user, project_id=project.pk, year=2024, month=1,
                                        month_completed_wan="100", since_start_completed_wan="100")
    services.report_submit(user=enterprise_user, report_id=report.pk)
    services.report_approve(user=zone_user, report_id=report.pk)
    lights = dict(Light.objects.filter(project=project, year=2024, month=1).values_list("dimension", "reason"))
    # Filed today for January 2024: on pace, but late.
    assert lights["investment_pace"] == ("1月累计完成投资 100 万元，占年度计划 12000 万元的 0.8%，序时进度 8.3%，"
                                         "低于序时进度 7.5 个百分点 → 绿灯")
    assert lights["report_overdue"] == "1月月报未在 2024-02-05 前报送 → 黄灯"
    assert ProjectLight.objects.get(project=project, year=2024, month=1).colour == "yellow"


def test_alerts_command_prints_json_per_project():
    project = _tracked(["1000", "0", "0", "0", "0"], name="郑州测试红灯项目")
    out = io.StringIO()
    call_command("alerts", "evaluate", "2024-05", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows == [{"id": project.pk, "name": "郑州测试红灯项目", "region": "410171", "colour": "red",
                     "reasons": ["1-5月累计完成投资 1000 万元，占年度计划 12000 万元的 8.3%，序时进度 41.7%，"
                                 "低于序时进度 33.3 个百分点 → 红灯"]}]
    text = io.StringIO()
    call_command("alerts", "evaluate", "2024-05", stdout=text)
    assert "项目 1 个，红灯 1 个，黄灯 0 个，绿灯 0 个。" in text.getvalue()


def test_a_monthly_plan_sets_the_benchmark():
    from sanpi.progress.models import MonthlyPlan

    project = _tracked(["1000", "1000", "1000"])
    MonthlyPlan.objects.create(plan=project.annual_plans.get(), month=3, cumulative_planned_wan=D(6000))
    evaluate_month(year=2024, month=3)
    pace = Light.objects.get(project=project, month=3, dimension="investment_pace")
    assert pace.figures["time_benchmark"] == "50.0"
    assert pace.colour == "yellow"  # 25.0% against 50.0% (not 25.0% by months): 25 points behind


def test_a_second_evaluation_with_nothing_changed_writes_no_row():
    """Every dimension lit (a late report, an overdue problem and 前期手续, a lagging 专项债 with its
    figures in JSON): evaluating the month again compares and writes nothing — no light, no overall
    light (the bulk inserts bypass the query log: the rows and their ids must stay as they were) —
    while the list still shows when the month was last evaluated."""
    from sanpi.accounts.models import User
    from sanpi.approvals import services as approval_services
    from sanpi.approvals.models import ApprovalItem
    from sanpi.funding import services as funding_services
    from sanpi.testing import make_user

    user = make_user(role=User.Role.ZONE)
    behind = _tracked(["1000", "0", "0"])
    _tracked(["1000", "1000", "1000", "1000"])
    funded = _tracked(["1000", "1000", "1000", "1000"])
    line = funding_services.funding_line_create(user=user, project_id=funded.pk, year=2024, source="special_bond",
                                                allocated_wan="8000", bond_batch="2024年第一批")
    funding_services.funding_month_set(user=user, line_id=line.pk, month=2, arrived_wan="5000",
                                       arrived_on="2024-02-15")
    approval_services.approval_checklist_create(user=user, project_id=behind.pk, year=2024)
    eia = ApprovalItem.objects.get(project=behind, kind__code="huanping")
    approval_services.approval_item_update(user=user, item_id=eia.pk, status="in_progress", planned_on="2024-02-10")
    Problem.objects.create(project=behind, kind="land", description="用地未落实", raised_at=dt.date(2024, 2, 1),
                           responsible_department="自然资源局", deadline=dt.date(2024, 3, 1))
    as_of = dt.date(2024, 5, 20)
    evaluate_month(year=2024, month=4, as_of=as_of)
    lit = set(Light.objects.filter(month=4).values_list("dimension", flat=True))
    assert {"approval_overdue", "funds_lag", "problem_overdue", "report_overdue", "investment_pace"} <= lit
    before = (list(Light.objects.filter(month=4).order_by("id").values()),
              list(ProjectLight.objects.filter(month=4).order_by("id").values()))

    with CaptureQueriesContext(connection) as again:
        result = evaluate_month(year=2024, month=4, as_of=as_of)
    writes = [q["sql"] for q in again.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "COPY"))]
    assert result["projects"] == 3
    assert [sql for sql in writes if "progress_evaluationrun" not in sql] == []
    assert (list(Light.objects.filter(month=4).order_by("id").values()),
            list(ProjectLight.objects.filter(month=4).order_by("id").values())) == before

    from sanpi.progress import selectors

    shown = selectors.light_list(user=make_user(role=User.Role.PROVINCE, region="410000"), year=2024, month=4)
    run_at = selectors.EvaluationRun.objects.filter(month=4).latest("run_at").run_at
    assert {pl.last_evaluated_at for pl in shown} == {run_at}

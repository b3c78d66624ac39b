import datetime as dt
from decimal import Decimal as D

import pytest

from sanpi.progress import rules
from sanpi.progress.rules import GREEN, RED, YELLOW

PACE = rules.Rule("investment_pace", D(10), D(30), "points")
SANYA = rules.Rule("investment_pace", D(0), D(50), "relative_percent")
WUHAN = rules.Rule("investment_pace", D(80), D(60), "ratio_of_benchmark")
START = rules.Rule("start_delay", D(1), D(3), "months", 3)
STATS = rules.Rule("not_in_statistics", D(1), D(2), "months")
REPORT = rules.Rule("report_overdue", D(1), D(2), "months", 2)
MILESTONE = rules.Rule("milestone_overdue", D(1), D(3), "months")
PROBLEM = rules.Rule("problem_overdue", D(1), D(30), "days")


def test_time_benchmark_is_months_over_twelve_shown_to_one_decimal():
    assert rules.round1(rules.time_benchmark(10)) == D("83.3")
    assert rules.round1(rules.time_benchmark(3)) == D("25.0")
    assert rules.round1(rules.time_benchmark(12)) == D("100.0")


def test_time_benchmark_uses_the_monthly_plan_where_there_is_one():
    assert rules.time_benchmark(3, cumulative_plan=D(300), annual_plan=D(1000)) == D(30)
    assert rules.round1(rules.time_benchmark(3, cumulative_plan=None, annual_plan=D(1000))) == D("25.0")


def test_published_example_1_to_10_months_97_2_percent_is_13_8_points_ahead():
    """1-10月 97.2% → 超过时间进度 13.8 个百分点: the gap is taken from the unrounded figures."""
    rate = rules.completion_rate(D("9716"), D("10000"))
    benchmark = rules.time_benchmark(10)
    assert rules.pct(rate) == "97.2%"
    assert rules.schedule_gap(rate, benchmark) == D("13.8")
    assert rules.gap_words(rules.schedule_gap(rate, benchmark)) == "超序时进度 13.8 个百分点"
    # Subtracting the rounded figures would not give the published value.
    assert rules.round1(rate) - rules.round1(benchmark) == D("13.9")


def test_published_example_1_to_3_months_30_9_percent_is_5_9_points_ahead():
    rate = rules.completion_rate(D("3090"), D("10000"))
    gap = rules.schedule_gap(rate, rules.time_benchmark(3))
    assert rules.pct(rate) == "30.9%"
    assert rules.gap_words(gap) == "超序时进度 5.9 个百分点"


def test_completion_rate_can_exceed_100_and_needs_a_plan():
    assert rules.completion_rate(D(150), D(100)) == D(150)
    assert rules.completion_rate(D(150), D(0)) is None


def _pace(rule, percent_done, month=6):
    return rules.judge_investment_pace(rule, ytd=D(percent_done) * 100, annual_plan=D(10000),
                                       benchmark=rules.time_benchmark(month), month=month)


@pytest.mark.parametrize(("done", "colour"), [
    ("50", GREEN), ("40.1", GREEN), ("40", YELLOW), ("30", YELLOW), ("20", YELLOW), ("19.9", RED), ("0", RED),
])
def test_yinchuan_pace_boundaries_exactly_10_and_30_points_below_are_yellow(done, colour):
    # 1–6月: 序时进度 50%; 40% is exactly 10 points below, 20% exactly 30 points below.
    assert _pace(PACE, done).colour == colour


def test_pace_reason_names_the_figures():
    verdict = rules.judge_investment_pace(PACE, ytd=D("4120"), annual_plan=D("10000"),
                                          benchmark=D("66.3"), month=8)
    assert verdict.reason == ("1-8月累计完成投资 4120 万元，占年度计划 10000 万元的 41.2%，序时进度 66.3%，"
                              "低于序时进度 25.1 个百分点 → 黄灯")
    assert verdict.figures["gap_points"] == "-25.1"


@pytest.mark.parametrize(("done", "colour"), [("50", GREEN), ("49.9", YELLOW), ("25", YELLOW), ("24.9", RED)])
def test_sanya_relative_shortfall_up_to_50_percent_is_yellow(done, colour):
    assert _pace(SANYA, done).colour == colour


@pytest.mark.parametrize(("done", "colour"), [("40", GREEN), ("39.9", YELLOW), ("30", YELLOW), ("29.9", RED)])
def test_wuhan_under_80_and_60_percent_of_the_benchmark(done, colour):
    assert _pace(WUHAN, done).colour == colour


@pytest.mark.parametrize(("month", "colour", "due"), [(4, GREEN, 0), (5, YELLOW, 1), (6, YELLOW, 2), (7, RED, 3)])
def test_start_delay_third_consecutive_month_is_red(month, colour, due):
    verdict = rules.judge_start_delay(START, planned_start=dt.date(2024, 5, 10), started_on=None, year=2024,
                                      month=month)
    assert (verdict.colour, verdict.figures["months_due"]) == (colour, due)


def test_start_delay_started_is_green_and_says_early():
    verdict = rules.judge_start_delay(START, planned_start=dt.date(2024, 5, 10), started_on=dt.date(2024, 3, 2),
                                      year=2024, month=6)
    assert verdict.colour == GREEN
    assert verdict.reason == "计划 2024-05 开工，已于 2024-03-02 开工（提前开工） → 绿灯"


@pytest.mark.parametrize(("end", "colour"), [
    (dt.date(2024, 3, 31), GREEN), (dt.date(2024, 4, 30), YELLOW), (dt.date(2024, 5, 31), RED),
])
def test_not_in_statistics_one_month_yellow_two_months_red(end, colour):
    verdict = rules.judge_not_in_statistics(STATS, started_on=dt.date(2024, 3, 15), in_statistics_date=None,
                                            month_end=end)
    assert verdict.colour == colour


def test_not_in_statistics_entered_is_green():
    verdict = rules.judge_not_in_statistics(STATS, started_on=dt.date(2024, 3, 15),
                                            in_statistics_date=dt.date(2024, 5, 2), month_end=dt.date(2024, 6, 30))
    assert verdict.colour == GREEN


def test_months_between_counts_whole_months():
    assert rules.months_between(dt.date(2024, 1, 31), dt.date(2024, 2, 29)) == 1
    assert rules.months_between(dt.date(2024, 3, 15), dt.date(2024, 4, 14)) == 0
    assert rules.months_between(dt.date(2024, 3, 15), dt.date(2024, 4, 15)) == 1


@pytest.mark.parametrize(("overdue", "colour"), [(0, GREEN), (1, YELLOW), (2, RED)])
def test_report_overdue(overdue, colour):
    verdict = rules.judge_report_overdue(REPORT, months_overdue=overdue, latest_due=dt.date(2024, 7, 5), month=6)
    assert verdict.colour == colour


@pytest.mark.parametrize(("days", "colour"), [(0, GREEN), (1, YELLOW), (30, YELLOW), (31, RED)])
def test_problem_overdue_by_days(days, colour):
    as_of = dt.date(2024, 7, 31)
    verdict = rules.judge_problem_overdue(PROBLEM, open_count=2, overdue_count=1 if days else 0,
                                          earliest_deadline=as_of - dt.timedelta(days=days), as_of=as_of)
    assert verdict.colour == colour


@pytest.mark.parametrize(("end", "colour"), [
    (dt.date(2024, 5, 31), GREEN), (dt.date(2024, 6, 30), YELLOW), (dt.date(2024, 8, 31), RED),
])
def test_milestone_overdue(end, colour):
    verdict = rules.judge_milestone_overdue(MILESTONE, label="竣工", planned=dt.date(2024, 6, 20), reached=None,
                                            month_end=end)
    assert verdict.colour == colour


def _figures(m, y, s):
    return rules.Figures(D(m), D(y), D(s))


def test_check_figures_accepts_consistent_months():
    assert rules.check_figures(_figures(100, 350, 900), month=3, earlier_months_sum=D(250),
                               previous_since_start=D(800)) == {}


def test_check_figures_refuses_negative_with_the_field_named():
    errors = rules.check_figures(_figures(-5, 245, 900), month=3, earlier_months_sum=D(250), previous_since_start=None)
    assert errors == {"month_completed_wan": ["本月完成投资不能为负数（填写了 -5 万元）。"]}


def test_check_figures_refuses_a_ytd_that_is_not_the_sum_of_the_months():
    errors = rules.check_figures(_figures(100, 400, 900), month=3, earlier_months_sum=D(250), previous_since_start=None)
    assert errors == {"ytd_completed_wan": [
        "自年初累计完成投资应等于1-2月各月合计 250 万元加本月完成投资 100 万元，即 350 万元，填写的是 400 万元。"]}


def test_check_figures_refuses_since_start_below_ytd_and_off_the_previous_month():
    low = rules.check_figures(_figures(100, 350, 300), month=3, earlier_months_sum=D(250), previous_since_start=None)
    assert low == {"since_start_completed_wan": [
        "开工以来累计完成投资（300 万元）不能小于自年初累计完成投资（350 万元）。"]}
    off = rules.check_figures(_figures(100, 350, 950), month=3, earlier_months_sum=D(250),
                              previous_since_start=D(800))
    assert off == {"since_start_completed_wan": [
        "开工以来累计完成投资应等于上月的 800 万元加本月完成投资 100 万元，即 900 万元，填写的是 950 万元。"]}


def test_pace_flag_needs_three_months_and_a_3x_deviation():
    assert rules.pace_flag(D(1000), [D(100), D(100)]) is None
    assert rules.pace_flag(D(300), [D(100), D(90), D(110)]) is None
    assert rules.pace_flag(D(301), [D(100), D(90), D(110)]) == (
        "本月完成投资 301 万元，超过此前 3 个月中位数 100 万元的 3 倍，请核实。")
    assert rules.pace_flag(D(33), [D(100), D(90), D(110)]) == (
        "本月完成投资 33 万元，不足此前 3 个月中位数 100 万元的三分之一，请核实。")
    assert rules.pace_flag(D("33.34"), [D(100), D(90), D(110)]) is None


def test_worst_colour():
    assert rules.worst([GREEN, YELLOW, GREEN]) == YELLOW
    assert rules.worst([YELLOW, RED]) == RED
    assert rules.worst([]) == GREEN


def test_year_to_date_label_uses_a_hyphen_never_an_en_dash():
    assert [rules.period_label(m) for m in (1, 2, 10)] == ["1月", "1-2月", "1-10月"]
    assert "–" not in rules.period_label(12)

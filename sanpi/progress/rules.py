"""Pure rules of monthly dispatch: 序时进度, completion rates, report consistency and alert colours.

No database code: evaluation.py feeds these plain values, and tests check them exhaustively.

Rounding, as offices publish it: every percentage is shown to one decimal (half up). The gap
to 序时进度 (序时差) is computed from the unrounded rate and benchmark and then rounded once — that
is what reproduces the published pairs "1-10月 97.2% → 超序时进度 13.8 个百分点" (an underlying
97.16%: 97.16 − 83.33 = 13.83) and "1-3月 30.9% → 超 5.9 个百分点". Subtracting the already-rounded
figures (97.2 − 83.3) would give 13.9, which no office published. Colours are decided on the
rounded gap that the reason shows, so a light and its explanation never disagree.
"""

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
ZERO = Decimal(0)

GREEN, YELLOW, RED = "green", "yellow", "red"
COLOUR_LABEL = {GREEN: "绿灯", YELLOW: "黄灯", RED: "红灯"}
SEVERITY = {GREEN: 0, YELLOW: 1, RED: 2}


def round1(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def pct(value: Decimal) -> str:
    """'41.2%' — one decimal as published."""
    return f"{round1(value)}%"


def wan(value: Decimal) -> str:
    text = format(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# ---------------------------------------------------------------- 序时进度 and rates

def time_benchmark(month: int, *, cumulative_plan: Decimal | None = None,
                   annual_plan: Decimal | None = None) -> Decimal:
    """序时进度 in % (unrounded): months elapsed ÷ 12, or the monthly cumulative plan ÷ the annual
    plan where the project has one."""
    if not 1 <= month <= 12:
        raise ValueError("月份应在 1 到 12 之间")
    if cumulative_plan is not None and annual_plan:
        return Decimal(cumulative_plan) * HUNDRED / Decimal(annual_plan)
    return Decimal(month) * HUNDRED / 12


def completion_rate(ytd: Decimal, annual_plan: Decimal | None) -> Decimal | None:
    """年度投资完成率 in % (unrounded; can exceed 100). None when there is no plan to measure against."""
    if not annual_plan:
        return None
    return Decimal(ytd) * HUNDRED / Decimal(annual_plan)


def schedule_gap(rate: Decimal, benchmark: Decimal) -> Decimal:
    """序时差 in 个百分点, rounded once to one decimal: positive is ahead, negative behind."""
    return round1(Decimal(rate) - Decimal(benchmark))


def period_label(month: int) -> str:
    """'1月' or '1-10月': the year-to-date period as bulletins write it (1-10月 or 1—10月, never an en dash)."""
    return "1月" if month == 1 else f"1-{month}月"


def gap_words(gap: Decimal) -> str:
    """'超序时进度 13.8 个百分点' / '低于序时进度 25.1 个百分点' / '与序时进度持平'."""
    if gap > 0:
        return f"超序时进度 {gap} 个百分点"
    if gap < 0:
        return f"低于序时进度 {-gap} 个百分点"
    return "与序时进度持平"


# ---------------------------------------------------------------- report figures

@dataclass(frozen=True)
class Figures:
    month_completed: Decimal
    ytd_completed: Decimal
    since_start_completed: Decimal


FIELD_LABEL = {
    "month_completed_wan": "本月完成投资",
    "ytd_completed_wan": "自年初累计完成投资",
    "since_start_completed_wan": "开工以来累计完成投资",
}


def check_figures(figures: Figures, *, month: int, earlier_months_sum: Decimal,
                  previous_since_start: Decimal | None, opening_balance: bool = False) -> dict[str, list[str]]:
    """Errors by field (Chinese) for a month's figures; empty when consistent.

    `earlier_months_sum` is the sum of 本月完成投资 of this year's earlier months already reported;
    `previous_since_start` is the 开工以来累计 of the immediately previous month's report, if any.
    `opening_balance`: the project's first report, with earlier months of this year unreported: its
    自年初累计 covers them too, so it may exceed the month's figure but not fall below it.
    """
    errors: dict[str, list[str]] = {}
    values = {"month_completed_wan": figures.month_completed, "ytd_completed_wan": figures.ytd_completed,
              "since_start_completed_wan": figures.since_start_completed}
    for field, value in values.items():
        if value < 0:
            errors[field] = [f"{FIELD_LABEL[field]}不能为负数（填写了 {wan(value)} 万元）。"]
    if errors:
        return errors
    expected_ytd = earlier_months_sum + figures.month_completed
    if opening_balance:
        if figures.ytd_completed < figures.month_completed:
            errors["ytd_completed_wan"] = [
                f"自年初累计完成投资（{wan(figures.ytd_completed)} 万元）不能小于本月完成投资"
                f"（{wan(figures.month_completed)} 万元）。"]
    elif figures.ytd_completed != expected_ytd:
        before = f"1-{month - 1}月各月合计 {wan(earlier_months_sum)} 万元加" if month > 1 else ""
        errors["ytd_completed_wan"] = [
            f"自年初累计完成投资应等于{before}本月完成投资 {wan(figures.month_completed)} 万元，"
            f"即 {wan(expected_ytd)} 万元，填写的是 {wan(figures.ytd_completed)} 万元。"
        ]
    if figures.since_start_completed < figures.ytd_completed:
        errors["since_start_completed_wan"] = [
            f"开工以来累计完成投资（{wan(figures.since_start_completed)} 万元）不能小于自年初累计完成投资"
            f"（{wan(figures.ytd_completed)} 万元）。"
        ]
    elif previous_since_start is not None and (
        figures.since_start_completed != previous_since_start + figures.month_completed
    ):
        expected = previous_since_start + figures.month_completed
        errors["since_start_completed_wan"] = [
            f"开工以来累计完成投资应等于上月的 {wan(previous_since_start)} 万元加本月完成投资"
            f" {wan(figures.month_completed)} 万元，即 {wan(expected)} 万元，填写的是"
            f" {wan(figures.since_start_completed)} 万元。"
        ]
    return errors


PACE_FACTOR = Decimal(3)
PACE_MIN_MONTHS = 3


def pace_flag(month_completed: Decimal, previous_months: list[Decimal]) -> str | None:
    """A reason when this month is far off the project's usual pace (more than 3× or under a third
    of the median of its previous months; only with at least 3 previous months), else None."""
    if len(previous_months) < PACE_MIN_MONTHS:
        return None
    median = Decimal(statistics.median(previous_months))
    if median <= 0:
        return None
    value = Decimal(month_completed)
    if value > median * PACE_FACTOR:
        return (f"本月完成投资 {wan(value)} 万元，超过此前 {len(previous_months)} 个月中位数 {wan(median)} 万元的"
                f" 3 倍，请核实。")
    if value * PACE_FACTOR < median:
        return (f"本月完成投资 {wan(value)} 万元，不足此前 {len(previous_months)} 个月中位数 {wan(median)} 万元的"
                f"三分之一，请核实。")
    return None


# ---------------------------------------------------------------- alert colours

@dataclass(frozen=True)
class Rule:
    dimension: str
    yellow: Decimal
    red: Decimal
    kind: str  # points / relative_percent / ratio_of_benchmark / months / days
    consecutive_months: int = 1


@dataclass(frozen=True)
class Verdict:
    colour: str
    reason: str
    figures: dict


def _verdict(colour: str, reason: str, **figures) -> Verdict:
    return Verdict(colour, f"{reason} → {COLOUR_LABEL[colour]}", {k: _plain(v) for k, v in figures.items()})


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later` (2024-01-31 → 2024-02-29 is one month)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day and not _is_month_end(later):
        months -= 1
    return months


def _is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).month != day.month


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def judge_investment_pace(rule: Rule, *, ytd: Decimal, annual_plan: Decimal, benchmark: Decimal,
                          month: int) -> Verdict:
    """Investment against 序时进度.

    points (银川): behind by ≥ yellow points and ≤ red points → yellow; more than red → red.
    relative_percent (三亚): shortfall against the plan-to-date, relative: > 0 and ≤ red → yellow; > red → red.
    ratio_of_benchmark (武汉): completion rate as a % of 序时进度: < yellow → yellow; < red → red.
    """
    rate = completion_rate(ytd, annual_plan) or ZERO
    gap = schedule_gap(rate, benchmark)
    shown = (f"{period_label(month)}累计完成投资 {wan(ytd)} 万元，占年度计划 {wan(annual_plan)} 万元的 {pct(rate)}，"
             f"序时进度 {pct(benchmark)}，{gap_words(gap)}")
    figures = {"ytd_wan": wan(ytd), "annual_plan_wan": wan(annual_plan), "completion_rate": round1(rate),
               "time_benchmark": round1(benchmark), "gap_points": gap}
    if rule.kind == "points":
        behind = -gap
        if behind > rule.red:
            return _verdict(RED, shown, **figures)
        if behind >= rule.yellow and behind > 0:
            return _verdict(YELLOW, shown, **figures)
        return _verdict(GREEN, shown, **figures)
    if rule.kind == "relative_percent":
        shortfall = round1((benchmark - rate) * HUNDRED / benchmark) if benchmark else ZERO
        figures["shortfall_percent"] = shortfall
        text = f"{shown}；低于序时计划 {shortfall}%" if shortfall > 0 else shown
        if shortfall > rule.red:
            return _verdict(RED, text, **figures)
        if shortfall > 0 and shortfall >= rule.yellow:
            return _verdict(YELLOW, text, **figures)
        return _verdict(GREEN, shown, **figures)
    if rule.kind == "ratio_of_benchmark":
        ratio = round1(rate * HUNDRED / benchmark) if benchmark else HUNDRED
        figures["ratio_of_benchmark"] = ratio
        text = f"{shown}；完成率为序时进度的 {ratio}%"
        if ratio < rule.red:
            return _verdict(RED, text, **figures)
        if ratio < rule.yellow:
            return _verdict(YELLOW, text, **figures)
        return _verdict(GREEN, text, **figures)
    raise ValueError(f"unknown threshold kind {rule.kind}")


def judge_start_delay(rule: Rule, *, planned_start: dt.date, started_on: dt.date | None, year: int,
                      month: int) -> Verdict:
    """Planned start month passed without 开工. Counting the planned month as the 1st month due:
    months due ≥ yellow (1) → yellow, ≥ red (3, i.e. the 3rd consecutive month) → red."""
    evaluated = month_index(year, month)
    due = evaluated - month_index(planned_start.year, planned_start.month) + 1
    figures = {"planned_start": planned_start, "started_on": started_on, "months_due": max(due, 0)}
    if started_on is not None and month_index(started_on.year, started_on.month) <= evaluated:
        late = month_index(started_on.year, started_on.month) - month_index(planned_start.year, planned_start.month)
        when = "提前开工" if late < 0 else ("按计划开工" if late == 0 else f"较计划晚 {late} 个月开工")
        return _verdict(GREEN, f"计划 {planned_start:%Y-%m} 开工，已于 {started_on:%Y-%m-%d} 开工（{when}）", **figures)
    if due < 1:
        return _verdict(GREEN, f"计划 {planned_start:%Y-%m} 开工，尚未到期", **figures)
    text = f"计划 {planned_start:%Y-%m} 开工，至 {year}-{month:02d} 仍未开工，已连续 {due} 个月应开未开"
    if due >= rule.red:
        return _verdict(RED, text, **figures)
    if due >= rule.yellow:
        return _verdict(YELLOW, text, **figures)
    return _verdict(GREEN, text, **figures)


def judge_not_in_statistics(rule: Rule, *, started_on: dt.date, in_statistics_date: dt.date | None,
                            month_end: dt.date) -> Verdict:
    """Started but not 入库: whole months since 开工 at the month's end ≥ yellow (1) → yellow,
    ≥ red (2) → red."""
    if in_statistics_date is not None and in_statistics_date <= month_end:
        return _verdict(GREEN, f"{started_on:%Y-%m-%d} 开工，已于 {in_statistics_date:%Y-%m-%d} 入库",
                        started_on=started_on, in_statistics_date=in_statistics_date)
    months = months_between(started_on, month_end)
    text = f"{started_on:%Y-%m-%d} 开工，至 {month_end:%Y-%m-%d} 已 {months} 个月仍未入库"
    figures = {"started_on": started_on, "months_since_start": months}
    if months >= rule.red:
        return _verdict(RED, text, **figures)
    if months >= rule.yellow:
        return _verdict(YELLOW, text, **figures)
    return _verdict(GREEN, f"{started_on:%Y-%m-%d} 开工，入库时限未到", **figures)


def judge_report_overdue(rule: Rule, *, months_overdue: int, latest_due: dt.date, month: int) -> Verdict:
    """Consecutive months (ending with the evaluated one) whose report was not submitted by its due
    date: ≥ yellow (1) → yellow, ≥ red (2) → red."""
    figures = {"months_overdue": months_overdue, "due_date": latest_due}
    if months_overdue <= 0:
        return _verdict(GREEN, f"{month}月月报已按时报送（截止 {latest_due:%Y-%m-%d}）", **figures)
    text = (f"{month}月月报未在 {latest_due:%Y-%m-%d} 前报送" if months_overdue == 1
            else f"已连续 {months_overdue} 个月月报未按时报送（最近截止 {latest_due:%Y-%m-%d}）")
    if months_overdue >= rule.red:
        return _verdict(RED, text, **figures)
    if months_overdue >= rule.yellow:
        return _verdict(YELLOW, text, **figures)
    return _verdict(GREEN, text, **figures)


def judge_milestone_overdue(rule: Rule, *, label: str, planned: dt.date, reached: dt.date | None,
                            month_end: dt.date) -> Verdict:
    """A planned 竣工/投产 date passed without it: months overdue (the planned month counts as the
    1st) ≥ yellow → yellow, ≥ red → red."""
    figures = {"milestone": label, "planned": planned, "reached": reached}
    if reached is not None and reached <= month_end:
        return _verdict(GREEN, f"计划 {planned:%Y-%m} {label}，已于 {reached:%Y-%m-%d} {label}", **figures)
    due = month_index(month_end.year, month_end.month) - month_index(planned.year, planned.month) + 1
    figures["months_overdue"] = max(due, 0)
    if due < 1:
        return _verdict(GREEN, f"计划 {planned:%Y-%m} {label}，尚未到期", **figures)
    text = f"计划 {planned:%Y-%m} {label}，至 {month_end:%Y-%m} 仍未{label}（逾期第 {due} 个月）"
    if due >= rule.red:
        return _verdict(RED, text, **figures)
    if due >= rule.yellow:
        return _verdict(YELLOW, text, **figures)
    return _verdict(GREEN, text, **figures)


def judge_problem_overdue(rule: Rule, *, open_count: int, overdue_count: int, earliest_deadline: dt.date | None,
                          as_of: dt.date) -> Verdict:
    """Open problems past their deadline: days overdue of the oldest ≥ yellow → yellow, > red → red."""
    if not overdue_count or earliest_deadline is None:
        return _verdict(GREEN, f"{open_count} 个协调事项在办，均未超过办结时限", open_count=open_count)
    days = (as_of - earliest_deadline).days
    text = (f"{overdue_count} 个协调事项超过办结时限未销号，最早时限 {earliest_deadline:%Y-%m-%d}，"
            f"已逾期 {days} 天")
    figures = {"open_count": open_count, "overdue_count": overdue_count, "earliest_deadline": earliest_deadline,
               "days_overdue": days}
    if days > rule.red:
        return _verdict(RED, text, **figures)
    if days >= rule.yellow:
        return _verdict(YELLOW, text, **figures)
    return _verdict(GREEN, text, **figures)


def worst(colours) -> str:
    return max(colours, key=SEVERITY.__getitem__, default=GREEN)

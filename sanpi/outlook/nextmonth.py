"""Lights next month if the trend continues: pure rules over this month's figures, judged by the same
rule functions as the monthly evaluation (progress/rules.py), so a projection and a light never use
different thresholds. No database code."""

from dataclasses import dataclass
from decimal import Decimal

from sanpi.progress import rules

TWELFTH = Decimal(100) / 12


@dataclass(frozen=True)
class Projection:
    colour: str
    reason: str


def pace_next(rule: rules.Rule, *, ytd: Decimal, annual_plan: Decimal, benchmark: Decimal,
              month: int) -> Projection | None:
    """The investment-pace light of month + 1 if the project keeps its average monthly pace so far and
    序时进度 moves on by one twelfth (100 % at most). None in December (the next year starts anew)."""
    if month >= 12 or not annual_plan:
        return None
    pace = ytd / month
    projected = ytd + pace
    nxt = min(benchmark + TWELFTH, Decimal(100))
    verdict = rules.judge_investment_pace(rule, ytd=projected, annual_plan=annual_plan, benchmark=nxt,
                                          month=month + 1)
    return Projection(verdict.colour, f"按1-{month}月平均每月完成 {rules.wan(pace)} 万元推算，"
                                      f"{verdict.reason}")


def overdue_next(rule: rules.Rule, *, months_overdue: int, month: int) -> Projection | None:
    """The report light of month + 1 if next month's report is late too (only for a project already late)."""
    if months_overdue <= 0:
        return None
    following = month % 12 + 1
    colour = rules.RED if months_overdue + 1 >= rule.red else (
        rules.YELLOW if months_overdue + 1 >= rule.yellow else rules.GREEN)
    return Projection(colour, f"已连续 {months_overdue} 个月月报未按时报送，若{following}月月报再逾期"
                              f" → {rules.COLOUR_LABEL[colour]}")

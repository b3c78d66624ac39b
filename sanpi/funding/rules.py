"""Pure rules of money by source: 资金到位率, 资金支付率 and the "资金支付滞后" light.

No database code. A line's figures are its year's cumulative amounts up to the evaluated month.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sanpi.progress import rules as progress_rules
from sanpi.progress.rules import GREEN, RED, YELLOW, Rule, Verdict, wan

# Supervised money should be mostly paid out within the light's thresholds after it arrives: a line
# with less than this share of its arrived money paid counts as lagging (sanpi 约定, after the
# 专项债 "资金闲置" checks of the audit offices).
PAID_SHARE_EXPECTED = Decimal("0.5")


@dataclass(frozen=True)
class LineFacts:
    label: str  # "地方政府专项债券（2024年第一批）"
    allocated: Decimal
    arrived: Decimal
    paid: Decimal
    first_arrived_on: dt.date | None  # date of the first 到位 (the 专项债 issue date when none is recorded)


def paid_share(line: LineFacts) -> Decimal | None:
    return line.paid / line.arrived if line.arrived else None


def days_lagging(line: LineFacts, day: dt.date) -> int:
    """Days since the money arrived while less than half of it is paid (0 when not lagging)."""
    share = paid_share(line)
    if share is None or share >= PAID_SHARE_EXPECTED or line.first_arrived_on is None:
        return 0
    return max((day - line.first_arrived_on).days, 0)


def check_month(*, arrived_before: Decimal, paid_before: Decimal, arrived: Decimal, paid: Decimal,
                arrived_on: dt.date | None, paid_on: dt.date | None, year: int, month: int,
                today: dt.date | None = None) -> dict[str, list[str]]:
    """Errors by field (Chinese) for one month of a line; the year's 支付 may not exceed its 到位. With
    `today`, a month or a date after it is refused: 到位 and 支付 are what happened, never a plan."""
    errors: dict[str, list[str]] = {}
    if today is not None and (year, month) > (today.year, today.month):
        errors["month"] = [f"{year}年{month}月尚未到来，不能填报该月的到位与支付（计划金额请填在“计划/下达金额”）。"]
        return errors
    for field, value, label in (("arrived_wan", arrived, "本月到位"), ("paid_wan", paid, "本月支付")):
        if value < 0:
            errors[field] = [f"{label}（万元）不能为负数。"]
    for field, day, label in (("arrived_on", arrived_on, "到位日期"), ("paid_on", paid_on, "支付日期")):
        if day is not None and (day.year, day.month) != (year, month):
            errors[field] = [f"{label} {day:%Y-%m-%d} 不在 {year}年{month}月。"]
        elif day is not None and today is not None and day > today:
            errors[field] = [f"{label} {day:%Y-%m-%d} 晚于今天，请填写实际到位或支付的日期。"]
    if not errors and paid_before + paid > arrived_before + arrived:
        errors["paid_wan"] = [f"累计支付 {wan(paid_before + paid)} 万元不能超过累计到位 {wan(arrived_before + arrived)} 万元。"]
    return errors


def judge_funds(rule: Rule, *, lines: list[LineFacts], month_end: dt.date) -> Verdict | None:
    """资金支付滞后: a supervised line paid less than half of its arrived money ≥ yellow days after it
    arrived → yellow; more than red days → red. None when no supervised money has arrived."""
    arrived = [line for line in lines if line.arrived > 0]
    if not arrived:
        return None
    total_arrived = sum((line.arrived for line in arrived), Decimal(0))
    total_paid = sum((line.paid for line in arrived), Decimal(0))
    summary = (f"政府性资金累计到位 {wan(total_arrived)} 万元，已支付 {wan(total_paid)} 万元"
               f"（{progress_rules.pct(total_paid * 100 / total_arrived)}）")
    figures = {"arrived_wan": wan(total_arrived), "paid_wan": wan(total_paid)}
    lagging = sorted(((days_lagging(line, month_end), line) for line in arrived), key=lambda pair: -pair[0])
    days, worst = lagging[0]
    if days <= 0 or days < rule.yellow:
        return progress_rules._verdict(GREEN, summary, **figures)
    share = paid_share(worst) or Decimal(0)
    text = (f"{worst.label}于 {worst.first_arrived_on:%Y-%m-%d} 到位 {wan(worst.arrived)} 万元，至 {month_end:%Y-%m-%d}"
            f" 仅支付 {wan(worst.paid)} 万元（{progress_rules.pct(share * 100)}），已 {days} 天；{summary}")
    figures.update(line=worst.label, line_arrived_wan=wan(worst.arrived), line_paid_wan=wan(worst.paid),
                   days=days)
    if days > rule.red:
        return progress_rules._verdict(RED, text, **figures)
    return progress_rules._verdict(YELLOW, text, **figures)

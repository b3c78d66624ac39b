"""Lights next month if the trend continues, judged by the monthly evaluation's own rule."""

from decimal import Decimal

from sanpi.outlook.nextmonth import overdue_next, pace_next
from sanpi.progress.rules import Rule

POINTS = Rule("investment_pace", Decimal(10), Decimal(30), "points")


def test_pace_slipping_below_the_yellow_line():
    # 1—9月 6600 of 12000 = 55.0 %, 序时 75 % (20 points behind: yellow). Next month at 733.33 a month:
    # 7333.33 = 61.1 % against 83.3 % → 22.2 points behind: still yellow.
    assert pace_next(POINTS, ytd=Decimal(6600), annual_plan=Decimal(12000), benchmark=Decimal(75),
                     month=9).colour == "yellow"
    # 1—6月 3000 of 12000 = 25 %, 序时 50 %: next month 3500 = 29.2 % against 58.3 % → 29.1 behind: yellow;
    # 1—8月 3200 = 26.7 %, 序时 66.7 %: next 3600 = 30 % against 75 % → 45 behind: red.
    assert pace_next(POINTS, ytd=Decimal(3000), annual_plan=Decimal(12000), benchmark=Decimal(50),
                     month=6).colour == "yellow"
    result = pace_next(POINTS, ytd=Decimal(3200), annual_plan=Decimal(12000), benchmark=Decimal("66.7"), month=8)
    assert result.colour == "red"
    assert result.reason.startswith("按1-8月平均每月完成 400 万元推算，1-9月累计完成投资 3600 万元")
    assert "–" not in result.reason
    assert pace_next(POINTS, ytd=Decimal(1), annual_plan=Decimal(12), benchmark=Decimal(100), month=12) is None


def test_a_late_report_turns_red_if_the_next_is_late_too():
    rule = Rule("report_overdue", Decimal(1), Decimal(2), "months", 2)
    result = overdue_next(rule, months_overdue=1, month=12)
    assert result.colour == "red" and result.reason == "已连续 1 个月月报未按时报送，若1月月报再逾期 → 红灯"
    assert overdue_next(rule, months_overdue=0, month=5) is None

import datetime as dt
from decimal import Decimal as D

from sanpi.funding import rules
from sanpi.progress.rules import Rule

RULE = Rule("funds_lag", D(90), D(180), "days")
END = dt.date(2024, 6, 30)


def line(arrived="5000", paid="1200", on=dt.date(2024, 3, 15)):
    return rules.LineFacts("地方政府专项债券（2024年第一批）", D("8000"), D(arrived), D(paid), on)


def test_bond_paid_under_half_after_107_days_is_yellow_with_amounts():
    verdict = rules.judge_funds(RULE, lines=[line()], month_end=END)
    assert verdict.colour == "yellow"
    assert verdict.reason == ("地方政府专项债券（2024年第一批）于 2024-03-15 到位 5000 万元，至 2024-06-30 仅支付 1200 万元"
                              "（24.0%），已 107 天；政府性资金累计到位 5000 万元，已支付 1200 万元（24.0%） → 黄灯")


def test_more_than_180_days_is_red_and_half_paid_is_green():
    assert rules.judge_funds(RULE, lines=[line(on=dt.date(2023, 12, 1))], month_end=END).colour == "red"
    assert rules.judge_funds(RULE, lines=[line(paid="2500", on=dt.date(2023, 12, 1))], month_end=END).colour == "green"
    assert rules.judge_funds(RULE, lines=[line(on=dt.date(2024, 5, 1))], month_end=END).colour == "green"


def test_no_money_arrived_gives_no_light():
    assert rules.judge_funds(RULE, lines=[line(arrived="0", paid="0")], month_end=END) is None


def test_check_month_refuses_paying_more_than_arrived_and_dates_outside_the_month():
    ok = dict(arrived_before=D(100), paid_before=D(50), year=2024, month=6)
    assert rules.check_month(**ok, arrived=D(0), paid=D(60), arrived_on=None, paid_on=None) == {
        "paid_wan": ["累计支付 110 万元不能超过累计到位 100 万元。"]}
    assert rules.check_month(**ok, arrived=D(10), paid=D(10), arrived_on=dt.date(2024, 7, 1), paid_on=None) == {
        "arrived_on": ["到位日期 2024-07-01 不在 2024年6月。"]}
    assert rules.check_month(**ok, arrived=D(10), paid=D(60), arrived_on=None, paid_on=dt.date(2024, 6, 3)) == {}

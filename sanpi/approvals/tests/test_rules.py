import datetime as dt
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from sanpi.approvals import rules
from sanpi.progress.rules import Rule

RULE = Rule("approval_overdue", D(1), D(30), "days")
END = dt.date(2024, 6, 30)


def item(name="环评", status="in_progress", planned=dt.date(2024, 6, 20), done=None, required=True, blocks=True):
    return rules.ItemFacts(name, status, required, planned, done, blocks)


def test_no_item_overdue_is_green_with_the_count():
    verdict = rules.judge_approvals(RULE, items=[item(planned=dt.date(2024, 7, 5)),
                                                 item("立项", "done", done=dt.date(2024, 3, 1))],
                                    planned_start=None, started_on=None, month_end=END)
    assert (verdict.colour, verdict.reason) == ("green", "前期手续办结 1/2 项，无逾期事项 → 绿灯")


def test_overdue_ten_days_is_yellow_and_names_the_item():
    verdict = rules.judge_approvals(RULE, items=[item()], planned_start=None, started_on=None, month_end=END)
    assert verdict.colour == "yellow"
    assert verdict.reason == ("环评共 1 项手续超过计划办结日期未办结，最久为环评（计划 2024-06-20，逾期 10 天；办结 0/1 项） → 黄灯")
    assert verdict.figures["days_overdue"] == 10


def test_overdue_more_than_thirty_days_is_red_thirty_is_yellow():
    at_30 = rules.judge_approvals(RULE, items=[item(planned=dt.date(2024, 5, 31))], planned_start=None,
                                  started_on=None, month_end=END)
    at_31 = rules.judge_approvals(RULE, items=[item(planned=dt.date(2024, 5, 30))], planned_start=None,
                                  started_on=None, month_end=END)
    assert (at_30.colour, at_31.colour) == ("yellow", "red")


def test_a_missing_prerequisite_at_the_planned_start_is_red():
    verdict = rules.judge_approvals(RULE, items=[item("施工许可", planned=dt.date(2024, 8, 1))],
                                    planned_start=dt.date(2024, 6, 1), started_on=None, month_end=END)
    assert verdict.colour == "red"
    assert verdict.reason.startswith("计划 2024-06-01 开工，施工许可尚未办结，影响开工")
    started = rules.judge_approvals(RULE, items=[item("施工许可", planned=dt.date(2024, 8, 1))],
                                    planned_start=dt.date(2024, 6, 1), started_on=dt.date(2024, 6, 2), month_end=END)
    assert started.colour == "green"


def test_not_applicable_and_not_required_items_do_not_count():
    assert rules.judge_approvals(RULE, items=[item(status="not_applicable"), item(required=False)],
                                 planned_start=None, started_on=None, month_end=END) is None


def test_check_item_messages():
    today = dt.date(2024, 6, 1)
    assert rules.check_item(status="done", required=True, planned_on=None, done_on=None, today=today) == {
        "done_on": ["状态为“已办结”时须填写实际办结日期。"]}
    assert rules.check_item(status="done", required=True, planned_on=None, done_on=dt.date(2024, 6, 2),
                            today=today) == {"done_on": ["实际办结日期 2024-06-02 不能晚于今天。"]}
    assert rules.check_item(status="in_progress", required=True, planned_on=None, done_on=today, today=today) == {
        "status": ["填写了实际办结日期，状态应为“已办结”。"]}


def test_catalogue_deepest_region_and_latest_year_win():
    K = rules.KindRow
    rows = [K(1, "huanping", "all", None, None, True, 60), K(2, "lixiang", "government", None, None, True, 10),
            K(3, "huanping", "all", "410000/", 2023, False, 60), K(4, "huanping", "all", "410000/410100/", 2024, True, 61),
            K(5, "hezhun_beian", "enterprise", None, None, True, 15)]
    zz = rules.pick_catalogue(rows, region_path="410000/410100/410171/", year=2024, category="government")
    assert [r.id for r in zz] == [2, 4]
    kf = rules.pick_catalogue(rows, region_path="410000/410200/", year=2024, category="enterprise")
    assert [r.id for r in kf] == [5]  # 河南 2023 switched 环评 off for itself
    old = rules.pick_catalogue(rows, region_path="410000/410100/", year=2022, category="enterprise")
    assert [r.id for r in old] == [5, 1]


@given(st.dates(dt.date(2020, 1, 1), dt.date(2026, 1, 1)), st.dates(dt.date(2020, 1, 1), dt.date(2026, 1, 1)))
def test_days_overdue_is_never_negative_and_zero_once_done(planned, day):
    open_item = item(planned=planned)
    assert rules.days_overdue(open_item, day) == max((day - planned).days, 0)
    assert rules.days_overdue(item(status="done", planned=planned, done=day), day) == 0

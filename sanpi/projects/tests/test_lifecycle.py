import datetime as dt

import pytest

from sanpi.projects.lifecycle import (
    Event,
    Stage,
    StageRuleError,
    allowed_next,
    check_advance,
    check_correction,
    current_stage,
    stage_dates,
)

TODAY = dt.date(2024, 6, 30)
D = dt.date


def history(*pairs):
    return [Event(Stage(s), on) for s, on in pairs]


def test_main_line_in_order_is_allowed():
    events = []
    day = D(2021, 1, 1)
    for stage in [Stage.PLANNED, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING, Stage.CAPACITY]:
        check_advance(events, stage, day, today=TODAY)
        events.append(Event(stage, day))
        day += dt.timedelta(days=100)
    assert current_stage(events) == Stage.CAPACITY


@pytest.mark.parametrize(
    "before, illegal",
    [
        ([("signed", D(2023, 1, 1))], Stage.PRODUCING),  # 投产 needs 开工 first
        ([("planned", D(2023, 1, 1))], Stage.COMPLETED),
        ([("started", D(2023, 1, 1))], Stage.SIGNED),  # no going back
        ([("capacity", D(2023, 1, 1))], Stage.PRODUCING),
        ([("planned", D(2022, 1, 1)), ("terminated", D(2023, 1, 1))], Stage.STARTED),
        ([], Stage.SUSPENDED),
        ([], Stage.TERMINATED),
    ],
)
def test_illegal_transitions_refused(before, illegal):
    with pytest.raises(StageRuleError) as exc:
        check_advance(history(*before), illegal, D(2024, 1, 1), today=TODAY)
    assert "不能变更为" in exc.value.message and exc.value.field == "stage"


def test_dates_never_go_backwards():
    events = history(("signed", D(2023, 5, 1)))
    with pytest.raises(StageRuleError) as exc:
        check_advance(events, Stage.STARTED, D(2023, 4, 30), today=TODAY)
    assert exc.value.field == "occurred_on"
    assert "早于上一阶段“签约”的日期 2023-05-01" in exc.value.message
    check_advance(events, Stage.STARTED, D(2023, 5, 1), today=TODAY)  # same day is fine


def test_future_dates_refused():
    with pytest.raises(StageRuleError, match="晚于今天"):
        check_advance([], Stage.SIGNED, TODAY + dt.timedelta(days=1), today=TODAY)


def test_suspension_resumes_to_the_stage_it_left():
    events = history(("signed", D(2022, 1, 1)), ("started", D(2022, 6, 1)), ("suspended", D(2023, 1, 1)))
    assert allowed_next(events) == {Stage.STARTED, Stage.TERMINATED}
    check_advance(events, Stage.STARTED, D(2023, 8, 1), today=TODAY)
    with pytest.raises(StageRuleError):
        check_advance(events, Stage.PRODUCING, D(2023, 8, 1), today=TODAY)


def test_correction_needs_reason_and_keeps_order():
    events = history(("signed", D(2023, 1, 10)), ("started", D(2023, 6, 1)), ("producing", D(2024, 2, 1)))
    with pytest.raises(StageRuleError) as exc:
        check_correction(events, 1, Stage.STARTED, D(2023, 7, 1), "  ", today=TODAY)
    assert exc.value.field == "reason"
    # Moving 开工 after 投产 would make dates go backwards.
    with pytest.raises(StageRuleError, match="日期不能倒退"):
        check_correction(events, 1, Stage.STARTED, D(2024, 3, 1), "桩基施工日期核实", today=TODAY)
    check_correction(events, 1, Stage.STARTED, D(2023, 7, 1), "桩基施工日期核实", today=TODAY)


def test_stage_dates_take_first_time_reached():
    events = history(("signed", D(2022, 1, 1)), ("started", D(2022, 6, 1)), ("suspended", D(2023, 1, 1)),
                     ("started", D(2023, 8, 1)), ("producing", D(2024, 2, 1)))
    dates = stage_dates(events)
    assert dates["started_on"] == D(2022, 6, 1)
    assert dates["produced_on"] == D(2024, 2, 1)
    assert dates["completed_on"] is None

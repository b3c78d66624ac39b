"""Kaplan–Meier on hand-computed cohorts, and the start risk drawn from it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanpi.outlook.survival import MIN_COHORT, kaplan_meier, pick, start_risk


def test_product_limit_with_censoring():
    # 5 members: started at 30, 60, 60; not started (censored) at 45 and 90.
    curve = kaplan_meier([(30, True), (45, False), (60, True), (60, True), (90, False)])
    assert curve.steps[0] == (30, pytest.approx(0.8))  # 4/5
    assert curve.steps[1] == (60, pytest.approx(0.8 * (1 - 2 / 3)))  # 3 at risk at 60, 2 start
    assert curve.survival(10) == 1.0 and curve.survival(59) == pytest.approx(0.8)
    assert (curve.members, curve.started) == (5, 3)


def test_risk_is_conditional_on_not_having_started():
    curve = kaplan_meier([(d, True) for d in (30, 60, 90, 120)] + [(200, False)] * 4)
    # S(45) = 7/8; S(100) = 5/8 → P(start by 100 | not by 45) = (7/8 − 5/8) ÷ 7/8 = 2/7
    risk = start_risk(curve, elapsed=45, window=100)
    assert risk.probability == pytest.approx(2 / 7) and risk.level == "高"
    assert risk.expected_days is None  # half of the rest never started in the data
    quick = start_risk(kaplan_meier([(d, True) for d in range(10, 110, 10)]), elapsed=0, window=80)
    assert quick.probability == pytest.approx(0.8) and quick.level == "低" and quick.expected_days == 50


def test_pick_takes_the_most_specific_large_enough_cohort():
    big = kaplan_meier([(30, True)] * MIN_COHORT)
    small = kaplan_meier([(30, True)] * (MIN_COHORT - 1))
    assert pick({("410100", "lt1"): small, ("lt1",): big}, [("410100", "lt1"), ("lt1",)]) == (("lt1",), big)
    assert pick({}, [("x",)]) is None


@given(st.lists(st.tuples(st.integers(-5, 400), st.booleans()), min_size=1, max_size=60),
       st.integers(0, 300), st.integers(0, 400))
def test_survival_falls_and_probability_is_a_probability(obs, elapsed, window):
    curve = kaplan_meier(obs)
    values = [s for _, s in curve.steps]
    assert values == sorted(values, reverse=True) and all(0 <= s <= 1 for s in values)
    assert 0 <= start_risk(curve, elapsed=elapsed, window=window).probability <= 1

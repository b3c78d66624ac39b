from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanpi.ranking import rules
from sanpi.ranking.rules import Method


def m(kind="linear", **kw):
    return Method(kind=kind, weight=Decimal(kw.pop("weight", 40)), **kw)


def test_linear_to_target_with_cap():
    method = m(target=Decimal(100), floor=Decimal(0))
    assert rules.linear_points(Decimal("46.7"), method) == Decimal("18.68")
    assert rules.linear_points(Decimal(130), method) == Decimal(40)  # capped at the weight
    assert rules.linear_points(Decimal(130), m(target=Decimal(100), cap_points=Decimal(44))) == Decimal(44)
    assert rules.linear_points(None, method) == 0


def test_linear_lower_is_better():
    method = m(weight=10, target=Decimal(0), floor=Decimal(20), higher_is_better=False)
    assert rules.linear_points(Decimal(5), method) == Decimal("7.50")
    assert rules.linear_points(Decimal(25), method) == 0


def test_thresholds_best_band_first():
    method = m("thresholds", weight=10, higher_is_better=False, thresholds=[[0, 10], [3, 8], [6, 5]])
    assert [rules.threshold_points(Decimal(v), method) for v in (0, 2, 3, 6, 7)] == [10, 8, 8, 5, 0]


def test_rank_points_and_ties():
    method = m("rank", weight=20, min_points=Decimal(10))
    values = {"a": Decimal(5), "b": Decimal(3), "c": Decimal(3), "d": None}
    assert rules.competition_ranks(values) == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert rules.rank_points(values, method) == {"a": 20, "b": 15, "c": 15, "d": 0}  # d: 无数据


def test_no_value_scores_zero_whatever_the_floor():
    """无数据: 0 points, not the 保底 the measured regions get, in every method."""
    keep = Decimal(5)
    assert rules.linear_points(None, m(target=Decimal(100), min_points=keep)) == 0
    assert rules.linear_points(Decimal(0), m(target=Decimal(100), min_points=keep)) == keep
    bands = m("thresholds", weight=10, higher_is_better=False, thresholds=[[0, 10]], min_points=Decimal(2))
    assert rules.threshold_points(None, bands) == 0 and rules.threshold_points(Decimal(9), bands) == 2
    ranked = rules.rank_points({"a": None, "b": Decimal(1)}, m("rank", weight=20, min_points=Decimal(10)))
    assert ranked == {"a": 0, "b": 20}


def test_trimmed_mean():
    marks = [Decimal(x) for x in (90, 80, 70, 20)]
    assert rules.trimmed_mean(marks, drop_high_low=True) == Decimal(75)
    assert rules.trimmed_mean(marks, drop_high_low=False) == Decimal(65)
    assert rules.trimmed_mean(marks[:2], drop_high_low=True) == Decimal(85)  # fewer than three: none dropped


def test_periods():
    assert rules.parse_period("2024-06").previous().key == "2024-05"
    assert rules.parse_period("2024-q1").previous().key == "2023-Q4"
    assert [p.key for p in rules.parse_period("2024-Q2").months()] == ["2024-04", "2024-05", "2024-06"]
    with pytest.raises(ValueError, match="格式不对"):
        rules.parse_period("2024-13")


@given(st.lists(st.decimals(min_value=-50, max_value=200, places=1), min_size=1, max_size=12),
       st.booleans())
def test_points_stay_within_bounds_and_follow_the_order(values, high):
    data = {str(i): v for i, v in enumerate(values)}
    linear = (m(target=Decimal(100), floor=Decimal(0)) if high
              else m(target=Decimal(0), floor=Decimal(100), higher_is_better=False))
    for method in (linear, m("rank", higher_is_better=high)):
        points = rules.points_for(data, method)
        assert all(0 <= p <= 40 for p in points.values())
        for a in data:
            for b in data:
                if (data[a] > data[b]) == high and data[a] != data[b]:
                    assert points[a] >= points[b]

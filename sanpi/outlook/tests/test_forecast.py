"""The forecast's maths on hand-computed examples, plus properties that must hold for any input."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanpi.outlook.forecast import FLAT, MIN_HISTORY, Profile, backtest_errors, forecast, learn_profile, naive

Q4_HEAVY = [5, 5, 8, 8, 8, 9, 8, 8, 9, 9, 11, 12]  # sums to 100


def test_profile_learns_shares_and_share_from_a_start_month():
    profile = learn_profile([Q4_HEAVY] * 10)
    assert profile.histories == 10 and not profile.thin
    assert [round(s, 2) for s in profile.shares] == [x / 100 for x in Q4_HEAVY]
    assert profile.share(1, 10) == pytest.approx(0.77)
    assert profile.share(7, 12) == pytest.approx(1.0)
    assert profile.share(7, 9) == pytest.approx(25 / 57)


def test_seasonal_forecast_with_words_and_range():
    profile = learn_profile([Q4_HEAVY] * 9 + [[x * 1.2 if k >= 10 else x for k, x in enumerate(Q4_HEAVY)]])
    result = forecast(ytd=Decimal(7700), month=10, plan=Decimal(10000), profile=profile)
    assert result.method == "seasonal"
    # S(1, 10) = (9 × 77/100 + 77/104.6) / 10 = 0.766614; with the plan (Benktander):
    # 7700 + 0.233386 × (7700 + 0.233386 × 10000) = 10041.8
    assert result.expected == Decimal(10042)
    # the range is the expected value times the 10 % and 90 % quantiles of actual ÷ forecast in the history
    assert (result.low, result.high) == (Decimal(9998), Decimal(10044))
    assert result.words.startswith("按往年11-12月完成占全年23.3%推算（10 个项目年度），按已完成比例兼顾年度计划，"
                                   "预计全年完成 10042 万元（八成把握在 9998—10044 万元之间）")
    assert result.words.endswith("为年度计划的100.4%。")
    even = forecast(ytd=Decimal(7700), month=10, plan=None, profile=learn_profile([Q4_HEAVY] * 10))
    assert even.expected == Decimal(10000) and "11-12月完成占全年23.0%" in even.words


def test_thin_history_or_nothing_done_falls_back_to_the_plan():
    thin = learn_profile([Q4_HEAVY] * (MIN_HISTORY - 1))
    result = forecast(ytd=Decimal(3000), month=6, plan=Decimal(12000), profile=thin)
    assert (result.method, result.expected) == ("plan", Decimal(9000))  # 3000 + 12000 × 6/12
    assert result.words.startswith("往年月报不足，按年度计划推算：7-12月按计划序时推进")
    nothing = forecast(ytd=Decimal(0), month=3, plan=Decimal(1200), profile=learn_profile([Q4_HEAVY] * 10))
    assert (nothing.method, nothing.expected) == ("plan", Decimal(900))


def test_december_is_the_actual_and_naive_is_ytd_over_benchmark():
    assert forecast(ytd=Decimal(5000), month=12, plan=None, profile=FLAT).expected == Decimal(5000)
    assert naive(ytd=Decimal(4500), benchmark_pct=Decimal(75), plan=Decimal(8000)) == Decimal(6000)
    assert naive(ytd=Decimal(0), benchmark_pct=Decimal(75), plan=Decimal(8000)) == Decimal(8000)
    assert backtest_errors([(10, 12, 7), (10, 9, 10)]) == (1.5, 1.5)


@given(st.lists(st.lists(st.floats(0, 1e5), min_size=12, max_size=12), min_size=1, max_size=20),
       st.integers(1, 11), st.integers(1, 11), st.integers(1, 10**7))
def test_forecast_never_below_what_is_done_and_range_holds(histories, month, first, ytd):
    profile = learn_profile(histories)
    assert profile is FLAT or abs(sum(profile.shares) - 1) < 1e-9
    result = forecast(ytd=Decimal(ytd), month=month, plan=Decimal(10**6), profile=profile, first=first)
    assert Decimal(ytd) - 1 <= result.low <= result.expected <= result.high or result.method == "plan"
    assert result.expected >= Decimal(ytd) - 1


def test_flat_profile_equals_the_naive_extrapolation():
    flat = Profile(shares=tuple([1 / 12] * 12), histories=50)
    for month in range(1, 12):
        assert forecast(ytd=Decimal(1000 * month), month=month, plan=None, profile=flat).expected == \
            naive(ytd=Decimal(1000 * month), benchmark_pct=Decimal(month * 100) / 12, plan=None)

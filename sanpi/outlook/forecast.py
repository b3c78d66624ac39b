"""Year-end forecast of investment completion: pure maths, no database code.

The seasonal profile is learnt from earlier years' monthly reports: the share of a year's investment
done in each month (projects active all year, each project-year weighing the same). A project at
month m with 1–m月 completion Y, active since month f, is expected to finish the year at

    Y ÷ S(f, m),  S(f, m) = (w_f + … + w_m) ÷ (w_f + … + w_12),

when it has no plan. With an annual plan P the remaining part is credibility-weighted between that
extrapolation and the plan (the Benktander method of actuarial reserving): the further into the
year, the more the project's own pace counts,

    Y + (1 − S) × (S × Y ÷ S + (1 − S) × P) = Y + (1 − S) × (Y + (1 − S) × P).

On the demo's history this halves the pure extrapolation's error in the first months (a slow
January says little about the year), and the backtest test keeps it below the naive baseline.

The range is that times the 10 % and 90 % quantiles of actual ÷ forecast seen at the same month
in earlier years. Where the history is thin (fewer than MIN_HISTORY project-years) or nothing has
been completed yet, the remaining months follow the annual plan instead. The naive baseline is the
序时 extrapolation Y ÷ 序时进度, which assumes every month weighs the same.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_HISTORY = 8
MIN_SHARE = 0.02  # a share done below this says too little about the year: the plan decides
LOW_Q, HIGH_Q = 0.1, 0.9


@dataclass(frozen=True)
class Profile:
    shares: tuple[float, ...]  # month 1..12, summing to 1
    histories: int  # project-years it was learnt from
    spread: tuple[tuple[float, float], ...] = ()  # month 1..12: (low, high) of actual ÷ forecast

    @property
    def thin(self) -> bool:
        return self.histories < MIN_HISTORY

    def share(self, first: int, month: int) -> float:
        """S(first, month): the part of the year's investment from `first` done by the end of `month`."""
        whole = sum(self.shares[first - 1:])
        return sum(self.shares[first - 1:month]) / whole if whole > 0 else (month - first + 1) / (13 - first)


FLAT = Profile(shares=tuple([1 / 12] * 12), histories=0)


@dataclass(frozen=True)
class Forecast:
    expected: Decimal  # 万元
    low: Decimal
    high: Decimal
    method: str  # "seasonal" | "plan"
    words: str


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 1.0
    position = (len(ordered) - 1) * q
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def learn_profile(histories: Sequence[Sequence[float]]) -> Profile:
    """A profile from full years of monthly amounts (12 each, January to December, total > 0)."""
    usable = [h for h in histories if len(h) == 12 and sum(h) > 0 and min(h) >= 0]
    if not usable:
        return FLAT
    shares = [sum(h[k] / sum(h) for h in usable) / len(usable) for k in range(12)]
    profile = Profile(shares=tuple(shares), histories=len(usable))
    spread = []
    for month in range(1, 13):
        ratios = []
        for h in usable:
            done, share = sum(h[:month]), profile.share(1, month)
            if done > sum(h) * MIN_SHARE and share >= MIN_SHARE:  # as forecast() would use it
                ratios.append(sum(h) / (done / share))
        spread.append((_quantile(ratios, LOW_Q), _quantile(ratios, HIGH_Q)))
    return Profile(shares=profile.shares, histories=profile.histories, spread=tuple(spread))


def _wan(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _pct(value: float) -> str:
    return f"{Decimal(str(value * 100)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _months(first: int, last: int) -> str:
    return f"{first}月" if first == last else f"{first}-{last}月"


def forecast(*, ytd: Decimal, month: int, plan: Decimal | None, profile: Profile, first: int = 1) -> Forecast:
    """Expected year-end completion (万元) after `month` with 1–month completion `ytd`, active since `first`."""
    if not 1 <= month <= 12:
        raise ValueError("月份应在 1 到 12 之间")
    first = min(max(first, 1), month)
    done = float(ytd)
    if month == 12:
        value = _wan(done)
        return Forecast(value, value, value, "seasonal", f"全年已报，完成 {value} 万元。")
    share = profile.share(first, month)
    if profile.thin or done <= 0 or share < MIN_SHARE:
        remaining = float(plan or 0) * (12 - month) / (13 - first)
        value = _wan(done + remaining)
        why = ("往年月报不足，" if profile.thin else "本年尚无完成投资，" if done <= 0
               else f"往年1-{month}月完成不足全年的{_pct(MIN_SHARE)}，")
        return Forecast(value, _wan(done), _wan(max(done + remaining, float(plan or 0))), "plan",
                        f"{why}按年度计划推算：{_months(month + 1, 12)}按计划序时推进，预计全年完成 {value} 万元。")
    expected = done / share
    if plan:
        expected = done + (1 - share) * (done + (1 - share) * float(plan))
    low_ratio, high_ratio = profile.spread[month - 1] if profile.spread else (1.0, 1.0)
    low = min(expected, max(done, expected * low_ratio))
    high = max(expected, done, expected * high_ratio)
    words = (f"按往年{_months(month + 1, 12)}完成占{'全年' if first == 1 else f'{first}月起全年'}"
             f"{_pct(1 - share)}推算（{profile.histories} 个项目年度）"
             f"{'，按已完成比例兼顾年度计划' if plan else ''}，预计全年完成 {_wan(expected)} 万元"
             f"（八成把握在 {_wan(low)}—{_wan(high)} 万元之间）")
    if plan:
        words += f"，为年度计划的{_pct(expected / float(plan))}"
    return Forecast(_wan(expected), _wan(low), _wan(high), "seasonal", words + "。")


def naive(*, ytd: Decimal, benchmark_pct: Decimal, plan: Decimal | None) -> Decimal:
    """序时 extrapolation: 1–m月 completion ÷ 序时进度; the plan when nothing is done or no benchmark."""
    if ytd <= 0 or benchmark_pct <= 0:
        return _wan(float(plan or 0))
    return _wan(float(ytd) * 100 / float(benchmark_pct))


def backtest_errors(cases: Sequence[tuple[float, float, float]]) -> tuple[float, float]:
    """MAE (万元) of the forecast and of the naive baseline over (actual, forecast, naive) cases."""
    if not cases:
        return 0.0, 0.0
    n = len(cases)
    return (sum(abs(a - f) for a, f, _ in cases) / n, sum(abs(a - b) for a, _, b in cases) / n)

"""Start-date risk of signed projects: a Kaplan–Meier estimate of the lead time from the 签约 list to
开工, learnt from earlier cohorts. Pure maths, no database code.

A cohort member is (days, started): days from its list's date to 开工 when it started, or to today
(or to its termination) when it has not — a censored observation, which is what makes this a
survival estimate rather than an average of the lucky ones that already started.
"""

from collections.abc import Sequence
from dataclasses import dataclass

MIN_COHORT = 20


@dataclass(frozen=True)
class Curve:
    """S(t): the share still not started t days after the list, as steps (t, S) after each event."""

    steps: tuple[tuple[int, float], ...]
    members: int
    started: int

    def survival(self, days: int) -> float:
        value = 1.0
        for t, s in self.steps:
            if t > days:
                break
            value = s
        return value


def kaplan_meier(observations: Sequence[tuple[int, bool]]) -> Curve:
    """The product-limit estimate from (days, started) pairs; days below 0 count as 0."""
    data = sorted((max(d, 0), started) for d, started in observations)
    at_risk, value, steps, i = len(data), 1.0, [], 0
    while i < len(data):
        t = data[i][0]
        events = censored = 0
        while i < len(data) and data[i][0] == t:
            events += data[i][1]
            censored += not data[i][1]
            i += 1
        if events and at_risk:
            value *= 1 - events / at_risk
            steps.append((t, value))
        at_risk -= events + censored
    return Curve(tuple(steps), len(data), sum(1 for _, s in data if s))


@dataclass(frozen=True)
class Risk:
    probability: float  # of starting by the window's end, given not started by `elapsed`
    expected_days: int | None  # conditional median lead time from the list; None when beyond the data
    level: str  # "低" | "中" | "高"


def start_risk(curve: Curve, *, elapsed: int, window: int) -> Risk:
    """For a project not started `elapsed` days after its list: P(start by day `window`) and the day by
    which half of such projects had started."""
    alive = curve.survival(elapsed)
    probability = 0.0 if alive <= 0 else max(0.0, (alive - curve.survival(max(window, elapsed))) / alive)
    target = alive / 2 + 1e-12  # the products of the steps land a rounding error above an exact half
    expected = next((t for t, s in curve.steps if t >= elapsed and s <= target), None)
    level = "低" if probability >= 0.7 else ("中" if probability >= 0.4 else "高")
    return Risk(probability, expected, level)


def pick(curves: dict[tuple, Curve], keys: Sequence[tuple]) -> tuple[tuple, Curve] | None:
    """The first of `keys` (most specific first) whose cohort is large enough."""
    for key in keys:
        curve = curves.get(key)
        if curve is not None and curve.members >= MIN_COHORT:
            return key, curve
    return None

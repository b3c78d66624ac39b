"""Pure scoring rules: points of an indicator value, competition ranks, trimmed means, period keys.
No database access; Decimal throughout, points rounded to two decimals (half up).

无数据 (the minimum-points rule): a region with no value for an indicator (no rows behind the figure:
no approved report with a plan, no light evaluated, no task set, no project visited) gets 0 points
for it, whatever the method's floor or 保底 (min_points): 保底 is for regions that were measured.
It is neither dropped from its group (it is ranked on its total like the others) nor given the
group's average, and it takes no place in a rank-based indicator's order (the measured regions
are spread from full points to 保底 among themselves). The cell is marked 无数据."""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")
ZERO = Decimal(0)
NO_DATA_POINTS = Decimal("0.00")  # see the module docstring: no value, no points, marked 无数据
NO_DATA = "无数据"


def q2(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Method:
    """How one indicator turns values into points (mirror of a SchemeIndicator row)."""

    kind: str  # linear | rank | thresholds
    weight: Decimal
    higher_is_better: bool = True
    target: Decimal | None = None  # linear: the value worth full points
    floor: Decimal | None = None  # linear: the value worth no points (default 0)
    thresholds: Sequence[Sequence] = ()  # [[value, points], …]
    cap_points: Decimal | None = None  # at most this (default: the weight)
    min_points: Decimal | None = None  # at least this (default 0); rank: what the last one gets


def clamp(points: Decimal, method: Method) -> Decimal:
    high = method.cap_points if method.cap_points is not None else method.weight
    low = method.min_points if method.min_points is not None else ZERO
    return q2(min(max(points, low), high))


def linear_points(value: Decimal | None, method: Method) -> Decimal:
    """Floor → 0, target → full weight, straight line between (and beyond, up to the cap). Works both
    ways: for a lower-is-better figure the floor lies above the target. No value → 0 (无数据)."""
    if value is None or method.target is None:
        return NO_DATA_POINTS
    floor = method.floor if method.floor is not None else ZERO
    if method.target == floor:
        return clamp(method.weight if _better_or_equal(value, method.target, method) else ZERO, method)
    return clamp(method.weight * (value - floor) / (method.target - floor), method)


def _better_or_equal(value: Decimal, bound: Decimal, method: Method) -> bool:
    return value >= bound if method.higher_is_better else value <= bound


def threshold_points(value: Decimal | None, method: Method) -> Decimal:
    """The points of the first band the value reaches, bands tried from the best; none reached → the
    minimum; no value → 0 (无数据)."""
    if value is None:
        return NO_DATA_POINTS
    bands = sorted(((Decimal(str(v)), Decimal(str(p))) for v, p in method.thresholds),
                   key=lambda band: band[0], reverse=method.higher_is_better)
    for bound, points in bands:
        if _better_or_equal(value, bound, method):
            return clamp(points, method)
    return clamp(ZERO, method)


def competition_ranks(values: Mapping[str, Decimal | None], *, higher_is_better: bool = True) -> dict[str, int]:
    """1, 2, 2, 4 ranking ("1224"): equal values share a rank; missing values rank last together."""
    present = [v for v in values.values() if v is not None]
    ordered = sorted(present, reverse=higher_is_better)
    ranks = {}
    for key, value in values.items():
        if value is None:
            ranks[key] = len(present) + 1
        else:
            ranks[key] = 1 + sum(1 for other in ordered if (other > value if higher_is_better else other < value))
    return ranks


def rank_points(values: Mapping[str, Decimal | None], method: Method) -> dict[str, Decimal]:
    """First → full weight, last → min_points (default 0), evenly spaced by rank among the regions with
    a value; a region without one gets 0 (无数据)."""
    ranks = competition_ranks(values, higher_is_better=method.higher_is_better)
    n = sum(1 for v in values.values() if v is not None)
    low = method.min_points if method.min_points is not None else ZERO
    result = {}
    for key, value in values.items():
        if value is None:
            result[key] = NO_DATA_POINTS
        elif n == 1:
            result[key] = clamp(method.weight, method)
        else:
            result[key] = clamp(method.weight - (method.weight - low) * (ranks[key] - 1) / (n - 1), method)
    return result


def points_for(values: Mapping[str, Decimal | None], method: Method) -> dict[str, Decimal]:
    """Points of every region of one group for one indicator."""
    if method.kind == "rank":
        return rank_points(values, method)
    if method.kind == "thresholds":
        return {key: threshold_points(v, method) for key, v in values.items()}
    return {key: linear_points(v, method) for key, v in values.items()}


def trimmed_mean(marks: Iterable[Decimal], *, drop_high_low: bool) -> Decimal | None:
    """Mean of the marks; with drop_high_low and at least three marks, one highest and one lowest out."""
    marks = sorted(marks)
    if drop_high_low and len(marks) >= 3:
        marks = marks[1:-1]
    if not marks:
        return None
    return q2(sum(marks, ZERO) / len(marks))


def rate(part: Decimal | int | None, whole: Decimal | int | None) -> Decimal | None:
    """part ÷ whole in percent, one decimal as bulletins print; None without a denominator."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------- periods

PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-4])))?$")


@dataclass(frozen=True)
class Period:
    """A scoring period: a month (2024-06), a quarter (2024-Q2) or a year (2024)."""

    year: int
    kind: str  # month | quarter | year
    number: int  # month 1–12, quarter 1–4, 0 for a year

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return str(self.year)

    @property
    def last_month(self) -> int:
        """The last month the period covers (figures are cumulative to its end)."""
        return {"month": self.number, "quarter": self.number * 3, "year": 12}[self.kind]

    @property
    def first_month(self) -> int:
        return {"month": self.number, "quarter": self.number * 3 - 2, "year": 1}[self.kind]

    @property
    def quarter(self) -> int:
        return (self.last_month - 1) // 3 + 1

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        if self.kind == "quarter":
            return f"{self.year}年第{'一二三四'[self.number - 1]}季度"
        return f"{self.year}年度"

    def previous(self) -> "Period":
        if self.kind == "year":
            return Period(self.year - 1, "year", 0)
        last = 12 if self.kind == "month" else 4
        if self.number == 1:
            return Period(self.year - 1, self.kind, last)
        return Period(self.year, self.kind, self.number - 1)

    def months(self) -> list["Period"]:
        return [Period(self.year, "month", m) for m in range(self.first_month, self.last_month + 1)]


def parse_period(text: str) -> Period:
    """'2024-06' | '2024-Q2' | '2024' → Period; ValueError with a Chinese message otherwise."""
    match = PERIOD.match((text or "").strip().upper())
    if not match:
        raise ValueError(f"考评期“{text}”格式不对：应为 2024-06（月）、2024-Q2（季度）或 2024（年度）。")
    year = int(match["year"])
    if match["month"]:
        return Period(year, "month", int(match["month"]))
    if match["quarter"]:
        return Period(year, "quarter", int(match["quarter"]))
    return Period(year, "year", 0)

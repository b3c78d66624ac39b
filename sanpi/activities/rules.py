"""Rules of the 三个一批 lists, with no database code: which stage fits which list, entry thresholds,
size buckets, and the Chinese numerals a bulletin writes period numbers in."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from sanpi.core.money import format_yi
from sanpi.projects.lifecycle import Stage

SIGNED, STARTED, PRODUCING = "signed", "started", "producing"
BATCHES = (SIGNED, STARTED, PRODUCING)
BATCH_LABELS = {SIGNED: "签约", STARTED: "开工", PRODUCING: "投产"}

# The project's current stage must be one of these to be declared on the list.
BATCH_STAGES: dict[str, frozenset[Stage]] = {
    SIGNED: frozenset({Stage.SIGNED}),
    STARTED: frozenset({Stage.STARTED}),
    PRODUCING: frozenset({Stage.PRODUCING, Stage.CAPACITY}),
}

# Entry thresholds in 万元 by sector category code ("in principle", city rules; configurable per
# region and year through EntryThreshold rows). Categories not named use DEFAULT_MINIMUM_WAN.
DEFAULT_THRESHOLDS_WAN: dict[str, Decimal] = {
    "manufacturing": Decimal(30000),  # 先进制造业 ≥ 3亿
    "attraction": Decimal(10000),  # 招商引资项目 ≥ 1亿
    "emerging": Decimal(10000),  # 战略性新兴产业 ≥ 1亿
    "infrastructure": Decimal(100000),  # 重大基础设施 ≥ 10亿
    "services": Decimal(50000),  # 现代服务业 ≥ 5亿
    "social": Decimal(20000),  # 社会民生 ≥ 2亿
}
DEFAULT_MINIMUM_WAN = Decimal(10000)  # some cities use ≥ 1亿 for everything (verify per city)

# Size buckets (万元). "以上" buckets are cumulative, as releases count them; 开工 adds ranges.
SIZE_AT_LEAST = (("10亿元以上", Decimal(100000)), ("50亿元以上", Decimal(500000)), ("100亿元以上", Decimal(1000000)))
STARTED_RANGES = (
    ("30亿—50亿元", Decimal(300000), Decimal(500000)),
    ("50亿—100亿元", Decimal(500000), Decimal(1000000)),
    ("100亿元以上", Decimal(1000000), None),
)


def batch_stages(batch: str, *, completed_allowed: bool = True) -> frozenset[Stage]:
    """The stages a list takes; 投产一批 also takes 竣工 (建成投用) projects when the period allows it."""
    stages = BATCH_STAGES[batch]
    return stages | {Stage.COMPLETED} if batch == PRODUCING and completed_allowed else stages


def stage_fits(batch: str, stage: str, *, completed_allowed: bool = True) -> bool:
    return Stage(stage) in batch_stages(batch, completed_allowed=completed_allowed)


def stage_misfit_message(batch: str, stage: str, *, completed_allowed: bool = True) -> str:
    allowed = "、".join(s.label for s in Stage if s in batch_stages(batch, completed_allowed=completed_allowed))
    extra = "；本期设定竣工项目不列入投产一批" if batch == PRODUCING and not completed_allowed else ""
    return (f"项目当前阶段为“{Stage(stage).label}”，不能列入“{BATCH_LABELS[batch]}一批”"
            f"（须为：{allowed}{extra}）。")


def entry_event(batch: str, dates: dict[str, dt.date | None]) -> tuple[str, dt.date | None]:
    """The event an entry of `batch` stands for and its date, from the project's stage dates
    (signed_on, started_on, produced_on, completed_on): 签约, 开工, 投产 — or 竣工 for a project
    completed without 投产."""
    if batch == SIGNED:
        return "签约", dates.get("signed_on")
    if batch == STARTED:
        return "开工", dates.get("started_on")
    if dates.get("produced_on") is None and dates.get("completed_on") is not None:
        return "竣工", dates["completed_on"]
    return "投产", dates.get("produced_on")


def entry_window(*, held_on: dt.date, previous_held_on: dt.date | None, start: dt.date | None = None,
                 end: dt.date | None = None) -> tuple[dt.date | None, dt.date]:
    """The window (inclusive) a period's entries' events must fall in: the period's own setting where
    given, else from the day after the previous period (no lower bound for the first) to its date."""
    if start is None and previous_held_on is not None:
        start = previous_held_on + dt.timedelta(days=1)
    return start, end or held_on


def window_miss(batch: str, dates: dict[str, dt.date | None],
                window: tuple[dt.date | None, dt.date]) -> str | None:
    """Why an entry's event is outside the period's window (the office may still list it with a
    reason), or None when it falls inside."""
    event, on = entry_event(batch, dates)
    start, end = window
    span = f"{start:%Y-%m-%d}至{end:%Y-%m-%d}" if start else f"{end:%Y-%m-%d}以前"
    if on is None:
        return f"项目没有{event}日期，无法核对本期时间窗口（{span}）；如确需列入，请填写理由。"
    if (start is not None and on < start) or on > end:
        return (f"项目{event}日期{on:%Y-%m-%d}不在本期“{BATCH_LABELS[batch]}一批”的时间窗口（{span}）内；"
                "如确需列入，请填写理由。")
    return None


def threshold_shortfall(total_wan: Decimal | None, minimum_wan: Decimal, sector_name: str) -> str | None:
    """A warning when 总投资 is under the threshold (the office may override it with a reason)."""
    if total_wan is None:
        return "项目未填写总投资，无法核对列入门槛；如确需列入，请填写理由。"
    if total_wan < minimum_wan:
        return (f"总投资{format_yi(total_wan)}低于{sector_name}项目列入门槛{format_yi(minimum_wan)}；"
                "如确需列入，请填写理由。")
    return None


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 11 → 十一, 20 → 二十, 105 → 一百零五 (period numbers in bulletin titles)."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else
                                     ("一" + chinese_number(rest) if rest < 20 else chinese_number(rest)))
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


def median(values: list[int]) -> Decimal | None:
    """The median of whole numbers (days), as a Decimal (x.5 when the count is even)."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[mid])
    return (Decimal(ordered[mid - 1]) + Decimal(ordered[mid])) / 2


def rate_pct(part: int, whole: int) -> str | None:
    """part / whole as a percentage string with 2 decimals ('65.23'), None when whole is 0."""
    if not whole:
        return None
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

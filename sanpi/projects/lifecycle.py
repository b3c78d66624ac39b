"""Stage rules of a project's life, with no database code: what may follow what, and when.

Main line: 谋划 → 在谈 → 签约 → 开工 → 投产 → 达产; besides it 竣工 (works completed, for projects
that do not "produce"), 停缓建 (suspended, resumes to the stage it left) and 终止 (final).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models.enums import TextChoices


class Stage(TextChoices):
    PLANNED = "planned", "谋划"
    NEGOTIATING = "negotiating", "在谈"
    SIGNED = "signed", "签约"
    STARTED = "started", "开工"  # main works begun (pile-driving), not site levelling
    PRODUCING = "producing", "投产"
    CAPACITY = "capacity", "达产"
    COMPLETED = "completed", "竣工"
    SUSPENDED = "suspended", "停缓建"
    TERMINATED = "terminated", "终止"


MAIN_LINE = [Stage.PLANNED, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING, Stage.CAPACITY]

# What may follow each stage. Skipping 在谈 is normal (government projects have no talks);
# nothing reaches 投产 or 竣工 without 开工.
ALLOWED_NEXT: dict[Stage, frozenset[Stage]] = {
    Stage.PLANNED: frozenset({Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.TERMINATED}),
    Stage.NEGOTIATING: frozenset({Stage.SIGNED, Stage.PLANNED, Stage.TERMINATED}),
    Stage.SIGNED: frozenset({Stage.STARTED, Stage.SUSPENDED, Stage.TERMINATED}),
    Stage.STARTED: frozenset({Stage.PRODUCING, Stage.COMPLETED, Stage.SUSPENDED, Stage.TERMINATED}),
    Stage.COMPLETED: frozenset({Stage.PRODUCING, Stage.TERMINATED}),
    Stage.PRODUCING: frozenset({Stage.CAPACITY, Stage.COMPLETED, Stage.SUSPENDED, Stage.TERMINATED}),
    Stage.CAPACITY: frozenset(),
    Stage.SUSPENDED: frozenset({Stage.TERMINATED}),  # plus the stage it was suspended from
    Stage.TERMINATED: frozenset(),
}

# A project may enter the ledger at any point of its life (offices import running projects).
INITIAL = frozenset({Stage.PLANNED, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING,
                     Stage.CAPACITY, Stage.COMPLETED})

# Stages that stamp a dated field of the project (first time reached).
DATE_FIELD = {
    Stage.SIGNED: "signed_on",
    Stage.STARTED: "started_on",
    Stage.COMPLETED: "completed_on",
    Stage.PRODUCING: "produced_on",
    Stage.CAPACITY: "capacity_on",
}


@dataclass(frozen=True)
class Event:
    stage: Stage
    on: date


class StageRuleError(ValueError):
    """A stage change the rules refuse; `field` names the input at fault."""

    def __init__(self, message: str, field: str = "stage"):
        super().__init__(message)
        self.message = message
        self.field = field


def label(stage: str) -> str:
    return Stage(stage).label


def current_stage(events: list[Event]) -> Stage | None:
    """The stage of the latest event (events in chronological order, corrections applied)."""
    return events[-1].stage if events else None


def allowed_next(events: list[Event]) -> frozenset[Stage]:
    if not events:
        return INITIAL
    current = events[-1].stage
    allowed = set(ALLOWED_NEXT[current])
    if current == Stage.SUSPENDED:
        resumed = next((e.stage for e in reversed(events) if e.stage != Stage.SUSPENDED), None)
        if resumed is not None:
            allowed.add(resumed)
    return frozenset(allowed)


def check_advance(events: list[Event], stage: Stage, on: date, *, today: date) -> None:
    """Raise StageRuleError unless `stage` on `on` may follow `events`."""
    stage = Stage(stage)
    if on > today:
        raise StageRuleError(f"发生日期 {on:%Y-%m-%d} 晚于今天，不能记录尚未发生的阶段。", "occurred_on")
    allowed = allowed_next(events)
    if stage not in allowed:
        current = events[-1].stage.label if events else "（无）"
        options = "、".join(s.label for s in Stage if s in allowed) or "无（已是最终阶段）"
        raise StageRuleError(f"当前阶段为“{current}”，不能变更为“{stage.label}”；可选：{options}。")
    if events and on < events[-1].on:
        raise StageRuleError(
            f"日期不能倒退：{stage.label}日期 {on:%Y-%m-%d} 早于上一阶段"
            f"“{events[-1].stage.label}”的日期 {events[-1].on:%Y-%m-%d}。",
            "occurred_on",
        )


def check_correction(events: list[Event], index: int, stage: Stage, on: date, reason: str, *, today: date) -> None:
    """A correction replaces events[index]; the corrected sequence must still obey the rules."""
    if not reason or not reason.strip():
        raise StageRuleError("更正阶段记录必须填写更正原因。", "reason")
    if not 0 <= index < len(events):
        raise StageRuleError("要更正的阶段记录不存在。")
    corrected = [*events[:index], Event(Stage(stage), on), *events[index + 1 :]]
    check_sequence(corrected, today=today)


def check_sequence(events: list[Event], *, today: date) -> None:
    """Every event must be allowed after the ones before it."""
    for i, event in enumerate(events):
        check_advance(events[:i], event.stage, event.on, today=today)


def stage_dates(events: list[Event]) -> dict[str, date | None]:
    """The project's dated fields (signed_on, started_on …): first time each stage was reached."""
    dates: dict[str, date | None] = {name: None for name in DATE_FIELD.values()}
    for event in events:
        field = DATE_FIELD.get(event.stage)
        if field and dates[field] is None:
            dates[field] = event.on
    return dates

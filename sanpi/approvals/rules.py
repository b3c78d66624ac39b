"""Pure rules of 前期手续: which items are overdue, the 办结率, and the "前期手续滞后" light.

No database code: `lights.py` and the selectors feed plain values.
"""

import datetime as dt
from dataclasses import dataclass

from sanpi.progress import rules as progress_rules
from sanpi.progress.rules import GREEN, RED, YELLOW, Rule, Verdict

OPEN = ("not_started", "in_progress")
DONE = "done"
NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class ItemFacts:
    name: str
    status: str
    required: bool
    planned_on: dt.date | None
    done_on: dt.date | None
    blocks_start: bool


def counts(item: ItemFacts) -> bool:
    """An item counts in the 办结率 when it must be done (required, and not 不涉及)."""
    return item.required and item.status != NOT_APPLICABLE


def done_by(item: ItemFacts, day: dt.date) -> bool:
    return counts(item) and item.status == DONE and item.done_on is not None and item.done_on <= day


def days_overdue(item: ItemFacts, day: dt.date) -> int:
    """Days past the planned date without 办结 at `day` (0 when not overdue)."""
    if not counts(item) or item.planned_on is None or done_by(item, day) or item.planned_on >= day:
        return 0
    return (day - item.planned_on).days


def check_item(*, status: str, required: bool, planned_on: dt.date | None, done_on: dt.date | None,
               today: dt.date) -> dict[str, list[str]]:
    """Errors by field (Chinese) for one item's values; empty when consistent."""
    errors: dict[str, list[str]] = {}
    if status == DONE and done_on is None:
        errors["done_on"] = ["状态为“已办结”时须填写实际办结日期。"]
    if done_on is not None and status != DONE:
        errors["status"] = ["填写了实际办结日期，状态应为“已办结”。"]
    if done_on is not None and done_on > today:
        errors["done_on"] = [f"实际办结日期 {done_on:%Y-%m-%d} 不能晚于今天。"]
    if not required and status == "in_progress":
        errors["required"] = ["标为无需办理的手续不能处于“办理中”。"]
    return errors


def judge_approvals(rule: Rule, *, items: list[ItemFacts], planned_start: dt.date | None,
                    started_on: dt.date | None, month_end: dt.date) -> Verdict | None:
    """前期手续滞后. Yellow: a required item past its planned date (≥ yellow days); red: overdue more
    than `red` days, or a 开工前置 item not done when the planned start has come (project not started).
    None when the project has no items to judge."""
    judged = [i for i in items if counts(i)]
    if not judged:
        return None
    done = sum(1 for i in judged if done_by(i, month_end))
    rate = f"办结 {done}/{len(judged)} 项"
    figures = {"done": done, "required": len(judged)}
    if started_on is None and planned_start is not None and planned_start <= month_end:
        blocking = [i.name for i in judged if i.blocks_start and not done_by(i, month_end)]
        if blocking:
            text = (f"计划 {planned_start:%Y-%m-%d} 开工，{'、'.join(blocking)}尚未办结，影响开工（{rate}）")
            return progress_rules._verdict(RED, text, **figures, blocking=blocking, planned_start=planned_start)
    late = sorted(((days_overdue(i, month_end), i) for i in judged), key=lambda pair: -pair[0])
    late = [(days, i) for days, i in late if days > 0]
    if not late:
        return progress_rules._verdict(GREEN, f"前期手续{rate}，无逾期事项", **figures)
    days, worst = late[0]
    names = "、".join(i.name for _, i in late[:3]) + ("等" if len(late) > 3 else "")
    text = (f"{names}共 {len(late)} 项手续超过计划办结日期未办结，最久为{worst.name}（计划 {worst.planned_on:%Y-%m-%d}，"
            f"逾期 {days} 天；{rate}）")
    figures.update(overdue=len(late), days_overdue=days, item=worst.name, planned_on=worst.planned_on)
    if days > rule.red:
        return progress_rules._verdict(RED, text, **figures)
    if days >= rule.yellow:
        return progress_rules._verdict(YELLOW, text, **figures)
    return progress_rules._verdict(GREEN, text, **figures)


@dataclass(frozen=True)
class KindRow:
    id: int
    code: str
    applies_to: str
    region_path: str | None
    year: int | None
    active: bool
    sort: int


def pick_catalogue(rows: list[KindRow], *, region_path: str, year: int, category: str) -> list[KindRow]:
    """The catalogue for a project: per code, the row of the deepest region containing the project
    (a default row has none), and among those the latest year not after `year`; kept when active and
    applying to the project's 管理类别."""
    best: dict[str, KindRow] = {}
    for row in rows:
        if row.region_path is not None and not region_path.startswith(row.region_path):
            continue
        if row.year is not None and row.year > year:
            continue
        key = (len(row.region_path or ""), row.year or 0)
        current = best.get(row.code)
        if current is None or key > (len(current.region_path or ""), current.year or 0):
            best[row.code] = row
    return sorted((r for r in best.values() if r.active and r.applies_to in ("all", category)),
                  key=lambda r: (r.sort, r.code))

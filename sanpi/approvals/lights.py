"""The "前期手续滞后" dimension of the monthly lights: figures for every project in one query."""

import datetime as dt
from collections import defaultdict

from sanpi.progress.rules import Rule, Verdict

from . import rules
from .models import ApprovalItem


def load(*, project_ids, **_) -> dict[int, list[rules.ItemFacts]]:
    """{project id: its items} for the projects in `project_ids` (a queryset or list of ids)."""
    found: dict[int, list[rules.ItemFacts]] = defaultdict(list)
    for pid, name, status, required, planned, done, blocks in ApprovalItem.objects.filter(
            project_id__in=project_ids).values_list("project_id", "kind__name", "status", "required", "planned_on",
                                                    "done_on", "kind__blocks_start").order_by("kind__sort"):
        found[pid].append(rules.ItemFacts(name, status, required, planned, done, blocks))
    return found


def judge(rule: Rule, items: list[rules.ItemFacts] | None, row: dict, ends: dt.date) -> Verdict | None:
    if not items:
        return None
    return rules.judge_approvals(rule, items=items, planned_start=row["planned_start"], started_on=row["started_on"],
                                 month_end=ends)


def memo_key(items: list[rules.ItemFacts] | None, row: dict):
    """Everything `judge` reads (the month end aside): projects with equal keys get one verdict."""
    if not items:
        return None
    return tuple(items), row["planned_start"], row["started_on"]

"""Light dimensions computed by other apps (前期手续, 资金): evaluation.py loads their figures once per
run and asks them for a verdict, so each app keeps its own queries and rules."""

import datetime as dt

from sanpi.approvals import lights as approval_lights
from sanpi.funding import lights as funding_lights

from . import rules

MODULES = {"approval_overdue": approval_lights, "funds_lag": funding_lights}


def load(*, year: int, month: int, project_ids) -> dict[str, dict]:
    """{dimension: {project id: figures}} for the projects evaluated (a list or a subquery of ids)."""
    return {dim: module.load(year=year, month=month, project_ids=project_ids) for dim, module in MODULES.items()}


def judge(rule: rules.Rule, row: dict, loaded: dict[str, dict], ends: dt.date) -> rules.Verdict | None:
    module = MODULES.get(rule.dimension)
    if module is None:
        return None
    return module.judge(rule, loaded[rule.dimension].get(row["id"]), row, ends)


def memo_key(rule: rules.Rule, row: dict, loaded: dict[str, dict]):
    """What decides the dimension's verdict for `row`'s project besides the run's month: projects
    with an equal key share one verdict (see evaluation._memo_key)."""
    module = MODULES.get(rule.dimension)
    if module is None:
        return None
    return module.memo_key(loaded[rule.dimension].get(row["id"]), row)

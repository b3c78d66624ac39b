"""The "资金支付滞后" dimension of the monthly lights: every project's supervised lines in one query."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Min, Q, Sum

from sanpi.progress.rules import Rule, Verdict

from . import rules
from .models import SUPERVISED, FundingLine


def line_label(source_label: str, batch: str) -> str:
    return f"{source_label}（{batch}）" if batch else source_label


def load(*, year: int, month: int, project_ids, **_) -> dict[int, list[rules.LineFacts]]:
    """{project id: its supervised lines of `year`, cumulative to `month`}."""
    labels = dict(FundingLine._meta.get_field("source").choices)
    upto = Q(months__month__lte=month)
    found: dict[int, list[rules.LineFacts]] = defaultdict(list)
    rows = (FundingLine.objects.filter(project_id__in=project_ids, year=year, source__in=SUPERVISED)
            .values("project_id", "source", "bond_batch", "bond_issued_on", "allocated_wan")
            .annotate(arrived=Sum("months__arrived_wan", filter=upto), paid=Sum("months__paid_wan", filter=upto),
                      first=Min("months__arrived_on", filter=upto & Q(months__arrived_wan__gt=0))))
    for r in rows:
        found[r["project_id"]].append(rules.LineFacts(
            line_label(labels[r["source"]], r["bond_batch"]), r["allocated_wan"], r["arrived"] or Decimal(0),
            r["paid"] or Decimal(0), r["first"] or r["bond_issued_on"]))
    return found


def judge(rule: Rule, lines: list[rules.LineFacts] | None, row: dict, ends: dt.date) -> Verdict | None:
    if not lines:
        return None
    return rules.judge_funds(rule, lines=lines, month_end=ends)


def memo_key(lines: list[rules.LineFacts] | None, row: dict):
    """Everything `judge` reads (the month end aside): projects with equal keys get one verdict."""
    return tuple(lines) if lines else None

"""Reads for the 开工一批 preparation: the signed projects of earlier 签约 lists that are not on any
开工一批 yet, each either started within the period's window (ready to list) or with 预计开工 and the
chance of starting by the window's end, from the same cohorts as the period's start risk (starts.py)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from sanpi.accounts.access import scope_projects
from sanpi.activities.models import ListEntry, Period
from sanpi.activities.services import period_window
from sanpi.projects.lifecycle import Stage

from .starts import FIELDS, QUARTER, choose, cohort_label, cohorts, region_names
from .survival import Risk, start_risk


@dataclass
class Candidate:
    project_id: int
    name: str
    region: str
    signed_period: int
    listed_on: dt.date
    total_investment_wan: object
    started_on: dt.date | None
    ready: bool  # started within the window by the estimate's date: may be listed now
    risk: Risk | None
    expected_on: dt.date | None
    cohort: str
    cohort_label: str
    cohort_size: int


def _as_of(window: tuple[dt.date, dt.date], today: dt.date) -> tuple[dt.date, bool]:
    """The estimate's date: today while the window is open; once it has passed, its first day (what the
    office would have seen when preparing), shown beside what happened."""
    return (today, False) if today <= window[1] else (window[0], True)


def started_candidates(*, user, period: Period, today: dt.date) -> dict:
    """Candidates, ready ones first, then by chance of starting (highest first). Three queries and the
    window's two."""
    start, end = period_window(period=period)
    window = (start or end - dt.timedelta(days=QUARTER), end)
    as_of, past = _as_of(window, today)
    members, curves = cohorts(user=user, before=period.held_on, cutoff=as_of)
    on_started_list = ListEntry.objects.filter(project=OuterRef("project"), batch=ListEntry.Batch.STARTED)
    signed = (scope_projects(ListEntry.objects.filter(batch=ListEntry.Batch.SIGNED, period__held_on__lt=period.held_on),
                             user, region_field="project__region")
              .exclude(Exists(on_started_list))
              .values(*FIELDS).order_by("project_id", "-period__held_on", "-id"))
    rows, seen = [], set()
    for row in signed:
        if row["project_id"] in seen:  # signed on several lists: the latest counts
            continue
        seen.add(row["project_id"])
        started = row["project__started_on"]
        terminated = row["project__stage"] == Stage.TERMINATED and row["project__stage_date"]
        if (started and started < window[0]) or (not started and terminated and row["project__stage_date"] <= as_of):
            continue  # started before this window, or no longer alive: not a candidate
        held = row["period__held_on"]
        key, curve = choose(curves, row)
        ready = bool(started and started <= as_of)
        risk = expected_on = None
        if curve is not None and not ready:
            risk = start_risk(curve, elapsed=max(0, (as_of - held).days), window=(window[1] - held).days)
            expected_on = None if risk.expected_days is None else held + dt.timedelta(days=risk.expected_days)
        rows.append(Candidate(row["project_id"], row["project__name"], row["project__region__name"],
                              row["period__number"], held, row["project__total_investment_wan"], started, ready,
                              risk, expected_on, key, key, curve.members if curve else 0))
    names = region_names({r.cohort for r in rows})
    for r in rows:
        r.cohort_label = cohort_label(r.cohort, names)
    rows.sort(key=lambda r: (not r.ready, -(r.risk.probability if r.risk else -1), r.project_id))
    levels = [r.risk.level for r in rows if r.risk]
    return {"period": period, "window": window, "as_of": as_of, "past_window": past, "rows": rows,
            "ready": sum(r.ready for r in rows),
            "levels": {level: levels.count(level) for level in ("低", "中", "高")},
            "unestimated": sum(1 for r in rows if not r.ready and r.risk is None)}

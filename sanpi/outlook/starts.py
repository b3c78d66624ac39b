"""Reads of the start-date risk: for a period's 签约 list, each project's chance of starting within the
period's window, from the lead times of earlier periods' signed projects (survival.py)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sanpi.accounts.access import scope_projects
from sanpi.accounts.models import Region
from sanpi.activities.models import ListEntry, Period
from sanpi.projects.lifecycle import Stage

from .survival import Curve, Risk, kaplan_meier, pick, start_risk

QUARTER = 91  # days: the next period is a quarter later when it is not yet scheduled
SIZES = {"lt1": ("1亿元以下", Decimal(0), Decimal(10000)), "1to10": ("1亿—10亿元", Decimal(10000), Decimal(100000)),
         "10plus": ("10亿元以上", Decimal(100000), None)}
FIELDS = ("project_id", "project__name", "period__number", "period__held_on", "project__started_on",
          "project__stage", "project__stage_date", "project__region__path", "project__region__name",
          "project__total_investment_wan")


def size_of(total: Decimal | None) -> str:
    value = total or Decimal(0)
    return next(k for k, (_, low, high) in SIZES.items() if value >= low and (high is None or value < high))


def _city(path: str) -> str:
    codes = [c for c in path.split("/") if c]
    return codes[1] if len(codes) > 1 else codes[0]


def cohort_key(row: dict, level: int) -> str:
    """'410100-lt1' (city and size), 'lt1' (size), 'all'."""
    size = size_of(row["project__total_investment_wan"])
    return (f"{_city(row['project__region__path'])}-{size}", size, "all")[level]


def cohort_label(key: str, names: dict[str, str]) -> str:
    if key == "all":
        return "全部"
    city, _, size = key.rpartition("-")
    return f"{names.get(city, city)}·{SIZES[size][0]}" if city else SIZES[size][0]


def _observation(row: dict, cutoff: dt.date) -> tuple[int, bool]:
    """What was known on `cutoff`: a start by then is an event, anything else is censored there (or at
    an earlier termination)."""
    held = row["period__held_on"]
    started = row["project__started_on"]
    if started is not None and started <= cutoff:
        return (started - held).days, True
    terminated = row["project__stage"] == Stage.TERMINATED and row["project__stage_date"]
    end = min(row["project__stage_date"], cutoff) if terminated else cutoff
    return (end - held).days, False


def cohorts(*, user, before: dt.date, cutoff: dt.date) -> tuple[dict[str, list[dict]], dict[tuple, Curve]]:
    """Signed projects of the lists held before `before` in the user's scope, grouped by cohort key
    (each row in its three cohorts), and each cohort's curve as known on `cutoff`. One query."""
    earlier = scope_projects(ListEntry.objects.filter(batch=ListEntry.Batch.SIGNED, period__held_on__lt=before),
                             user, region_field="project__region").values(*FIELDS).order_by("period__held_on", "id")
    members: dict[str, list[dict]] = {}
    for row in earlier:
        row["observation"] = _observation(row, cutoff)
        for level in range(3):
            members.setdefault(cohort_key(row, level), []).append(row)
    return members, {(k,): kaplan_meier([r["observation"] for r in rows]) for k, rows in members.items()}


def choose(curves: dict[tuple, Curve], row: dict) -> tuple[str, Curve | None]:
    """The most specific large enough cohort of `row` (its key and curve), else 'all' without a curve."""
    chosen = pick(curves, [(cohort_key(row, level),) for level in range(3)])
    return (chosen[0][0], chosen[1]) if chosen else (cohort_key(row, 2), None)


def region_names(keys) -> dict[str, str]:
    cities = {k.rpartition("-")[0] for k in keys} - {""}
    return dict(Region.objects.filter(pk__in=cities).values_list("code", "name"))


@dataclass
class StartRow:
    project_id: int
    name: str
    region: str
    started_on: dt.date | None
    risk: Risk | None  # None once started (before the window's end)
    expected_on: dt.date | None
    cohort: str  # key
    cohort_label: str
    cohort_size: int


def window_end(period: Period) -> dt.date:
    later = (Period.objects.filter(host_region=period.host_region, held_on__gt=period.held_on)
             .order_by("held_on").values_list("held_on", flat=True).first())
    return later or period.held_on + dt.timedelta(days=QUARTER)


def period_start_risks(*, user, period: Period, today: dt.date) -> dict:
    """The period's signed projects with 预计开工 and risk; the cohorts (earlier periods' signed
    projects in the user's scope) by key. Two queries for the entries, one for the next period."""
    end = window_end(period)
    window = (end - period.held_on).days
    past = today > end
    # Past the window the estimate is the one made on the list's date, from what was known then
    # (shown beside what happened); before it, it is conditional on not having started by today.
    members, curves = cohorts(user=user, before=period.held_on, cutoff=period.held_on if past else today)
    elapsed = 0 if past else max(0, (today - period.held_on).days)
    since = max(0, (today - period.held_on).days)
    current = scope_projects(ListEntry.objects.filter(period=period, batch=ListEntry.Batch.SIGNED), user,
                             region_field="project__region").values(*FIELDS).order_by("-project__total_investment_wan",
                                                                                       "id")
    rows = []
    for row in current:
        key, curve = choose(curves, row)
        risk = expected_on = None
        started = row["project__started_on"]
        if curve is not None and (past or started is None):
            risk = start_risk(curve, elapsed=elapsed, window=window)
        if curve is not None and started is None:
            days = start_risk(curve, elapsed=since, window=window).expected_days
            expected_on = None if days is None else period.held_on + dt.timedelta(days=days)
        rows.append(StartRow(row["project_id"], row["project__name"], row["project__region__name"],
                             row["project__started_on"], risk, expected_on, key, key,
                             curve.members if curve else 0))
    names = region_names({r.cohort for r in rows} | set(members))
    for r in rows:
        r.cohort_label = cohort_label(r.cohort, names)
    return {"period": period, "names": names, "window_end": end, "window_days": window, "elapsed": elapsed, "rows": rows,
            "members": members, "curves": curves, "past_window": past}

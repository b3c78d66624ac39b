"""Statistics of a 三个一批 period, computed in the database (aggregates, GROUP BY).

`period_stats(period=…)` is the one entry point: an open period is computed live; a closed period
is answered from its latest frozen snapshot (or a named revision), so later edits to its projects
change nothing. The result is JSON-ready: amounts in 万元 as decimal strings, rates as percentage
strings with two decimals. It is exactly what `sanpi period stats N --format json` prints.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from sanpi.core.errors import NotFound
from sanpi.core.money import decimal_str

from .. import rules
from ..models import Period, PeriodSnapshot
from . import breakdowns
from .conversion import cohort_conversion, period_conversion

__all__ = ["cohort_conversion", "period_stats", "period_stats_compute", "period_lists", "year_ago_period"]

YEAR_AGO_TOLERANCE_DAYS = 60


def period_stats_compute(*, period: Period) -> dict:
    """Compute every statistic of `period` now, from its entries (ignores any snapshot)."""
    entries = breakdowns.period_entries(period)
    return {
        "period": period.number,
        "level": period.level,
        "host_region": {"code": period.host_region_id, "name": period.host_region.name},
        "held_on": period.held_on.isoformat(),
        "lists": breakdowns.list_totals(entries),
        "carried_over": breakdowns.carried_over(entries),
        "by_city": breakdowns.by_city(period, entries),
        "by_county": breakdowns.by_county(entries),
        "by_domain": breakdowns.by_domain(entries),
        "by_sector": breakdowns.by_sector(entries),
        "by_industry": breakdowns.by_industry(entries),
        "by_chain": breakdowns.by_chain(entries),
        "by_fund_source": breakdowns.by_fund_source(entries),
        "by_size": breakdowns.by_size(entries),
        "conversion": period_conversion(period),
        "comparison": {
            "previous": _comparison(period, previous_period(period)),
            "year_ago": _comparison(period, year_ago_period(period)),
        },
        "computed_at": timezone.now().isoformat(timespec="seconds"),
    }


def period_stats(*, period: Period, revision: int | None = None) -> dict:
    """The statistics of `period`: frozen (latest or named revision) when closed, live otherwise.
    Adds "revision" (None when live)."""
    if period.is_closed or revision is not None:
        snapshots = PeriodSnapshot.objects.filter(period=period)
        snapshot = (snapshots.filter(revision=revision) if revision is not None else snapshots).order_by(
            "-revision").first()
        if snapshot is None:
            raise NotFound(f"{period}没有第{revision}版统计快照。" if revision else f"{period}没有统计快照。")
        return {**snapshot.data, "revision": snapshot.revision, "demo_note": period.demo_note}
    return {**period_stats_compute(period=period), "revision": None, "demo_note": period.demo_note}


def period_lists(period: Period) -> dict:
    """Only the per-list totals (from the snapshot when closed): what comparisons need."""
    if period.is_closed:
        data = PeriodSnapshot.objects.filter(period=period).order_by("-revision").values_list("data", flat=True).first()
        if data is not None:
            return data["lists"]
    return breakdowns.list_totals(breakdowns.period_entries(period))


def previous_period(period: Period) -> Period | None:
    return Period.objects.filter(level=period.level, host_region=period.host_region,
                                 number=period.number - 1).first()


def year_ago_period(period: Period) -> Period | None:
    """The same quarter a year earlier: same level and host, held closest to one year before
    (within ±60 days)."""
    target = period.held_on - dt.timedelta(days=365)
    low = target - dt.timedelta(days=YEAR_AGO_TOLERANCE_DAYS)
    high = target + dt.timedelta(days=YEAR_AGO_TOLERANCE_DAYS)
    candidates = Period.objects.filter(level=period.level, host_region=period.host_region,
                                       held_on__gte=low, held_on__lte=high).exclude(pk=period.pk)
    return min(candidates, key=lambda p: (abs((p.held_on - target).days), -p.number), default=None)


def _growth_pct(now: Decimal, before: Decimal) -> str | None:
    if not before:
        return None
    return decimal_str(((now - before) * 100 / before).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _comparison(period: Period, other: Period | None) -> dict | None:
    if other is None:
        return None
    mine = period_lists(period)
    theirs = period_lists(other)
    change = {}
    for batch in rules.BATCHES:
        label = rules.BATCH_LABELS[batch]
        a, b = mine[label], theirs[label]
        total_a, total_b = Decimal(a["total_investment_wan"]), Decimal(b["total_investment_wan"])
        change[label] = {
            "count": a["count"] - b["count"],
            "total_investment_wan": decimal_str(total_a - total_b),
            "count_growth_pct": _growth_pct(Decimal(a["count"]), Decimal(b["count"])),
            "total_growth_pct": _growth_pct(total_a, total_b),
        }
    return {"period": other.number, "held_on": other.held_on.isoformat(), "lists": theirs, "change": change}

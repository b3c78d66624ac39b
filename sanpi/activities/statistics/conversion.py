"""Conversion of a period's lists over later periods: 开工率, 履约率, 投产率 and median lead times.

A cohort is one period's 签约一批 (and its 开工一批); it is measured as of a date, normally a later
period's date, from the projects' recorded stage dates. Counts are aggregates in the database;
the medians are computed over the fetched date pairs of that one cohort.
"""

import datetime as dt

from django.db.models import Count, Q

from sanpi.core.money import decimal_str
from sanpi.projects.lifecycle import Stage

from .. import rules
from ..models import ListEntry, Period

HORIZON = 4  # cohorts of the period itself and of up to four periods before it


def cohort_conversion(*, cohort: Period, as_of: dt.date) -> dict:
    """Of the projects on `cohort`'s 签约一批, how many had started by `as_of` (开工率) and how many
    agreements are still alive (履约率: not terminated by then); of its 开工一批, how many had
    reached 投产 (投产率); median days 签约→开工 and 开工→投产 of those that made the step."""
    signed = ListEntry.objects.filter(period=cohort, batch=rules.SIGNED)
    started_list = ListEntry.objects.filter(period=cohort, batch=rules.STARTED)
    started_by = Q(project__started_on__isnull=False, project__started_on__lte=as_of)
    produced_by = Q(project__produced_on__isnull=False, project__produced_on__lte=as_of)
    terminated_by = Q(project__stage=Stage.TERMINATED, project__stage_date__lte=as_of)
    s = signed.aggregate(n=Count("id"), started=Count("id", filter=started_by),
                         terminated=Count("id", filter=terminated_by))
    k = started_list.aggregate(n=Count("id"), produced=Count("id", filter=produced_by))
    sign_to_start = [
        (b - a).days for a, b in signed.filter(started_by, project__signed_on__isnull=False)
        .values_list("project__signed_on", "project__started_on") if b >= a
    ]
    start_to_produce = [
        (b - a).days for a, b in started_list.filter(produced_by, project__started_on__isnull=False)
        .values_list("project__started_on", "project__produced_on") if b >= a
    ]
    alive = s["n"] - s["terminated"]
    return {
        "cohort_period": cohort.number,
        "as_of": as_of.isoformat(),
        "signed": s["n"],
        "started": s["started"],
        "start_rate_pct": rules.rate_pct(s["started"], s["n"]),
        "alive": alive,
        "performance_rate_pct": rules.rate_pct(alive, s["n"]),
        "started_list": k["n"],
        "produced": k["produced"],
        "production_rate_pct": rules.rate_pct(k["produced"], k["n"]),
        "median_days_signed_to_started": decimal_str(rules.median(sign_to_start)),
        "median_days_started_to_producing": decimal_str(rules.median(start_to_produce)),
    }


def period_conversion(period: Period) -> list[dict]:
    """Cohorts of period N−k (k = 0…4, same level and host) measured as of this period's date."""
    cohorts = Period.objects.filter(level=period.level, host_region=period.host_region,
                                    number__gte=period.number - HORIZON, number__lte=period.number).order_by("-number")
    out = []
    for cohort in cohorts:
        row = cohort_conversion(cohort=cohort, as_of=period.held_on)
        row["k"] = period.number - cohort.number
        out.append(row)
    return out

"""观摩/拉练 results: a project's result is the sum over items of the scorers' (trimmed) mean mark;
a region's is the mean of its visited projects' results. Scores are few (events × projects ×
items × scorers): one query reads them, the arithmetic is rules.trimmed_mean."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sanpi.accounts.models import Region

from . import rules
from .indicators import Context, Figure
from .models import InspectionEvent, InspectionScore


def project_results(events) -> dict[int, dict]:
    """{visit id: {"event", "project", "project_name", "region", "region_name", "items": {item: mean},
    "result"}} for the visits of `events` (a queryset), one query for every mark."""
    marks: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    visits: dict[int, dict] = {}
    drop = dict(events.values_list("pk", "drop_high_low"))
    rows = InspectionScore.objects.filter(visit__event__in=events).values_list(
        "visit_id", "visit__event_id", "visit__project_id", "visit__project__name", "visit__region_id",
        "visit__region__name", "item__name", "points")
    for visit, event, project, name, region, region_name, item, points in rows:
        visits.setdefault(visit, {"event": event, "project": project, "project_name": name, "region": region,
                                  "region_name": region_name, "items": {}})
        marks[(visit, item)].append(points)
    for (visit, item), values in marks.items():
        visits[visit]["items"][item] = rules.trimmed_mean(values, drop_high_low=drop[visits[visit]["event"]])
    for info in visits.values():
        info["result"] = rules.q2(sum(info["items"].values(), Decimal(0)))
    return visits


def _year_results(ctx: Context) -> tuple[dict[int, dt.date], dict[int, dict], dict[str, str]]:
    """The owner's (and below) events of the period's year with their dates, every visit's result and
    the visited regions' paths: read once per request and year (a year's quarters share them)."""
    shared = ctx.cache.setdefault("shared", {})
    key = ("inspections", ctx.owner.code, ctx.period.year)
    if key not in shared:
        events = InspectionEvent.objects.filter(region__path__startswith=ctx.owner.path, held_on__year=ctx.period.year)
        results = project_results(events)
        dates = dict(events.values_list("pk", "held_on"))
        paths = dict(Region.objects.filter(code__in={v["region"] for v in results.values()})
                     .values_list("code", "path"))
        shared[key] = dates, results, paths
    return shared[key]


def region_results(ctx: Context) -> dict[str, Figure]:
    """The inspection_score indicator: events the scheme's owner (or a region below it) held in the period."""
    dates, results, paths = _year_results(ctx)
    held = {pk: on for pk, on in dates.items() if ctx.start <= on <= ctx.end}
    by_unit: dict[str, list[Decimal]] = defaultdict(list)
    units = sorted(ctx.regions, key=lambda r: len(r.path), reverse=True)
    for visit in results.values():
        if visit["event"] not in held:
            continue
        path = paths.get(visit["region"], "")
        unit = next((r.code for r in units if path.startswith(r.path)), None)
        if unit is not None:
            by_unit[unit].append(visit["result"])
    first = min(held, key=lambda pk: (held[pk], pk)) if held else None
    link = f"/ranking/inspections/{first}/" if first else ""
    return {code: Figure(rules.q2(sum(results, Decimal(0)) / len(results)),
                         {"projects": len(results), "events": len(held)}, link)
            for code, results in by_unit.items()}

"""观摩/拉练 results: a project's result is the sum over items of the scorers' (trimmed) mean mark;
a region's is the mean of its visited projects' results. Scores are few (events × projects ×
items × scorers): one query reads them, the arithmetic is rules.trimmed_mean."""

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


def region_results(ctx: Context) -> dict[str, Figure]:
    """The inspection_score indicator: events the scheme's owner (or a region below it) held in the period."""
    events = InspectionEvent.objects.filter(region__path__startswith=ctx.owner.path, held_on__gte=ctx.start,
                                            held_on__lte=ctx.end)
    by_unit: dict[str, list[Decimal]] = defaultdict(list)
    units = sorted(ctx.regions, key=lambda r: len(r.path), reverse=True)
    results_by_visit = project_results(events)
    paths = dict(Region.objects.filter(code__in={v["region"] for v in results_by_visit.values()})
                 .values_list("code", "path"))
    for visit in results_by_visit.values():
        path = paths.get(visit["region"], "")
        unit = next((r.code for r in units if path.startswith(r.path)), None)
        if unit is not None:
            by_unit[unit].append(visit["result"])
    first = events.order_by("held_on").first()
    link = first.get_absolute_url() if first else ""
    return {code: Figure(rules.q2(sum(results, Decimal(0)) / len(results)),
                         {"projects": len(results), "events": events.count()}, link)
            for code, results in by_unit.items()}

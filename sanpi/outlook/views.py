"""项目一张图 and the look-ahead pages: parse the query, call the selectors, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone

from sanpi.accounts.access import access_period, parse_id
from sanpi.progress.selectors import latest_evaluated_month, previous_month

from . import boundaries, lookahead, selectors, starts


@login_required
def region_map(request):
    user = request.user
    region = selectors.map_region(user=user, code=request.GET.get("at"))
    layer = request.GET.get("layer") if request.GET.get("layer") in selectors.LAYERS else "projects"
    periods = list(selectors.map_periods(user=user)[:20])
    period = None
    if request.GET.get("period"):
        period = access_period(user=user, period_id=parse_id(request.GET["period"]))
    elif periods:
        period = periods[0]
    year, month = previous_month(timezone.localdate())
    light_month = latest_evaluated_month()
    rows = selectors.layer_rows(user=user, region=region, year=year, month=month, light_month=light_month,
                                period=period)
    points, point_total = selectors.map_points(user=user, region=region, light_month=light_month)
    has_map = boundaries.collection(region.code) is not None
    data = {
        "region": region.code, "name": region.name, "layer": layer, "layers": selectors.LAYERS,
        "geo": static(f"outlook/geo/{region.code}.json") if has_map else None,
        "rows": [{"code": r.code, "name": r.name, "drawn": r.drawn, "has_map": r.has_map, "links": r.links,
                  "values": {k: r.value(k) for k in selectors.LAYERS}} for r in rows],
        "points": points,
    }
    return render(request, "outlook/map.html", {
        "region": region, "rows": rows, "layer": layer, "layers": selectors.LAYERS, "map_data": data,
        "has_map": has_map, "periods": periods, "period": period, "year": year, "month": month,
        "light_month": light_month, "point_total": point_total, "points_shown": len(points),
        "crumbs": selectors.breadcrumbs(region), "undrawn": [r for r in rows if not r.drawn],
    })


@login_required
def year_end_forecast(request):
    user = request.user
    region = selectors.map_region(user=user, code=request.GET.get("region")) if request.GET.get("region") else None
    year, month = previous_month(timezone.localdate())
    result = lookahead.year_end(user=user, region=region.code if region else None, year=year, month=month)
    upcoming = lookahead.lights_next_month(user=user, region=region.code if region else None)
    return render(request, "outlook/forecast.html", {"result": result, "region": region, "year": year,
                                                     "month": month, "upcoming": upcoming})


@login_required
def period_starts(request, pk: int):
    """预计开工 of a period's 签约 list; `?fragment=1` is the part the period page loads; `?cohort=` lists
    the earlier signed projects a row's estimate came from."""
    period = access_period(user=request.user, period_id=pk)
    result = starts.period_start_risks(user=request.user, period=period, today=timezone.localdate())
    cohort = request.GET.get("cohort")
    members = []
    if cohort in result["members"]:
        members = [{**m, "days": m["observation"][0], "started": m["observation"][1]}
                   for m in result["members"][cohort][:500]]
    template = "outlook/_starts.html" if request.GET.get("fragment") else "outlook/starts.html"
    return render(request, template, {"result": result, "period": period, "cohort": cohort,
                                      "cohort_label": starts.cohort_label(cohort, result["names"]) if members else "",
                                      "members": members})


@login_required
def glance(request):
    """The dashboard's look-ahead row (loaded after the page): the map of project counts, the
    year-end forecast and the start risk of the latest period's signed projects."""
    user = request.user
    region = selectors.map_region(user=user, code=None)
    year, month = previous_month(timezone.localdate())
    rows = selectors.layer_rows(user=user, region=region, year=year, month=month, light_month=None, period=None)
    outlook = lookahead.year_end(user=user, region=None, year=year, month=month, limit=0)
    period = selectors.map_periods(user=user).first()
    risks = None
    if period is not None:
        result = starts.period_start_risks(user=user, period=period, today=timezone.localdate())
        levels = [r.risk.level for r in result["rows"] if r.risk and not r.started_on]
        risks = {"period": period, "high": levels.count("高"), "middle": levels.count("中"), "low": levels.count("低"),
                 "started": sum(1 for r in result["rows"] if r.started_on), "total": len(result["rows"]),
                 "past": result["past_window"], "window_end": result["window_end"]}
    has_map = boundaries.collection(region.code) is not None
    data = {"region": region.code, "geo": static(f"outlook/geo/{region.code}.json") if has_map else None,
            "rows": [{"code": r.code, "name": r.name, "value": r.projects} for r in rows if r.drawn]}
    return render(request, "outlook/_glance.html", {"region": region, "forecast": outlook, "risks": risks,
                                                    "glance_data": data, "year": year, "month": month})

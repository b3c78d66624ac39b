"""Reads of the map page (项目一张图): one grouped query per layer, and the projects drawn as points.

Every query starts from the user's scope (`accounts/access.py`) and groups by the child region of the
map's region, read from `Region.path` (a zone's projects fall in the zone's own row: it has no
boundary, so the page lists it beside the map).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Substr
from django.utils.http import urlencode

from sanpi.accounts.access import is_global, region_codes_below, region_rule, scope_projects, scope_regional
from sanpi.accounts.models import Region
from sanpi.activities.models import ListEntry, Period
from sanpi.core.errors import NotFound
from sanpi.progress import plan_figures, rules
from sanpi.progress import selectors as progress_selectors
from sanpi.progress.models import ProjectLight
from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import Project

from . import boundaries

LAYERS = {
    "projects": "项目数（个）",
    "investment": "总投资（亿元）",
    "completion": "年度投资完成率与序时进度之差（个百分点）",
    "lights": "红黄灯项目占比（%）",
    "entries": "三个一批入列项目（个）",
}
MAX_POINTS = 3000
OWN = ""  # projects registered at the map's region itself (市本级/省本级)


@dataclass
class RegionRow:
    code: str
    name: str
    drawn: bool  # has a boundary on this map
    projects: int = 0
    investment_wan: Decimal = Decimal(0)
    planned_wan: Decimal = Decimal(0)
    ytd_wan: Decimal = Decimal(0)
    completion_rate: Decimal | None = None
    benchmark: Decimal | None = None
    gap: Decimal | None = None
    lit: int = 0
    red: int = 0
    yellow: int = 0
    entries: int = 0
    has_map: bool = False
    links: dict[str, str] = field(default_factory=dict)

    @property
    def investment_yi(self) -> str:
        return f"{self.investment_wan / 10000:,.2f}"

    @property
    def light_share(self) -> Decimal | None:
        return rules.round1(Decimal(self.red + self.yellow) * 100 / self.lit) if self.lit else None

    def value(self, layer: str) -> float | None:
        values = {"projects": self.projects, "investment": float(self.investment_wan) / 10000,
                  "completion": self.gap, "lights": self.light_share, "entries": self.entries}
        value = values[layer]
        return None if value is None else round(float(value), 2)


def map_region(*, user, code: str | None) -> Region:
    """The region whose children the map draws: the asked one if it is on the user's line (above or
    below the user's region), else NotFound; by default the user's own region, or the nearest one
    above it with a map (a zone or county is drawn on its city's map)."""
    if code:
        if not code.isdigit():
            raise NotFound("没有这个区划。")
        region = Region.objects.filter(pk=code).first()
        line_ok = region is not None and (is_global(user) or (user.region_id and (
            region.path.startswith(user.region.path) or user.region.path.startswith(region.path))))
        if not line_ok:
            raise NotFound("没有这个区划。")
        return region
    if is_global(user) or not user.region_id:
        return Region.objects.get(pk=boundaries.PROVINCE)
    maps = boundaries.map_codes()
    for candidate in reversed([c for c in user.region.path.split("/") if c]):
        if candidate in maps:
            return Region.objects.get(pk=candidate)
    return user.region


def _keyed(qs: QuerySet, region: Region, path_field: str) -> QuerySet:
    """Rows under `region`, annotated with `child` = the code of the child region they fall in."""
    return (qs.filter(**{f"{path_field.removesuffix('__path')}__in": region_codes_below(region)})
            .annotate(child=Substr(path_field, len(region.path) + 1, 6)))


def _child(value: str) -> str:
    return value if len(value) == 6 else OWN


def layer_rows(*, user, region: Region, year: int, month: int, light_month: tuple[int, int] | None,
               period: Period | None) -> list[RegionRow]:
    """One row per child region of `region` (and one for projects at the region itself), with every
    layer's figure. Five grouped queries; the names in one more."""
    names = dict(Region.objects.filter(parent=region).values_list("code", "name"))
    drawn = {f["id"] for f in (boundaries.collection(region.code) or {"features": []})["features"]}
    rows: dict[str, RegionRow] = {}

    def row(key: str) -> RegionRow:
        key = _child(key)
        if key not in rows:
            rows[key] = RegionRow(code=key, name=names.get(key, f"{region.name}本级"), drawn=key in drawn)
        return rows[key]

    live = scope_projects(Project.objects.exclude(stage=Stage.TERMINATED), user)
    for r in _keyed(live, region, "region__path").values("child").annotate(
            n=Count("id"), total=Sum("total_investment_wan")).order_by():
        target = row(r["child"])
        target.projects, target.investment_wan = r["n"], r["total"] or Decimal(0)

    # One grouped pass by the project's own region, rolled up to the child rows (regions are few).
    by_region = plan_figures.plan_rows(
        year=year, month=month, group="region_id",
        projects=scope_projects(Project.objects.all(), user).filter(region_rule(region)))
    paths = dict(Region.objects.filter(pk__in=[k for k in by_region if k]).values_list("code", "path"))
    rolled: dict[str, dict] = {}
    for code, figures in by_region.items():
        child = paths[code][len(region.path):len(region.path) + 6]
        plan_figures.add_into(rolled.setdefault(child, plan_figures.empty_row()), figures)
    for child, figures in rolled.items():
        summary = progress_selectors.plan_summary(figures, month)
        target = row(child)
        target.planned_wan, target.ytd_wan = summary["planned_wan"], summary["ytd_wan"]
        target.completion_rate, target.benchmark = summary["completion_rate"], summary["time_benchmark"]
        target.gap = summary["gap_points"]

    if light_month:
        lights = scope_projects(ProjectLight.objects.filter(year=light_month[0], month=light_month[1]), user,
                                region_field="project__region")
        for r in _keyed(lights, region, "project__region__path").values("child").annotate(
                n=Count("id"), red=Count("id", filter=Q(colour="red")),
                yellow=Count("id", filter=Q(colour="yellow"))).order_by():
            target = row(r["child"])
            target.lit, target.red, target.yellow = r["n"], r["red"], r["yellow"]

    if period:
        entries = scope_projects(ListEntry.objects.filter(period=period), user, region_field="project__region")
        for r in _keyed(entries, region, "project__region__path").values("child").annotate(
                n=Count("project_id", distinct=True)).order_by():
            row(r["child"]).entries = r["n"]

    for code in drawn:
        row(code)
    maps = boundaries.map_codes()
    for r in rows.values():
        r.has_map = r.code in maps
        r.links = _links(r.code or region.code, period, own=not r.code)
    return sorted(rows.values(), key=lambda r: (r.code == OWN, r.code))


def _links(code: str, period: Period | None, *, own: bool) -> dict[str, str]:
    """The ledger behind each figure. A region's own row lists the whole region (no 'only here' filter)."""
    def ledger(**params) -> str:
        return "/projects/?" + urlencode({"region": code, **params})

    links = {"projects": ledger(live=1), "investment": ledger(live=1, sort="-investment"),
             "completion": ledger(live=1), "red": ledger(light="red"), "yellow": ledger(light="yellow")}
    if period:
        links["entries"] = ledger(period=period.pk)
    return links


def map_points(*, user, region: Region, light_month: tuple[int, int] | None) -> tuple[list[dict[str, Any]], int]:
    """Projects under `region` with coordinates (WGS-84), with their latest light, at most MAX_POINTS
    (largest first); and how many there are in all."""
    qs = _keyed(scope_projects(Project.objects.exclude(stage=Stage.TERMINATED), user), region, "region__path")
    qs = qs.filter(longitude__isnull=False, latitude__isnull=False)
    if light_month:
        colour = ProjectLight.objects.filter(project=OuterRef("pk"), year=light_month[0], month=light_month[1])
        qs = qs.annotate(colour=Subquery(colour.values("colour")[:1]))
    total = qs.count()
    fields = ["id", "name", "longitude", "latitude", "stage", "total_investment_wan"] + (
        ["colour"] if light_month else [])
    points = [{
        "id": p["id"], "name": p["name"], "lon": float(p["longitude"]), "lat": float(p["latitude"]),
        "stage": Stage(p["stage"]).label, "colour": p.get("colour") or "none",
        "yi": float((p["total_investment_wan"] or 0) / 10000), "url": f"/projects/{p['id']}/",
    } for p in qs.order_by("-total_investment_wan", "id").values(*fields)[:MAX_POINTS]]
    return points, total


def map_periods(*, user) -> QuerySet:
    """三个一批 periods the user may see, newest first."""
    return scope_regional(Period.objects.select_related("host_region"), user,
                          region_field="host_region").order_by("-held_on", "-number")


def breadcrumbs(region: Region) -> list[tuple[str, str]]:
    codes = [c for c in region.path.split("/") if c]
    names = dict(Region.objects.filter(pk__in=codes).values_list("code", "name"))
    return [(c, names[c]) for c in codes if c in names]

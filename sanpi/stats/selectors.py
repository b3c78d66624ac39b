"""Read models of the dashboard (驾驶舱): every figure is one aggregate query over the user's scope.

The ledger part is a single GROUP BY over the scoped projects (region, domain, stage, size bucket)
whose few thousand rows are rolled up here into the by-region, by-domain, by-size and funnel
figures, so the database reads the project table once. The whole dashboard payload is cached per
scope (the user's region, or an enterprise's organisation) for DASHBOARD_CACHE_SECONDS: a province
office with a million projects pays the scan at most once a minute, and every figure keeps the query
string of the project list it was summed from (`link`), so it can be traced to its records.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When
from django.utils import timezone
from django.utils.http import urlencode

from sanpi.accounts.access import is_global, scope_projects
from sanpi.accounts.models import Region, User
from sanpi.accounts.region_table import RegionTable, subtree
from sanpi.activities.models import KeyProjectEntry, KeyProjectList
from sanpi.progress import selectors as progress_selectors
from sanpi.progress.verdict import verdict_month
from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import Category, Project

from . import snapshot as snapshot_json
from .ledger import LIGHTS, SIZE_BUCKETS, latest_light_month
from .models import DashboardSnapshot
from .project_page import progress_bar, with_progress

DASHBOARD_CACHE_SECONDS = 60
SNAPSHOT_MAX_AGE = timedelta(minutes=10)
FUNNEL = [("signed", "签约"), ("started", "开工"), ("producing", "投产")]


def _link(**filters) -> str:
    return "/projects/?" + urlencode({k: v for k, v in filters.items() if v not in (None, "")})


@dataclass
class Bar:
    key: str
    label: str
    count: int = 0
    investment_wan: Decimal = Decimal(0)
    link: str = ""

    def as_chart(self) -> dict[str, Any]:
        """What ECharts needs: numbers as strings (亿元 with 2 decimals) so no float is ever made here."""
        yi = (self.investment_wan / Decimal(10000)).quantize(Decimal("0.01"))
        return {"key": self.key, "label": self.label, "count": self.count, "yi": str(yi), "link": self.link}


@dataclass
class LedgerOverview:
    total: Bar
    by_region: list[Bar] = field(default_factory=list)
    by_domain: list[Bar] = field(default_factory=list)
    by_size: list[Bar] = field(default_factory=list)
    by_stage: list[Bar] = field(default_factory=list)
    funnel: list[Bar] = field(default_factory=list)
    region_level: str = ""


def scope_key(user) -> str:
    """Users who see the same projects share cached figures."""
    if is_global(user):
        return "global"
    if user.role == User.Role.ENTERPRISE:
        return f"org:{user.organisation_id}"
    return f"region:{user.region_id}"


def _size_case() -> Case:
    whens = []
    for key, (_, low, high) in SIZE_BUCKETS.items():
        cond = Q(total_investment_wan__gte=low)
        if high is not None:
            cond &= Q(total_investment_wan__lt=high)
        whens.append(When(cond, then=Value(key)))
    return Case(*whens, default=Value(""), output_field=CharField())


def _region_groups(user, table: RegionTable | None = None) -> tuple[dict[str, tuple[str, str]], str]:
    """Map each region code in scope to the (code, name) of the row it is reported under.

    Province: its 省辖市 by Region.reporting_unit (航空港区 is its own row, never also in 郑州's);
    city: each county or zone directly below it; county or zone: itself; global: each province.
    `table`: the regions read once by a caller that asks for many scopes (stats/refresh.py).
    """
    if is_global(user):
        rows = subtree("", table)
        provinces = {r.path.split("/")[0]: r.name for r in rows if r.kind == Region.Kind.PROVINCE}
        mapping: dict[str, tuple[str, str]] = {}
        for r in rows:
            top = r.path.split("/")[0]
            mapping[r.code] = (top, provinces.get(top, top))
        return mapping, "省份"
    if user.region_id is None:
        return {}, ""
    region = user.region
    rows = subtree(region.path, table)
    names = {r.code: r.name for r in rows}
    mapping: dict[str, tuple[str, str]] = {}
    if region.kind == Region.Kind.PROVINCE:
        for r in rows:
            unit = r.unit or r.code
            mapping[r.code] = (unit, names.get(unit, unit))
        return mapping, "省辖市"
    depth = len(region.path.strip("/").split("/"))
    for r in rows:
        parts = r.path.strip("/").split("/")
        child = parts[depth] if len(parts) > depth else r.code
        mapping[r.code] = (child, names.get(child, child))
    return mapping, "县区/开发区" if region.kind == Region.Kind.CITY else "区划"


def ledger_overview(*, user) -> LedgerOverview:
    """Counts and 总投资 of the user's live projects (终止 excluded) by region, domain, size, stage,
    and the 签约 → 开工 → 投产 funnel (projects that ever reached each stage)."""
    return overview_from_cube(ledger_cube(scope_projects(Project.objects.all(), user)), user=user)


def ledger_cube(qs) -> list[tuple]:
    """The live projects of `qs` grouped by (region, domain, stage, size bucket): rows of (region_id,
    domain_id, stage, size, n, 总投资, reached 签约, 开工, 投产). A few thousand rows for any scope."""
    qs = qs.exclude(stage=Stage.TERMINATED).order_by()
    return list(qs.values("region_id", "domain_id", "stage").annotate(
        size=_size_case(), n=Count("id"), inv=Sum("total_investment_wan"),
        signed=Count("signed_on"), started=Count("started_on"), produced=Count("produced_on"),
    ).values_list("region_id", "domain_id", "stage", "size", "n", "inv", "signed", "started", "produced"))


def domain_labels() -> tuple[dict[int, tuple[str, str]], dict[str, int]]:
    """({domain category pk: (code, name)}, {code: sort}) of the by-domain bars."""
    # One code may carry different names in different years' lists: a bar is named by the latest year's.
    rows = Category.objects.filter(scheme=Category.Scheme.DOMAIN).order_by("year").values_list("pk", "code", "name")
    latest = {code: name for _, code, name in rows}
    domains = {pk: (code, latest[code]) for pk, code, _ in rows}
    domain_order = {code: sort for code, sort in
                    Category.objects.filter(scheme=Category.Scheme.DOMAIN).values_list("code", "sort")}
    return domains, domain_order


def overview_from_cube(cube, *, user, table: RegionTable | None = None, labels=None) -> LedgerOverview:
    """The user's overview rolled up from cube rows of their scope (ledger_cube). A caller rolling up
    many scopes passes the regions (`table`) and domain_labels() it read once."""
    mapping, level = _region_groups(user, table)
    # A province's rows are reporting units (郑州 without 航空港区): the drill-down filters by unit.
    region_filter = "unit" if level == "省辖市" else "region"
    domains, domain_order = labels or domain_labels()
    total = Bar("all", "全部在库项目", link=_link(live=1))
    regions: dict[str, Bar] = {}
    by_domain: dict[str, Bar] = {}
    by_size = {key: Bar(key, label, link=_link(live=1, size=key)) for key, (label, _, _) in SIZE_BUCKETS.items()}
    by_stage = {s.value: Bar(s.value, s.label, link=_link(stage=s.value)) for s in Stage if s != Stage.TERMINATED}
    funnel = {key: Bar(key, label, link=_link(reached=key, live=1)) for key, label in FUNNEL}
    for region_id, domain_id, stage, size, n, inv, signed, started, produced in cube:
        inv = inv or Decimal(0)
        for bar in _bars_for(region_id, domain_id, stage, size, mapping, domains, regions, by_domain,
                             by_size, by_stage, region_filter):
            bar.count += n
            bar.investment_wan += inv
        total.count += n
        total.investment_wan += inv
        funnel["signed"].count += signed
        funnel["started"].count += started
        funnel["producing"].count += produced
    return LedgerOverview(
        total=total,
        by_region=sorted(regions.values(), key=lambda b: b.key),
        by_domain=sorted(by_domain.values(), key=lambda b: domain_order.get(b.key, 99)),
        by_size=list(by_size.values()),
        by_stage=list(by_stage.values()),
        funnel=list(funnel.values()),
        region_level=level,
    )


def _bars_for(region_id, domain_id, stage, size, mapping, domains, regions, by_domain, by_size, by_stage,
              region_filter):
    group = mapping.get(region_id)
    if group is not None:
        code, name = group
        if code not in regions:
            regions[code] = Bar(code, name, link=_link(**{region_filter: code}, live=1))
        yield regions[code]
    if domain_id is not None and domain_id in domains:
        code, name = domains[domain_id]
        if code not in by_domain:
            by_domain[code] = Bar(code, name, link=_link(domain=code, live=1))
        yield by_domain[code]
    if size in by_size:
        yield by_size[size]
    if stage in by_stage:
        yield by_stage[stage]


def dashboard_figures(*, user, today, refresh: bool = False) -> dict[str, Any]:
    """The dashboard's aggregates (ledger overview, completion against 序时进度, lights, key projects)
    for the user's scope, with `computed_at`. Read from the scope's latest DashboardSnapshot of this
    month (what `sanpi stats refresh` stored, every 5 minutes); computed and stored on the request only
    when the month has none, or always with refresh=True. A snapshot older than SNAPSHOT_MAX_AGE (or
    of an earlier day) is still shown — the page says when it was computed — and a refresh of the
    scope is queued, so no reader waits for the sums. Cached for DASHBOARD_CACHE_SECONDS. The current
    period's cards are not part of it: they are one small query, and a period just closed must show
    as closed."""
    key = scope_key(user)

    def load() -> dict[str, Any]:
        if not refresh:
            snapshot = (DashboardSnapshot.objects.filter(scope=key, day__gte=today.replace(day=1), day__lte=today)
                        .order_by("-day").first())
            if snapshot is not None and snapshot.data:
                if snapshot.day != today or timezone.now() - snapshot.computed_at >= SNAPSHOT_MAX_AGE:
                    _queue_refresh(user=user, key=key, today=today)
                return snapshot.data
        figures = compute_figures(user=user, today=today)
        data = snapshot_json.to_json(figures)
        DashboardSnapshot.objects.update_or_create(
            scope=key, day=today, defaults={"computed_at": figures["computed_at"], "data": data})
        return data

    # The cache holds the same JSON as the snapshot row: what one app server computed, all read.
    cache_key = f"dashboard:{key}:{today:%Y%m%d}"
    if refresh:
        data = load()
        cache.set(cache_key, data, DASHBOARD_CACHE_SECONDS)
    else:
        data = cache.get_or_set(cache_key, load, DASHBOARD_CACHE_SECONDS)
    return snapshot_json.from_json(data)


def _queue_refresh(*, user, key: str, today) -> None:
    """Queue one recompute of a scope whose snapshot is old; at most one per scope per SNAPSHOT_MAX_AGE
    (the first reader's, through the shared cache), however many readers arrive meanwhile."""
    from .tasks import stats_scope_refresh_task

    if cache.add(f"dashboard-refresh:{key}", 1, int(SNAPSHOT_MAX_AGE.total_seconds())):
        stats_scope_refresh_task(user.pk, today.isoformat())


def compute_figures(*, user, today) -> dict[str, Any]:
    """The figures of one scope, computed now (the per-scope path; stats/refresh.py has the grouped one)."""
    return {"ledger": ledger_overview(user=user), "completion": completion_by_region(user=user, today=today),
            "lights": light_counts(user=user), "keys": key_projects(user=user, today=today), "rates": dashboard_rates(user=user, today=today),
            "computed_at": timezone.now()}


def dashboard_rates(*, user, today) -> list[dict]:
    """The published rates of the user's region and the rows below it, for the verdict month (the month
    of the summary, the bars and the lights)."""
    from sanpi.progress.verdict import verdict_month

    from .rate_selectors import region_rates

    if not user.region_id:
        return []
    year, month = verdict_month(today)  # the month of the summary, the bars and the lights
    return region_rates(user=user, region=user.region, year=year, month=month)


def dashboard_refresh_all(*, today) -> list[tuple[str, float]]:
    """Recompute the stored dashboard of every scope some active user has (the periodic task,
    `sanpi stats refresh`); (scope, seconds). One grouped pass per figure serves every region scope
    (stats/refresh.py)."""
    from .refresh import refresh_all

    return refresh_all(today=today)


def store_figures(*, user, today, figures: dict[str, Any]) -> None:
    """Save computed figures as the scope's snapshot of the day and put them in the shared cache."""
    key = scope_key(user)
    data = snapshot_json.to_json(figures)
    DashboardSnapshot.objects.update_or_create(
        scope=key, day=today, defaults={"computed_at": figures["computed_at"], "data": data})
    cache.set(f"dashboard:{key}:{today:%Y%m%d}", data, DASHBOARD_CACHE_SECONDS)


def store_snapshots(*, today, data: dict[str, Any]) -> None:
    """store_figures for many scopes at once ({scope key: snapshot_json.to_json(figures)}): one upsert
    per hundred scopes instead of a read and a write per scope (`sanpi stats refresh`)."""
    rows = [DashboardSnapshot(scope=key, day=today, computed_at=snapshot_json.from_json(value["computed_at"]),
                              data=value) for key, value in data.items()]
    DashboardSnapshot.objects.bulk_create(rows, batch_size=100, update_conflicts=True, unique_fields=["scope", "day"],
                                          update_fields=["computed_at", "data"])
    cache.set_many({f"dashboard:{key}:{today:%Y%m%d}": value for key, value in data.items()}, DASHBOARD_CACHE_SECONDS)


def light_counts(*, user) -> dict[str, Any]:
    """Projects of each colour in the latest evaluated month, in the user's scope."""
    month = latest_light_month()
    found = None if month is None else progress_selectors.light_counts(user=user, year=month[0], month=month[1])
    return lights_from_counts(month, found)


def lights_from_counts(month, found: dict[str, int] | None) -> dict[str, Any]:
    counts = {colour: {"label": label, "count": 0, "link": _link(light=colour)} for colour, label in LIGHTS.items()}
    if month is None:
        return {"month": None, "colours": counts}
    for colour, n in found.items():
        counts[colour]["count"] = n
        # The month's light list shows each project's reason; the ledger filter is the same set.
        counts[colour]["link"] = "/progress/lights/?" + urlencode({"period": f"{month[0]}-{month[1]:02d}",
                                                                    "colour": colour})
        counts[colour]["ledger_link"] = _link(light=colour)
    return {"month": month, "colours": counts}


def completion_by_region(*, user, today) -> dict[str, Any]:
    """年度投资完成率 against 序时进度 for each region below the user's, for the verdict month (the
    lights' month: progress/verdict.py), so the summary, the bars and the lights judge the same month."""
    year, month = verdict_month(today)
    rows = progress_selectors.progress_by_region(user=user, year=year, month=month)
    total = progress_selectors.progress_summary(user=user, year=year, month=month)
    return completion_from_rows(year, month, total, rows)


def completion_from_rows(year: int, month: int, total: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"year": year, "month": month, "total": total, "rows": [{
        "key": r["code"], "label": r["name"], "link": _link(region=r["code"], live=1),
        "rate": str(r["completion_rate"]) if r["completion_rate"] is not None else None,
        "benchmark": str(r["time_benchmark"]), "gap": r["gap_points"], "planned_wan": r["planned_wan"],
        "ytd_wan": r["ytd_wan"], "projects": r["projects"],
    } for r in rows]}


def key_projects(*, user, today, limit: int = 8) -> dict[str, Any]:
    """The largest projects of the latest year's key-project lists the user can see, with their
    progress bars judged for the verdict month (one query for the projects, annotations for the bars)."""
    lists = KeyProjectList.objects.filter(near_regions(user))
    year = lists.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return {"year": None, "projects": [], "link": ""}
    listed = KeyProjectEntry.objects.filter(key_list__in=lists.filter(year=year)).values("project_id")
    qs = scope_projects(Project.objects.filter(pk__in=listed), user).select_related("region")
    judged = verdict_month(today)
    rows = list(with_progress(qs, year=judged[0], month=judged[1]).order_by(
        F("total_investment_wan").desc(nulls_last=True), "id")[:limit])  # the largest: never NULL first (PostgreSQL)
    # pk last: lists of one level and batch (two cities' first lists, for the province) link the same one every time
    first_list = lists.filter(year=year).order_by("level", "batch", "pk").first()
    return key_projects_shown(year, rows, judged, first_list.pk if first_list else None)


def key_projects_shown(year: int, rows: list[Project], judged: tuple[int, int], first_list: int | None) -> dict[str, Any]:
    """key_projects' payload from its projects (annotated by with_progress for the `judged` month)."""
    shown = [(snapshot_json.KeyProject(id=p.pk, name=p.name, url=p.get_absolute_url(), region=p.region.name,
                                       stage=p.get_stage_display(), total_investment_wan=p.total_investment_wan),
              progress_bar(p, year=judged[0], month=judged[1])) for p in rows]
    return {"year": year, "projects": shown, "link": _link(keylist=first_list) if first_list else ""}


def near_regions(user, field: str = "region") -> Q:
    """Rows held by the user's region, its ancestors or the regions below it."""
    if is_global(user):
        return Q()
    if user.region_id is None:
        return Q(pk__in=[])
    ancestors = user.region.path.strip("/").split("/")
    return Q(**{f"{field}__in": ancestors}) | Q(**{f"{field}__path__startswith": user.region.path})

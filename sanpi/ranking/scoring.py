"""A ranking computed set-based: each indicator once for all regions of the scheme, then points per
group (rules.points_for), totals and competition ranks, the rank one period earlier and the 红黑榜.
The result is plain JSON (Decimals as strings): what a published Ranking stores unchanged."""

from decimal import Decimal
from typing import Any

from django.utils import timezone

from sanpi.core.errors import NotFound

from . import rules
from .indicators import REGISTRY, Context, Figure
from .models import Ranking, Scheme

MAX_DEPTH = 3  # scheme_score may name schemes that name schemes; never a loop


def method_of(row) -> rules.Method:
    return rules.Method(kind=row.method, weight=row.weight, higher_is_better=row.higher_is_better, target=row.target,
                        floor=row.floor, thresholds=row.thresholds or (), cap_points=row.cap_points,
                        min_points=row.min_points)


def _load(scheme: Scheme, shared: dict):
    """A scheme's indicators and groups, read once per request however often its scores are combined."""
    key = ("scheme", scheme.pk)
    if key not in shared:
        indicators = list(scheme.indicators.order_by("order", "id"))
        groups = [(g, sorted(g.regions.all(), key=lambda r: r.code)) for g in scheme.groups.order_by("order", "id")
                  .prefetch_related("regions")]
        shared[key] = indicators, groups
    return shared[key]


def _note_months(shared: dict, *periods: rules.Period) -> None:
    """The months a request covers, so that each figure is read for all of them at once (indicators.by_month)."""
    months = shared.setdefault("months", {})
    for period in periods:
        for month in period.months():
            months.setdefault(month.year, set()).add(month.number)


def ranking_compute(*, scheme: Scheme, period: rules.Period, with_change: bool = True, depth: int = 0,
                    shared: dict | None = None) -> dict:
    """The ranking of `scheme` for `period` as JSON-ready dict (see module docstring). `shared` carries
    figures between the computations of one request (a combined score's parts, the period before)."""
    if depth > MAX_DEPTH:
        raise NotFound("考评办法相互引用层级过深。")
    shared = {} if shared is None else shared
    _note_months(shared, period, *([period.previous()] if with_change else []))
    indicators, groups = _load(scheme, shared)
    regions = [r for _, members in groups for r in members]
    cache: dict[str, Any] = {"shared": shared, "depth": depth}
    values: list[dict[str, Figure]] = []
    for row in indicators:
        spec = REGISTRY.get(row.indicator)
        ctx = Context(period=period, regions=regions, owner=scheme.owner_region, params=row.params or {}, cache=cache,
                      scheme_id=scheme.pk)
        values.append(spec.fn(ctx) if spec else {})
    previous = _previous_ranks(scheme, period, depth, shared) if with_change else {}
    out_groups = []
    for group, members in groups:
        out_groups.append(_group(group.name, members, indicators, values, previous, scheme.top_n))
    return {
        "scheme": scheme.name, "scheme_id": scheme.pk, "owner": scheme.owner_region.name, "period": period.key,
        "period_label": period.label, "computed_at": timezone.now().isoformat(timespec="seconds"),
        "indicators": [{"key": row.indicator, "label": row.label or _label(row.indicator), "unit": _unit(row.indicator),
                        "weight": str(row.weight), "method": row.get_method_display(),
                        "higher_is_better": row.higher_is_better} for row in indicators],
        "groups": out_groups,
    }


def _label(key: str) -> str:
    return REGISTRY[key].label if key in REGISTRY else f"未知指标 {key}"


def _unit(key: str) -> str:
    return REGISTRY[key].unit if key in REGISTRY else ""


def _group(name, members, indicators, values, previous, top_n) -> dict:
    codes = [r.code for r in members]
    per_indicator = []
    for row, figures in zip(indicators, values, strict=True):
        points = rules.points_for({c: figures[c].value if c in figures else None for c in codes}, method_of(row))
        per_indicator.append(points)
    totals = {c: rules.q2(sum((p[c] for p in per_indicator), Decimal(0))) for c in codes}
    ranks = rules.competition_ranks(totals)
    rows = []
    for region in members:
        c = region.code
        cells = []
        for row, figures, points in zip(indicators, values, per_indicator, strict=True):
            fig = figures.get(c)
            missing = fig is None or fig.value is None
            cells.append({"key": row.indicator, "value": None if missing else str(fig.value),
                          "points": str(points[c]), "no_data": missing, "figures": fig.figures if fig else {},
                          "link": fig.link if fig else ""})
        before = previous.get(c)
        rows.append({"code": c, "name": region.name, "score": str(totals[c]), "rank": ranks[c],
                     "previous_rank": before, "change": None if before is None else before - ranks[c],
                     "indicators": cells})
    rows.sort(key=lambda r: (r["rank"], r["code"]))
    n = min(top_n, len(rows) // 2) if top_n else 0
    red = rows[:n]
    # a region tied with one on the 红榜 is never on the 黑榜 (all tied: no 黑榜)
    black = [r for r in rows[len(rows) - n:] if r["rank"] > red[-1]["rank"]] if n else []
    return {"name": name, "rows": rows, "red": [r["code"] for r in red], "black": [r["code"] for r in black]}


def _previous_ranks(scheme: Scheme, period: rules.Period, depth: int, shared: dict) -> dict[str, int]:
    """Each region's rank one period earlier: the published ranking where one exists, else computed now."""
    before = period.previous()
    data = published_data(scheme=scheme, period_key=before.key, shared=shared)
    if data is None:
        data = ranking_compute(scheme=scheme, period=before, with_change=False, depth=depth + 1, shared=shared)
    return {row["code"]: row["rank"] for group in data["groups"] for row in group["rows"]}


def published_data(*, scheme: Scheme, period_key: str, shared: dict | None = None) -> dict | None:
    """The latest published revision's data; with `shared`, every period's read in one query per scheme."""
    if shared is None:
        latest = Ranking.objects.filter(scheme=scheme, period=period_key).order_by("-revision").first()
        return latest.data if latest else None
    key = ("published", scheme.pk)
    if key not in shared:
        latest: dict[str, dict] = {}
        for period, data in Ranking.objects.filter(scheme=scheme).order_by("period", "revision").values_list(
                "period", "data"):
            latest[period] = data  # revisions ascending: the last one read wins
        shared[key] = latest
    return shared[key].get(period_key)


def _part_period(period: rules.Period, part: str) -> rules.Period | None:
    if part == "same" or not part:
        return period
    if part[0] == "m" and period.kind == "quarter":
        months = period.months()
        index = int(part[1:]) - 1
        return months[index] if 0 <= index < len(months) else None
    if part[0] == "q" and period.kind == "year":
        return rules.Period(period.year, "quarter", int(part[1:]))
    if part[0] == "m" and period.kind == "year":
        return rules.Period(period.year, "month", int(part[1:]))
    return None


def sub_scores(ctx: Context) -> dict[str, Figure]:
    """The scheme_score indicator (see indicators.scheme_score)."""
    shared = ctx.cache.setdefault("shared", {})
    name = str(ctx.params.get("scheme", ""))
    if ("scheme_named", name) not in shared:
        shared[("scheme_named", name)] = Scheme.objects.select_related("owner_region").filter(name=name).first()
    scheme = shared[("scheme_named", name)]
    part = _part_period(ctx.period, str(ctx.params.get("part", "same")))
    if scheme is None or part is None or scheme.pk == ctx.scheme_id:
        return {}
    data = published_data(scheme=scheme, period_key=part.key, shared=shared)
    source = "已发布" if data is not None else "实时计算"
    if data is None:
        data = ranking_compute(scheme=scheme, period=part, with_change=False, depth=ctx.cache.get("depth", 0) + 1,
                               shared=shared)
    link = f"/ranking/schemes/{scheme.pk}/{part.key}/"
    return {row["code"]: Figure(Decimal(row["score"]), {"scheme": scheme.name, "period": part.key, "source": source},
                                link) for group in data["groups"] for row in group["rows"]}

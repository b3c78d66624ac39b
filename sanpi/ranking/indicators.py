"""The indicator registry: every figure a scheme can score, each computed set-based for all the
regions of a scheme at once (one aggregate query per indicator, never one per region).

An indicator is a function `fn(ctx) -> {region code: Figure}` registered under a key with its label
and unit. To add one (e.g. 前期手续办结率 or 资金到位率 once approval items and funding lines exist):

    @register("approval_completion_rate", "前期手续办结率", "%")
    def approval_completion_rate(ctx):
        rows = (ApprovalItem.objects.exclude(status="na").annotate(unit=ctx.unit("project__region"))
                .exclude(unit=None).values("unit").annotate(done=Count(...), required=Count("id")))
        return {r["unit"]: Figure(rules.rate(r["done"], r["required"]), {...}, ctx.ledger_link(r["unit"]))
                for r in rows}

and name the key in a SchemeIndicator row; nothing else changes (the key shows in the admin's choices).
A region without rows gets no entry: it is scored 无数据 (0 points, rules.NO_DATA_POINTS). A count
that is known to be zero (新开工 of a region that started nothing) is a value, not 无数据: such
indicators give every ranked region an entry.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, CharField, Count, Q, Sum, Value, When
from django.db.models.functions import ExtractMonth
from django.utils.http import urlencode

from sanpi.accounts.models import Region

from . import rules


@dataclass
class Figure:
    value: Decimal | None
    figures: dict[str, Any] = field(default_factory=dict)  # the source figures, as strings
    link: str = ""  # the filtered list of rows behind the value


@dataclass
class Context:
    """What an indicator needs: the period, the regions ranked (every group of the scheme, so a
    region nested in another, 航空港区 in 郑州, counts in its own row only), the scheme's owner, the
    indicator's params, and a cache shared by the indicators of one computation."""

    period: rules.Period
    regions: list[Region]
    owner: Region
    params: dict[str, Any] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)
    scheme_id: int | None = None

    def unit(self, region_field: str) -> Case:
        """An expression naming the ranked region a row's region belongs to: the deepest one whose path
        prefixes it (None when none does)."""
        whens = [When(**{f"{region_field}__path__startswith": r.path}, then=Value(r.code))
                 for r in sorted(self.regions, key=lambda r: len(r.path), reverse=True)]
        return Case(*whens, default=Value(None), output_field=CharField())

    @property
    def start(self) -> dt.date:
        return dt.date(self.period.year, self.period.first_month, 1)

    @property
    def end(self) -> dt.date:
        return month_end(self.period.year, self.period.last_month)

    def ledger_link(self, code: str, **extra) -> str:
        """The ledger filtered to the region's projects (a province's rows are reporting units)."""
        key = "unit" if self.owner.kind == Region.Kind.PROVINCE else "region"
        return "/projects/?" + urlencode({key: code, **extra})


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    fn: Callable[[Context], dict[str, Figure]]


REGISTRY: dict[str, Indicator] = {}


def register(key: str, label: str, unit: str):
    def wrap(fn):
        REGISTRY[key] = Indicator(key, label, unit, fn)
        return fn

    return wrap


def choices() -> list[tuple[str, str]]:
    return [(i.key, f"{i.label}（{i.unit}）") for i in REGISTRY.values()]


def _s(value) -> str | None:
    return None if value is None else str(value)


# ---------------------------------------------------------------------------- figures by month

def shared(ctx: Context) -> dict:
    """What the computations of one request share: an annual score combining quarterly ones that
    combine monthly ones needs the same figures for many months; each figure is read once per year
    for every month the request covers (scoring.ranking_compute notes them under "months"), one
    query for all those months, never one query per month or per region."""
    return ctx.cache.setdefault("shared", {})


def by_month(ctx: Context, name: str, load: Callable[[list[int]], dict[int, Any]]) -> Any:
    """The figure `name` at the period's last month; `load(months)` reads it for several months of
    the period's year at once, for the ranked regions."""
    store = shared(ctx).setdefault((name, ctx.period.year, tuple(sorted(r.code for r in ctx.regions))), {})
    month = ctx.period.last_month
    if month not in store:
        wanted = shared(ctx).get("months", {}).get(ctx.period.year, set()) | {month}
        store.update(load(sorted(m for m in wanted if m not in store)))
    return store[month]


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def progress_figures(ctx: Context) -> dict[str, dict]:
    """progress_summary's figures per ranked region at the period's last month."""
    from sanpi.progress.selectors import progress_by_unit

    return by_month(ctx, "progress", lambda months: progress_by_unit(year=ctx.period.year, months=months,
                                                                     unit=ctx.unit("project__region")))


def _progress_figures(row: dict) -> dict[str, Any]:
    return {"projects": row["projects"], "planned_wan": _s(row["planned_wan"]), "ytd_wan": _s(row["ytd_wan"]),
            "completion_rate": _s(row["completion_rate"]), "time_benchmark": _s(row["time_benchmark"])}


@register("investment_completion_rate", "年度投资完成率", "%")
def investment_completion_rate(ctx: Context) -> dict[str, Figure]:
    """自年初累计完成 ÷ 年度计划投资 of the projects with a plan for the year (报送、已审核、已锁定 reports)."""
    return {code: Figure(row["completion_rate"], _progress_figures(row), ctx.ledger_link(code, live=1))
            for code, row in progress_figures(ctx).items()}


@register("schedule_gap", "序时进度差", "个百分点")
def schedule_gap(ctx: Context) -> dict[str, Figure]:
    """年度投资完成率 − 序时进度 (months ÷ 12, or the monthly cumulative plans where set)."""
    return {code: Figure(None if row["gap_points"] is None else Decimal(str(row["gap_points"])),
                         _progress_figures(row), ctx.ledger_link(code, live=1))
            for code, row in progress_figures(ctx).items()}


def _targets(ctx: Context) -> dict[str, Any]:
    key = ("targets", ctx.period.year, tuple(sorted(r.code for r in ctx.regions)))
    if key not in shared(ctx):
        from .models import Target

        shared(ctx)[key] = {t.region_id: t for t in Target.objects.filter(
            year=ctx.period.year, region__in=[r.code for r in ctx.regions])}
    return shared(ctx)[key]


def due_share(target, period: rules.Period) -> Decimal:
    """The share (%) of an annual target due by the period's end: the quarter's milestone where set
    and the period ends a quarter, else the whole year's (100)."""
    if period.kind != "year" and period.last_month % 3 == 0 and period.quarter < 4:
        milestone = target.milestone(period.quarter)
        if milestone is not None:
            return Decimal(milestone)
    return Decimal(100)


@register("investment_target_rate", "完成投资目标完成率", "%")
def investment_target_rate(ctx: Context) -> dict[str, Figure]:
    """自年初累计完成投资 ÷ the annual 完成投资 target (× the quarter's milestone share where set)."""
    result = {}
    progress = progress_figures(ctx)
    for code, target in _targets(ctx).items():
        if not target.investment_wan:
            continue
        due = target.investment_wan * due_share(target, ctx.period) / 100
        ytd = progress.get(code, {}).get("ytd_wan") or Decimal(0)
        result[code] = Figure(rules.rate(ytd, due), {"ytd_wan": _s(ytd), "target_wan": _s(rules.q2(due))},
                              ctx.ledger_link(code, live=1))
    return result


# ---------------------------------------------------------------------------- new starts

def starts_figures(ctx: Context) -> dict[str, dict]:
    """Projects started from 1 January to the period's end per ranked region: count and 总投资."""

    def load(months: list[int]) -> dict[int, dict]:
        from sanpi.projects.models import Project

        year = ctx.period.year
        rows = (Project.objects.filter(started_on__gte=dt.date(year, 1, 1), started_on__lte=month_end(year, max(months)))
                .exclude(stage="terminated").annotate(unit=ctx.unit("region"), month=ExtractMonth("started_on"))
                .exclude(unit=None).values("unit", "month").annotate(n=Count("id"), inv=Sum("total_investment_wan"))
                .order_by())
        out: dict[int, dict] = {m: {} for m in months}
        for r in rows:  # one row per region and month started: the months' running totals
            for m in months:
                if r["month"] <= m:
                    cell = out[m].setdefault(r["unit"], {"count": 0, "investment_wan": Decimal(0)})
                    cell["count"] += r["n"]
                    cell["investment_wan"] += r["inv"] or Decimal(0)
        return out

    return by_month(ctx, "starts", load)


def _starts_link(ctx: Context, code: str) -> str:
    return ctx.ledger_link(code, reached="started")


def _every_region_starts(ctx: Context) -> dict[str, dict]:
    """A count of the ledger is known for every region: none started is 0, not 无数据."""
    starts = starts_figures(ctx)
    return {r.code: starts.get(r.code, {"count": 0, "investment_wan": Decimal(0)}) for r in ctx.regions}


@register("new_starts", "新开工项目", "个")
def new_starts(ctx: Context) -> dict[str, Figure]:
    """Projects started from 1 January to the period's end (终止 excluded)."""
    return {code: Figure(Decimal(row["count"]), {"count": row["count"], "investment_wan": _s(row["investment_wan"])},
                         _starts_link(ctx, code)) for code, row in _every_region_starts(ctx).items()}


@register("new_starts_investment", "新开工项目总投资", "万元")
def new_starts_investment(ctx: Context) -> dict[str, Figure]:
    return {code: Figure(row["investment_wan"], {"count": row["count"], "investment_wan": _s(row["investment_wan"])},
                         _starts_link(ctx, code)) for code, row in _every_region_starts(ctx).items()}


def _start_rate(ctx: Context, measure: str, target_field: str) -> dict[str, Figure]:
    starts = starts_figures(ctx)
    result = {}
    for code, target in _targets(ctx).items():
        goal = getattr(target, target_field)
        if not goal:
            continue
        due = Decimal(goal) * due_share(target, ctx.period) / 100
        done = starts.get(code, {}).get(measure, 0)
        result[code] = Figure(rules.rate(done, due), {"done": _s(done), "target": _s(rules.q2(due))},
                              _starts_link(ctx, code))
    return result


@register("new_starts_rate", "新开工项目数目标完成率", "%")
def new_starts_rate(ctx: Context) -> dict[str, Figure]:
    return _start_rate(ctx, "count", "new_starts")


@register("new_starts_investment_rate", "新开工投资目标完成率", "%")
def new_starts_investment_rate(ctx: Context) -> dict[str, Figure]:
    return _start_rate(ctx, "investment_wan", "new_starts_investment_wan")


# ---------------------------------------------------------------------------- 三个一批

@register("activity_task_rate", "三个一批任务完成率", "%")
def activity_task_rate(ctx: Context) -> dict[str, Figure]:
    """Entries of the owner's periods held in the scoring period against the regions' tasks for those
    periods. params: batch (signed | started | producing), measure (projects | investment)."""
    from sanpi.activities.models import ListEntry, Period

    from .models import ActivityTask

    batch = ctx.params.get("batch", "signed")
    measure = ctx.params.get("measure", "projects")
    periods = list(Period.objects.filter(host_region=ctx.owner, held_on__gte=ctx.start, held_on__lte=ctx.end)
                   .values_list("pk", flat=True))
    done = {r["unit"]: r for r in ListEntry.objects.filter(period__in=periods, batch=batch)
            .annotate(unit=ctx.unit("region")).exclude(unit=None).values("unit")
            .annotate(n=Count("id"), inv=Sum("declared_total_investment_wan")).order_by()}
    tasks = (ActivityTask.objects.filter(period__in=periods, batch=batch, target__region__in=[r.code for r in ctx.regions])
             .values("target__region").annotate(n=Sum("projects"), inv=Sum("investment_wan")).order_by())
    result = {}
    for task in tasks:
        code = task["target__region"]
        row = done.get(code, {"n": 0, "inv": Decimal(0)})
        achieved, goal = (row["n"], task["n"]) if measure == "projects" else (row["inv"] or Decimal(0), task["inv"])
        link = ctx.ledger_link(code, batch=batch, **({"period": periods[0]} if len(periods) == 1 else {}))
        result[code] = Figure(rules.rate(achieved, goal), {"done": _s(achieved), "task": _s(goal),
                                                           "periods": len(periods)}, link)
    return result


# ---------------------------------------------------------------------------- lights

def _lights(ctx: Context) -> dict[str, dict]:
    def load(months: list[int]) -> dict[int, dict]:
        from sanpi.progress.models import ProjectLight

        rows = (ProjectLight.objects.filter(year=ctx.period.year, month__in=months)
                .annotate(unit=ctx.unit("project__region")).exclude(unit=None).values("unit", "month")
                .annotate(red=Count("id", filter=Q(colour="red")), yellow=Count("id", filter=Q(colour="yellow")),
                          total=Count("id")).order_by())
        out: dict[int, dict] = {m: {} for m in months}
        for r in rows:
            out[r["month"]][r["unit"]] = r
        return out

    return by_month(ctx, "lights", load)


def _light_link(ctx: Context, code: str, colour: str) -> str:
    return "/progress/lights/?" + urlencode({"period": f"{ctx.period.year}-{ctx.period.last_month:02d}",
                                             "colour": colour, "region": code})


@register("red_lights", "红灯项目", "个")
def red_lights(ctx: Context) -> dict[str, Figure]:
    """Projects lit red in the period's last month (score it lower-is-better)."""
    return {code: Figure(Decimal(r["red"]), {"red": r["red"], "evaluated": r["total"]}, _light_link(ctx, code, "red"))
            for code, r in _lights(ctx).items()}


@register("yellow_lights", "黄灯项目", "个")
def yellow_lights(ctx: Context) -> dict[str, Figure]:
    return {code: Figure(Decimal(r["yellow"]), {"yellow": r["yellow"], "evaluated": r["total"]},
                         _light_link(ctx, code, "yellow")) for code, r in _lights(ctx).items()}


# ---------------------------------------------------------------------------- 观摩 and combined scores

@register("inspection_score", "观摩拉练得分", "分")
def inspection_score(ctx: Context) -> dict[str, Figure]:
    """Mean result of the region's visited projects in the owner's 观摩 events held in the period."""
    from .inspections import region_results

    return region_results(ctx)


@register("scheme_score", "分项考评得分", "分")
def scheme_score(ctx: Context) -> dict[str, Figure]:
    """Another scheme's score of a sub-period (params: scheme = its name; part = m1/m2/m3 for a quarter's
    months, q1–q4 for a year's quarters, or "same"): the published ranking where one exists, else
    computed now. An annual score combines monthly and quarterly ones with weights this way."""
    from .scoring import sub_scores

    return sub_scores(ctx)

"""Reads of the look-ahead: year-end forecasts (per project and per region) and their backtest.

Monthly amounts come from current reports that were submitted (as the lights count them), in the
user's scope; the profile is learnt from at most HISTORY_PROJECTS projects (lowest ids) so that a
province-wide page reads a bounded number of rows.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from sanpi.accounts.access import region_codes_below, scope_projects
from sanpi.progress import rules
from sanpi.progress import selectors as progress_selectors
from sanpi.progress.models import MonthlyPlan, MonthlyReport
from sanpi.projects.models import AnnualPlan

from .forecast import Forecast, Profile, backtest_errors, forecast, learn_profile, naive

HISTORY_PROJECTS = 3000


@dataclass(frozen=True)
class History:
    project_id: int
    year: int
    amounts: tuple[float, ...]  # 12 monthly amounts, 万元
    first: int  # first month of the year the project was active (1 when it started before the year)


def _reports(*, user, region: str | None, years: tuple[int, int]) -> QuerySet:
    qs = scope_projects(MonthlyReport.objects.filter(
        is_current=True, status__in=progress_selectors.COUNTED, year__gte=years[0], year__lte=years[1]),
        user, region_field="project__region")
    if region:
        qs = qs.filter(project__region__in=region_codes_below(region))
    return qs


def histories(*, user, region: str | None, years: tuple[int, int]) -> list[History]:
    """Full years (12 reports) of monthly amounts in `years` (inclusive)."""
    qs = _reports(user=user, region=region, years=years)
    ids = list(qs.order_by("project_id").values_list("project_id", flat=True).distinct()[:HISTORY_PROJECTS])
    months: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    started: dict[int, dt.date | None] = {}
    for pid, year, month, amount, on in qs.filter(project_id__in=ids).values_list(
            "project_id", "year", "month", "month_completed_wan", "project__started_on").order_by():
        months[(pid, year)][month] = float(amount)
        started[pid] = on
    found = []
    for (pid, year), by_month in sorted(months.items()):
        if len(by_month) < 12:
            continue
        on = started[pid]
        first = on.month if on and on.year == year else (13 if on and on.year > year else 1)
        if first > 12:
            continue
        found.append(History(pid, year, tuple(by_month[m] for m in range(1, 13)), first))
    return found


def profile_of(found: list[History], *, before: int) -> Profile:
    """The seasonal profile from projects active all year in years before `before`."""
    return learn_profile([h.amounts for h in found if h.year < before and h.first == 1])


@dataclass(frozen=True)
class ProjectForecast:
    project_id: int
    name: str
    region: str
    plan_wan: Decimal
    ytd_wan: Decimal
    forecast: Forecast

    @property
    def rate(self) -> Decimal | None:
        return rules.round1(self.forecast.expected * 100 / self.plan_wan) if self.plan_wan else None


def year_end(*, user, region: str | None, year: int, month: int, limit: int = 200) -> dict:
    """Forecasts for the projects with a plan for `year` (largest plans first, at most `limit`) and
    for the whole scope, after `month`. One query for the plans, one for the history."""
    profile = profile_of(histories(user=user, region=region, years=(year - 3, year - 1)), before=year)
    plans = progress_selectors.plans_with_done(user=user, year=year, month=month, region=region).order_by(
        "-planned_investment_wan", "project_id").values_list(
        "project_id", "project__name", "project__region__name", "planned_investment_wan", "ytd_done",
        "project__started_on")
    rows, total = [], {"plan": Decimal(0), "ytd": Decimal(0), "expected": Decimal(0), "low": Decimal(0),
                       "high": Decimal(0), "by_plan": 0, "projects": 0}
    for pid, name, region_name, plan, ytd, on in plans:
        first = on.month if on and on.year == year else 1
        result = forecast(ytd=ytd or Decimal(0), month=month, plan=plan, profile=profile, first=first)
        total["projects"] += 1
        total["by_plan"] += result.method == "plan"
        for key, value in (("plan", plan), ("ytd", ytd or 0), ("expected", result.expected),
                           ("low", result.low), ("high", result.high)):
            total[key] += value
        if len(rows) < limit:
            rows.append(ProjectForecast(pid, name, region_name, plan, ytd or Decimal(0), result))
    return {"year": year, "month": month, "profile": profile, "rows": rows, "total": total,
            "words": region_words(total, profile=profile, month=month)}


def region_words(total: dict, *, profile: Profile, month: int) -> str:
    if not total["projects"]:
        return "没有本年度有计划的项目。"
    if month >= 12:
        return f"全年已报，完成 {rules.wan(total['ytd'])} 万元。"
    rate = f"，为年度计划的{rules.pct(total['expected'] * 100 / total['plan'])}" if total["plan"] else ""
    head = ("往年月报不足，按年度计划推算" if profile.thin else
            f"按往年{month + 1}-12月完成占全年{rules.pct(Decimal(str(1 - profile.share(1, month))) * 100)}推算"
            if month < 11 else f"按往年12月完成占全年{rules.pct(Decimal(str(profile.shares[11])) * 100)}推算")
    plan_note = f"（其中 {total['by_plan']} 个项目尚无完成投资或无历史，按年度计划推算）" if total["by_plan"] else ""
    return (f"{head}，{total['projects']} 个项目预计全年完成 {rules.wan(total['expected'])} 万元"
            f"（区间 {rules.wan(total['low'])}—{rules.wan(total['high'])} 万元）{rate}{plan_note}。")


def backtest(*, user, region: str | None = None, years: tuple[int, int]) -> dict:
    """The forecast against the naive 序时 extrapolation on earlier years, month by month: for each
    year in `years` that has an earlier year, the profile is learnt from the earlier years only, and
    every project with 12 reports and a plan is forecast after months 1–11 and compared with its
    actual year. Returns {"forecast_mae", "naive_mae", "cases", "years"} (万元)."""
    found = histories(user=user, region=region, years=(years[0] - 1, years[1]))
    plans = {(pid, y): (pk, amount) for pk, pid, y, amount in AnnualPlan.objects.filter(
        project_id__in={h.project_id for h in found}, year__gte=years[0], year__lte=years[1]).values_list(
        "pk", "project_id", "year", "planned_investment_wan")}
    cumulative = {(plan, m): c for plan, m, c in MonthlyPlan.objects.filter(
        plan_id__in=[pk for pk, _ in plans.values()]).values_list("plan_id", "month", "cumulative_planned_wan")}
    cases, tested = [], set()
    for year in range(years[0], years[1] + 1):
        profile = profile_of(found, before=year)
        for h in (h for h in found if h.year == year and (h.project_id, year) in plans):
            plan_pk, plan = plans[(h.project_id, year)]
            actual = sum(h.amounts)
            for month in range(1, 12):
                ytd = Decimal(str(sum(h.amounts[:month])))
                benchmark = rules.time_benchmark(month, cumulative_plan=cumulative.get((plan_pk, month)),
                                                 annual_plan=plan)
                ours = forecast(ytd=ytd, month=month, plan=plan, profile=profile, first=h.first).expected
                cases.append((actual, float(ours), float(naive(ytd=ytd, benchmark_pct=benchmark, plan=plan))))
                tested.add(year)
    forecast_mae, naive_mae = backtest_errors(cases)
    return {"forecast_mae": round(forecast_mae, 1), "naive_mae": round(naive_mae, 1), "cases": len(cases),
            "years": sorted(tested)}


@dataclass(frozen=True)
class NextLight:
    project_id: int
    name: str
    region: str
    colour_now: str
    colour_next: str
    reasons: tuple[str, ...]


def lights_next_month(*, user, region: str | None = None) -> dict:
    """Projects whose overall light would get worse next month if their trend continues (investment
    pace, reports running late), worst first. Three queries: this month's lights, the rules, the
    overall lights."""
    from sanpi.progress.models import AlertRule, Light, ProjectLight
    from sanpi.progress.selectors import latest_evaluated_month

    from . import nextmonth

    month_of = latest_evaluated_month()
    if month_of is None:
        return {"month": None, "rows": []}
    year, month = month_of
    lights = scope_projects(Light.objects.filter(year=year, month=month, dimension__in=[
        "investment_pace", "report_overdue"]).exclude(colour="red"), user, region_field="project__region")
    if region:
        lights = lights.filter(project__region__in=region_codes_below(region))
    lights = list(lights.values_list("project_id", "dimension", "figures", "rule_set_id"))
    rule_rows = AlertRule.objects.filter(rule_set_id__in={r for *_, r in lights}).values_list(
        "rule_set_id", "dimension", "yellow_threshold", "red_threshold", "threshold_kind", "consecutive_months")
    found = {(rs, d): rules.Rule(d, y, r, k, c) for rs, d, y, r, k, c in rule_rows}
    overall = dict(ProjectLight.objects.filter(year=year, month=month, project_id__in={p for p, *_ in lights})
                   .values_list("project_id", "colour"))
    projected: dict[int, list] = defaultdict(list)
    for pid, dimension, figures, rule_set in lights:
        rule = found.get((rule_set, dimension))
        if rule is None:
            continue
        if dimension == "investment_pace" and figures.get("annual_plan_wan"):
            result = nextmonth.pace_next(rule, ytd=Decimal(figures["ytd_wan"]),
                                         annual_plan=Decimal(figures["annual_plan_wan"]),
                                         benchmark=Decimal(figures["time_benchmark"]), month=month)
        elif dimension == "report_overdue":
            result = nextmonth.overdue_next(rule, months_overdue=int(figures.get("months_overdue") or 0), month=month)
        else:
            result = None
        if result is not None:
            projected[pid].append(result)
    worse = {pid: items for pid, items in projected.items()
             if max(rules.SEVERITY[i.colour] for i in items) > rules.SEVERITY[overall.get(pid, rules.GREEN)]}
    from sanpi.projects.models import Project

    info = {p: (n, r) for p, n, r in Project.objects.filter(pk__in=worse).values_list("pk", "name", "region__name")}
    rows = []
    for pid, items in worse.items():
        colour = rules.worst(i.colour for i in items)
        reasons = tuple(i.reason for i in items if rules.SEVERITY[i.colour] > rules.SEVERITY[overall.get(pid, "green")])
        rows.append(NextLight(pid, info[pid][0], info[pid][1], overall.get(pid, rules.GREEN), colour, reasons))
    rows.sort(key=lambda r: (-rules.SEVERITY[r.colour_next], r.project_id))
    return {"month": (year, month), "next": (year + month // 12, month % 12 + 1), "rows": rows}

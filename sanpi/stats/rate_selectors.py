"""The rates of `rates.py` for a region and each region below it: a handful of queries grouped by the
project's region (none per region), summed up to the rows in Python."""

import calendar
import datetime as dt
from decimal import Decimal

from django.db.models import Count, F, FilteredRelation, Q, Sum
from django.db.models.functions import Coalesce

from sanpi.accounts.access import region_codes_below, region_rule, scope_projects
from sanpi.accounts.models import Region
from sanpi.accounts.region_table import RegionTable, subtree
from sanpi.approvals.models import ApprovalItem
from sanpi.approvals.selectors import COUNTED as APPROVAL_COUNTED
from sanpi.funding.models import FundingLine, FundingMonth
from sanpi.progress import plan_figures
from sanpi.projects.models import AnnualPlan, Project

from . import rates

ZERO = Decimal(0)


def row_regions(region: Region, table: RegionTable | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """({region code below `region`: the row it is counted in}, {row code: name}). A province's rows
    are its 省辖市 by 统计归口 (航空港区 is its own row); below that, the regions directly under it.
    `table`: the regions read once by a caller that asks for many scopes (stats/refresh.py)."""
    rows = subtree(region.path, table)
    mapping: dict[str, str] = {}
    depth = len(region.path.strip("/").split("/"))
    for r in rows:
        if r.code == region.code:
            continue
        if region.kind == Region.Kind.PROVINCE:
            mapping[r.code] = r.unit or r.code
        else:
            mapping[r.code] = r.path.strip("/").split("/")[depth]
    mapping = {code: row for code, row in mapping.items() if row != region.code}
    known = {r.code: r.name for r in rows}
    wanted = set(mapping.values())
    names = {code: known[code] for code in wanted if code in known}
    if len(names) < len(wanted):  # a 统计归口 outside the subtree
        names.update(Region.objects.filter(code__in=wanted - set(names)).values_list("code", "name"))
    return mapping, names


def _by_region(qs, key: str, **aggregates) -> dict[str, dict]:
    return {row.pop(key): row for row in qs.values(key).annotate(**aggregates).order_by(key)}


def figures_by_region(*, user, region: Region, year: int, month: int,
                      plans: dict[str, dict] | None = None) -> dict[str, dict[str, tuple]]:
    """{project region code: {rate key: (numerator, denominator)}} for the projects in `region` and below
    that `user` may see. `plans`: plan_figures.plan_rows grouped by region_id of those projects, when
    the caller has them (`sanpi stats refresh` reads them once for the dashboard's completion figures)."""
    start, ends = dt.date(year, 1, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    in_scope = scope_projects(Project.objects.filter(region_rule(region)), user)
    # The plans' money in one set-based pass (a LEFT JOIN to each plan's reports and monthly plan), not
    # three correlated subqueries per annual plan (plans_with_done): ~640,000 plans at 1M projects.
    if plans is None:
        plans = plan_figures.plan_rows(year=year, month=month, projects=in_scope, group="region_id")
    money = {code: {"plan": row["plan"], "ytd": row["ytd"], "cumulative": row["cumulative"],
                    "without": row["plan_without_monthly"]} for code, row in plans.items()}
    tracked = AnnualPlan.objects.filter(year=year, project__in=in_scope.exclude(stage="terminated").values("pk")).values(
        "project_id")
    # Only projects with a planned date in the year can count: narrowed first, so the plan's date is
    # looked up for those rows only.
    in_year = {"gte": start, "lte": ends}
    candidates = (Q(**{f"planned_start_date__{k}": v for k, v in in_year.items()})
                  | Q(**{f"planned_production_date__{k}": v for k, v in in_year.items()})
                  | Q(**{f"planned_capacity_date__{k}": v for k, v in in_year.items()})
                  | Q(pk__in=AnnualPlan.objects.filter(year=year, planned_production__range=(start, ends))
                      .values("project_id")))
    # The year's plan (one per project and year) joined once: its 投产 date was a subquery run four
    # times per candidate project (~250,000 candidates at 1M projects).
    projects = scope_projects(Project.objects.filter(candidates, region__in=region_codes_below(region)), user).annotate(
        plan_of_year=FilteredRelation("annual_plans", condition=Q(annual_plans__year=year)),
        production_due_on=Coalesce(F("plan_of_year__planned_production"), "planned_production_date"))
    due = _by_region(
        projects, "region_id",
        start_due=Count("id", filter=Q(signed_on__lte=ends, planned_start_date__gte=start,
                                       planned_start_date__lte=ends)),
        started=Count("id", filter=Q(signed_on__lte=ends, planned_start_date__gte=start, planned_start_date__lte=ends,
                                     started_on__lte=ends)),
        production_due=Count("id", filter=Q(production_due_on__gte=start, production_due_on__lte=ends)),
        produced=Count("id", filter=Q(production_due_on__gte=start, production_due_on__lte=ends,
                                      produced_on__lte=ends)),
        capacity_due=Count("id", filter=Q(planned_capacity_date__gte=start, planned_capacity_date__lte=ends)),
        capacity=Count("id", filter=Q(planned_capacity_date__gte=start, planned_capacity_date__lte=ends,
                                      capacity_on__lte=ends)),
    )
    items = _by_region(ApprovalItem.objects.filter(APPROVAL_COUNTED, project__in=tracked), "project__region_id",
                       done=Count("id", filter=Q(status="done", done_on__lte=ends)), total=Count("id"))
    lines = _by_region(FundingLine.objects.filter(year=year, project__in=tracked), "project__region_id",
                       allocated=Sum("allocated_wan"))
    flows = _by_region(FundingMonth.objects.filter(line__year=year, month__lte=month, line__project__in=tracked),
                       "line__project__region_id", arrived=Sum("arrived_wan"), paid=Sum("paid_wan"))
    result: dict[str, dict[str, tuple]] = {}
    for code in {*money, *due, *items, *lines, *flows}:
        m, d, i = money.get(code, {}), due.get(code, {}), items.get(code, {})
        f, ln = flows.get(code, {}), lines.get(code, {})
        plan = m.get("plan") or ZERO
        benchmark = (m.get("cumulative") or ZERO) + (m.get("without") or ZERO) * month / 12
        result[code] = {
            "approvals": (i.get("done", 0), i.get("total", 0)),
            "funds_arrival": (f.get("arrived") or ZERO, ln.get("allocated") or ZERO),
            "funds_payment": (f.get("paid") or ZERO, m.get("ytd") or ZERO),
            "start": (d.get("started", 0), d.get("start_due", 0)),
            "production": (d.get("produced", 0), d.get("production_due", 0)),
            "capacity": (d.get("capacity", 0), d.get("capacity_due", 0)),
            "investment": (m.get("ytd") or ZERO, plan),
            "benchmark": (benchmark.quantize(Decimal("0.01")), plan),
        }
    return result


def region_rates(*, user, region: Region, year: int, month: int) -> list[dict]:
    """[{code, name, rates: [Rate]}]: the region first, then each row below it in code order (rows
    without any project are shown with empty rates)."""
    return rates_from_figures(figures_by_region(user=user, region=region, year=year, month=month), region=region)


def country_figures(*, year: int, month: int, plans: dict[str, dict] | None = None) -> dict[str, dict[str, tuple]]:
    """figures_by_region of every project, read once per top-level region (`sanpi stats refresh`): a
    region scope's rows are these rows of the codes below it (rates_from_figures keeps only those).
    `plans`: plan_figures.plan_rows of every project grouped by region_id, when the caller has them."""
    from sanpi.accounts.models import User

    everyone = User(is_superuser=True)  # unsaved: the global scope (access.is_global), no row read
    found: dict[str, dict[str, tuple]] = {}
    # Only the top-level regions holding projects: each pass costs ~0.3 s even over none (34 provinces).
    holding = Project.objects.order_by().values("province_code").distinct()
    for top in Region.objects.filter(parent__isnull=True, code__in=holding).order_by("code"):
        mine = None
        if plans is not None:
            below = set(Region.objects.filter(path__startswith=top.path).values_list("code", flat=True))
            mine = {code: row for code, row in plans.items() if code in below}
        found.update(figures_by_region(user=everyone, region=top, year=year, month=month, plans=mine))
    return found


def rates_from_figures(by_code: dict[str, dict[str, tuple]], *, region: Region,
                       table: RegionTable | None = None) -> list[dict]:
    """region_rates from per-project-region figures; codes outside `region` are left out."""
    mapping, names = row_regions(region, table)
    inside = set(mapping) | {region.code}
    by_code = {code: figures for code, figures in by_code.items() if code in inside}
    rows: dict[str, dict] = {code: {} for code in sorted(names)}
    total: dict[str, tuple] = {}
    for code, figures in by_code.items():
        total = rates.add(total, figures)
        row = mapping.get(code)
        if row is not None:
            rows[row] = rates.add(rows[row], figures)
    result = [{"code": region.code, "name": region.name, "rates": rates.rates_from(total)}]
    result += [{"code": code, "name": names[code], "rates": rates.rates_from(figures)} for code, figures in rows.items()]
    return result

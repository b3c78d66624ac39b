"""The project list behind the ledger page and every drill-down link of the dashboard.

Pagination never counts the whole scope: a page fetches PAGE_SIZE + 1 rows (OFFSET on the sorted,
indexed columns) and shows 下一页 when the extra row exists. The count and 总投资 of a filtered list
come from `ledger_totals`, loaded after the page by htmx and cached for 60 s, so a province user
opening 1,000,000 projects waits for 21 rows, not for a COUNT(*).
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum

from sanpi.accounts.models import Region
from sanpi.activities.models import KeyProjectEntry, ListEntry
from sanpi.core import bounds
from sanpi.progress.models import ProjectLight
from sanpi.progress.selectors import latest_evaluated_month
from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import Category, Project
from sanpi.projects.selectors import SORTS, project_list

PAGE_SIZE = 20
MAX_PAGE = 500  # OFFSET beyond 10,000 rows: ask the user to narrow the filters instead
TOTALS_CACHE_SECONDS = 60
BATCHES = {"signed": "签约一批", "started": "开工一批", "producing": "投产一批"}
LIGHTS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}
SIZE_BUCKETS = {
    # key: (label, lower bound 万元 inclusive, upper bound exclusive or None)
    "lt1": ("1亿元以下", Decimal(0), Decimal(10000)),
    "1to10": ("1亿–10亿元", Decimal(10000), Decimal(100000)),
    "10to50": ("10亿–50亿元", Decimal(100000), Decimal(500000)),
    "50to100": ("50亿–100亿元", Decimal(500000), Decimal(1000000)),
    "100plus": ("100亿元以上", Decimal(1000000), None),
}
TEXT_KEYS = ("region", "unit", "stage", "industry", "q", "batch", "light", "size", "reached", "domain", "live")
INT_KEYS = ("period", "keylist", "leader")
# 'reached' = the project has ever reached the stage (the funnel's 签约 → 开工 → 投产 drill-down).
REACHED = {"signed": "signed_on", "started": "started_on", "producing": "produced_on"}


@dataclass
class LedgerQuery:
    """The list's filters as read from a query string; unknown or malformed values are dropped."""

    filters: dict[str, Any] = field(default_factory=dict)
    sort: str = "-id"
    page: int = 1
    ignored: list[str] = field(default_factory=list)  # malformed parameters, named on the page

    @classmethod
    def from_params(cls, params) -> "LedgerQuery":
        filters: dict[str, Any] = {}
        ignored: list[str] = []
        for key in TEXT_KEYS:
            value = bounds.strip_control(params.get(key) or "").strip()
            if value:
                filters[key] = value[:100]
        for key in INT_KEYS:
            value = (params.get(key) or "").strip()
            if value and (number := bounds.parse_id(value)) is None:
                ignored.append(key)
            elif value:
                filters[key] = number
        domain = filters.get("domain", "")
        if domain.isdigit() and bounds.parse_id(domain) is None:  # "²" is a digit to str.isdigit
            filters.pop("domain")
            ignored.append("domain")
        if filters.get("stage") not in Stage.values:
            filters.pop("stage", None)
        if filters.get("batch") not in BATCHES:
            filters.pop("batch", None)
        if filters.get("light") not in LIGHTS:
            filters.pop("light", None)
        if filters.get("size") not in SIZE_BUCKETS:
            filters.pop("size", None)
        if filters.get("reached") not in REACHED:
            filters.pop("reached", None)
        if filters.get("live") != "1":
            filters.pop("live", None)
        sort = params.get("sort") or "-id"
        page = bounds.parse_id(params.get("page") or "1")
        if page is None:
            ignored.append("page")
        return cls(filters=filters, sort=sort if sort in SORTS else "-id", page=page or 1,
                   ignored=ignored)

    def cache_key(self, user) -> str:
        text = repr((user.pk, sorted(self.filters.items())))
        return "ledger-totals:" + hashlib.sha1(text.encode()).hexdigest()


@dataclass
class LedgerPage:
    rows: list
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first_index(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.rows) - 1


def ledger_queryset(*, user, query: LedgerQuery) -> QuerySet:
    """Projects the user may see matching every filter, sorted. Filters on other apps' tables are
    `id IN (subquery)`, so the database plans them with the rest."""
    f = query.filters
    base = {k: f[k] for k in ("region", "stage", "industry", "leader", "q") if k in f}
    qs = project_list(user=user, filters=base, sort=query.sort)
    if "domain" in f:
        # A category id, or a domain code across years (the dashboard sums 领域 by code).
        domain = f["domain"]
        qs = qs.filter(domain=int(domain)) if domain.isascii() and domain.isdigit() else qs.filter(
            domain__in=Category.objects.filter(scheme=Category.Scheme.DOMAIN, code=domain).values("pk"))
    if "unit" in f:
        # The rows of a province's breakdown by 省辖市 (Region.reporting_unit).
        units = Region.objects.filter(Q(reporting_unit=f["unit"]) | Q(code=f["unit"], reporting_unit__isnull=True))
        qs = qs.filter(region__in=units.values("code"))
    if "live" in f:
        qs = qs.exclude(stage=Stage.TERMINATED)
    if "period" in f:
        entries = ListEntry.objects.filter(period=f["period"])
        if "batch" in f:
            entries = entries.filter(batch=f["batch"])
        qs = qs.filter(pk__in=entries.values("project_id"))
    if "keylist" in f:
        qs = qs.filter(pk__in=KeyProjectEntry.objects.filter(key_list=f["keylist"]).values("project_id"))
    if "size" in f:
        _, low, high = SIZE_BUCKETS[f["size"]]
        qs = qs.filter(total_investment_wan__gte=low)
        if high is not None:
            qs = qs.filter(total_investment_wan__lt=high)
    if "reached" in f:
        qs = qs.filter(**{f"{REACHED[f['reached']]}__isnull": False})
    if "light" in f:
        qs = _filter_light(qs, f["light"])
    return qs


def latest_light_month() -> tuple[int, int] | None:
    """The latest month that has been evaluated (红黄绿灯), as (year, month)."""
    return latest_evaluated_month()


def _filter_light(qs: QuerySet, colour: str) -> QuerySet:
    """Projects whose overall light of the latest evaluated month is `colour`."""
    month = latest_light_month()
    if month is None:
        return qs.none()
    lit = ProjectLight.objects.filter(year=month[0], month=month[1], colour=colour)
    return qs.filter(pk__in=lit.values("project_id"))


def ledger_page(*, user, query: LedgerQuery) -> LedgerPage:
    """One page of the list. The ids are found first (sorted on the project table alone, no joins),
    then only those rows are read with their region, industry, domain and owner: joining before the
    LIMIT would make the database join every matching project before sorting."""
    offset = (query.page - 1) * PAGE_SIZE
    ids = list(ledger_queryset(user=user, query=query).values_list("pk", flat=True)[offset : offset + PAGE_SIZE + 1])
    rows = Project.objects.filter(pk__in=ids[:PAGE_SIZE]).select_related("region", "industry", "domain", "owner")
    by_id = {p.pk: p for p in rows}
    return LedgerPage(rows=[by_id[pk] for pk in ids[:PAGE_SIZE]], page=query.page, has_next=len(ids) > PAGE_SIZE)


def ledger_totals(*, user, query: LedgerQuery) -> dict[str, Any]:
    """Count and 总投资 (万元) of the whole filtered list: the figures a dashboard card links to."""
    key = query.cache_key(user)
    totals = cache.get(key)
    if totals is None:
        totals = ledger_queryset(user=user, query=query).order_by().aggregate(
            count=Count("id"), investment_wan=Sum("total_investment_wan")
        )
        totals["investment_wan"] = totals["investment_wan"] or Decimal(0)
        cache.set(key, totals, TOTALS_CACHE_SECONDS)
    return totals

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
from django.db.models import Count, QuerySet, Sum

from sanpi.core import bounds
from sanpi.progress.selectors import latest_evaluated_month
from sanpi.projects.filters import BATCHES, LIGHTS, REACHED, SIZE_BUCKETS
from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import Project
from sanpi.projects.selectors import SORTS, project_list

__all__ = ["BATCHES", "LIGHTS", "SIZE_BUCKETS", "REACHED", "LedgerQuery", "ledger_queryset", "ledger_page",
           "ledger_totals", "latest_light_month"]

PAGE_SIZE = 20
MAX_PAGE = 500  # OFFSET beyond 10,000 rows: ask the user to narrow the filters instead
TOTALS_CACHE_SECONDS = 60
# What a row of the list shows (web/projects/_results.html): not every column of 20 projects and their
# four related records, which was 0.6 of the page's 12 ms of CPU (issue 12). A column the rows come to
# show must be added here, or each row reads it with a query of its own (a test counts them).
ROW_FIELDS = ("name", "code", "stage", "stage_date", "total_investment_wan", "region", "region__name", "industry",
              "industry__name", "domain", "domain__name", "owner", "owner__name")
TEXT_KEYS = ("region", "unit", "stage", "industry", "q", "batch", "light", "size", "reached", "domain", "live")
INT_KEYS = ("period", "keylist", "leader")


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
    """Projects the user may see matching every filter (projects.filters.ProjectFilterSet, the same
    as the API's and the export's), sorted. Filters on other apps' tables are `id IN (subquery)`,
    so the database plans them with the rest."""
    return project_list(user=user, filters=query.filters, sort=query.sort)


def latest_light_month() -> tuple[int, int] | None:
    """The latest month that has been evaluated (红黄绿灯), as (year, month)."""
    return latest_evaluated_month()


def ledger_page(*, user, query: LedgerQuery) -> LedgerPage:
    """One page of the list. The ids are found first (sorted on the project table alone, no joins),
    then only those rows are read with their region, industry, domain and owner: joining before the
    LIMIT would make the database join every matching project before sorting."""
    offset = (query.page - 1) * PAGE_SIZE
    ids = list(ledger_queryset(user=user, query=query).values_list("pk", flat=True)[offset : offset + PAGE_SIZE + 1])
    rows = (Project.objects.filter(pk__in=ids[:PAGE_SIZE]).select_related("region", "industry", "domain", "owner")
            .only(*ROW_FIELDS))
    by_id = {p.pk: p for p in rows}
    return LedgerPage(rows=[by_id[pk] for pk in ids[:PAGE_SIZE]], page=query.page, has_next=len(ids) > PAGE_SIZE)


def ledger_totals(*, user, query: LedgerQuery) -> dict[str, Any]:
    """Count and 总投资 (万元) of the whole filtered list: the figures a dashboard card links to."""
    key = query.cache_key(user)
    totals = cache.get(key)
    if totals is None:
        # COUNT(*), not COUNT(id): the filter indexes carry 总投资 but not the id, so counting the id sends
        # PostgreSQL to the heap (1M projects, 开工·郑州: 34,295 blocks, 520 ms when they are not in memory)
        # where an index-only scan answers (35 ms).
        totals = ledger_queryset(user=user, query=query).order_by().aggregate(
            count=Count("*"), investment_wan=Sum("total_investment_wan")
        )
        totals["investment_wan"] = totals["investment_wan"] or Decimal(0)
        cache.set(key, totals, TOTALS_CACHE_SECONDS)
    return totals

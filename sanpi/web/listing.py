"""Sorting and paging for any list page.

A list names the columns it sorts by (a whitelist: `?sort=` with any other value falls back to the
default, so a URL can never order by an arbitrary field) and pages with a total count. The sort key
travels in the query string beside the filters, so a header link, a page link and 导出 Excel all
keep what the user chose. Templates draw the headers with `{% sort_th %}` and the pager with
`{% include "web/_pager.html" %}`.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet

PER_PAGE = 50
# Past this many rows, page links alone are a poor way to find something: the pager says so.
NARROW_HINT_ROWS = 10_000


@dataclass(frozen=True)
class Sort:
    """The chosen sort key ("-investment") and the whitelist it was chosen from."""

    key: str
    columns: Mapping[str, tuple[str, ...]]

    @property
    def descending(self) -> bool:
        return self.key.startswith("-")

    def order(self, qs: QuerySet) -> QuerySet:
        """`qs` ordered by the chosen column (NULLs last either way, alike on SQLite and PostgreSQL),
        then by id so equal values page deterministically."""
        fields = self.columns[self.key.removeprefix("-")]
        terms = [F(f).desc(nulls_last=True) if self.descending else F(f).asc(nulls_last=True) for f in fields]
        pk = "-pk" if self.descending else "pk"
        return qs.order_by(*terms, pk)


def sort_from(params, columns: Mapping[str, str | tuple[str, ...]], default: str) -> Sort:
    """The `sort` parameter if it names a whitelisted column (optionally with '-'), else `default`."""
    normal = {k: (v,) if isinstance(v, str) else tuple(v) for k, v in columns.items()}
    key = (params.get("sort") or "").strip()
    if (key[1:] if key.startswith("-") else key) not in normal:
        key = default
    return Sort(key=key, columns=normal)


def page_of(qs, params, *, per_page: int | None = None) -> Page:
    """The requested page (?page=N; out of range or malformed gives the nearest valid page)."""
    return Paginator(qs, per_page or PER_PAGE).get_page(params.get("page"))

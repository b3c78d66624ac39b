"""The region tree read once, for code that answers the same question for ~200 regions in a row.

A region's subtree is every region whose path starts with its path; in the table sorted by path that
is one contiguous slice, found by bisection. `subtree(path, table)` gives those rows from the table
when the caller has one (`sanpi stats refresh`: 199 scopes, one read of ~3,400 regions instead of a
few queries per scope) and from one query otherwise, so the code using it is written once.
"""

from bisect import bisect_left
from typing import NamedTuple

from .models import Region

COLUMNS = ("code", "path", "name", "kind", "reporting_unit_id", "parent_id")


class RegionRow(NamedTuple):
    code: str
    path: str
    name: str
    kind: str
    unit: str | None  # Region.reporting_unit
    parent: str | None


class RegionTable:
    def __init__(self):
        self.rows = sorted((RegionRow(*r) for r in Region.objects.values_list(*COLUMNS)), key=lambda r: r.path)
        self.paths = [r.path for r in self.rows]
        self.by_code = {r.code: r for r in self.rows}

    def below(self, path: str) -> list[RegionRow]:
        """The regions whose path starts with `path` (the region itself and every region below it)."""
        start = bisect_left(self.paths, path)
        end = start
        while end < len(self.paths) and self.paths[end].startswith(path):
            end += 1
        return self.rows[start:end]


def subtree(path: str, table: RegionTable | None = None) -> list[RegionRow]:
    """The region at `path` and every region below it ("": all), from `table` when given."""
    if table is not None:
        return table.below(path)
    return [RegionRow(*r) for r in Region.objects.filter(path__startswith=path).values_list(*COLUMNS)]

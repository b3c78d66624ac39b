"""Every scope's dashboard recomputed from one grouped pass per figure (`sanpi stats refresh`, every 5 min).

A region office's figures are sums over the regions at and below its own, so the ledger cube, the
annual-plan figures and the light counts are each read once for the whole country grouped by the
project's region, and every region scope is rolled up from those rows here: ~200 scopes cost three
scans, not 600. The key-project lists are read once too (keys.py), and so is the region tree
(accounts/region_table.py), so a scope costs no query of its own: with a region office for every
region of 河南 (199 scopes) the per-scope queries, and a look at every cube row per scope, had cost
more than the grouped pass (bench/refresh.py). The snapshots are written together at the end.
Scopes that are not a region subtree (an enterprise's organisation, a 包联领导 whose assigned
projects lie elsewhere) keep the per-scope path. The rolled-up figures equal the per-scope ones
(test_refresh compares them).
"""

import time
from typing import Any

from django.db.models import Count
from django.utils import timezone

from sanpi.accounts.access import is_global
from sanpi.accounts.models import User
from sanpi.accounts.region_table import RegionTable
from sanpi.progress import plan_figures
from sanpi.progress import selectors as progress_selectors
from sanpi.progress.models import ProjectLight
from sanpi.progress.verdict import verdict_month
from sanpi.projects.models import Project

from . import rate_selectors, selectors
from . import snapshot as snapshot_json
from .keys import KeyLists


def _region_scoped(user) -> bool:
    """Users whose projects are exactly a region subtree (or everything)."""
    if is_global(user):
        return True
    return bool(user.region_id and user.role not in (User.Role.ENTERPRISE, User.Role.LEADER))


def representatives() -> dict[str, User]:
    found: dict[str, User] = {}
    for user in User.objects.filter(is_active=True).select_related("region").order_by("id"):
        found.setdefault(selectors.scope_key(user), user)  # users of one scope see the same figures
    return found


def refresh_all(*, today) -> list[tuple[str, float]]:
    """(scope, seconds) of every scope; the shared passes are timed as "（分组汇总）", the snapshots of
    the grouped scopes, written together, as "（保存快照）"."""
    reps = representatives()
    grouped = {key: user for key, user in reps.items() if _region_scoped(user)}
    timings: list[tuple[str, float]] = []
    if grouped:
        start = time.perf_counter()
        passes = GroupedPasses(today=today, users=list(grouped.values()))
        timings.append(("（分组汇总）", time.perf_counter() - start))
        data = {}
        for key, user in grouped.items():
            start = time.perf_counter()
            data[key] = snapshot_json.to_json(passes.figures(user))
            timings.append((key, time.perf_counter() - start))
        start = time.perf_counter()
        selectors.store_snapshots(today=today, data=data)
        timings.append(("（保存快照）", time.perf_counter() - start))
    for key, user in reps.items():
        if key not in grouped:
            start = time.perf_counter()
            selectors.dashboard_figures(user=user, today=today, refresh=True)
            timings.append((key, time.perf_counter() - start))
    return timings


class GroupedPasses:
    """The country's figures grouped by project region, read once; `figures(user)` rolls up a scope.

    Each pass's rows are kept by region code, and a scope takes the codes of its subtree (a slice of
    the region table sorted by path), so a scope costs its own rows, not a look at every row of the
    country. `users`: the scopes to be asked for, whose key projects are chosen and annotated together
    (keys.py); another user's are computed when asked."""

    def __init__(self, *, today, users=()):
        self.today = today
        self.table = RegionTable()
        self.labels = selectors.domain_labels()
        self.cube: dict[str, list[tuple]] = {}
        for row in selectors.ledger_cube(Project.objects.all()):
            self.cube.setdefault(row[0], []).append(row)
        self.year, self.month = verdict_month(today)  # the summary's month: the bars' and the lights'
        self.plans = plan_figures.plan_rows(year=self.year, month=self.month, group="region_id")
        self.rates = rate_selectors.country_figures(year=self.year, month=self.month, plans=self.plans)
        self.light_month = selectors.latest_light_month()
        self.lights: dict[str, dict[str, int]] = {}
        if self.light_month:
            rows = (ProjectLight.objects.filter(year=self.light_month[0], month=self.light_month[1])
                    .values_list("project__region_id", "colour").annotate(n=Count("id")).order_by())
            for region, colour, n in rows:
                self.lights.setdefault(region, {})[colour] = n
        self.keys = KeyLists(today=today, table=self.table)
        self.key_payloads = self.keys.payloads(users)

    def _in_scope(self, user, by_region: dict) -> list:
        """The codes of `by_region` at or below the user's region (every code for a global user)."""
        if is_global(user):
            return list(by_region)
        return [r.code for r in self.table.below(user.region.path) if r.code in by_region]

    def figures(self, user) -> dict[str, Any]:
        cube = [row for code in self._in_scope(user, self.cube) for row in self.cube[code]]
        ledger = selectors.overview_from_cube(cube, user=user, table=self.table, labels=self.labels)
        key = selectors.scope_key(user)
        keys = self.key_payloads[key] if key in self.key_payloads else self.keys.payloads([user])[key]
        return {"ledger": ledger, "completion": self._completion(user), "lights": self._lights(user), "keys": keys,
                "rates": rate_selectors.rates_from_figures(self.rates, region=user.region, table=self.table)
                if user.region_id else [],
                "computed_at": timezone.now()}

    def _completion(self, user) -> dict[str, Any]:
        names, child_of = progress_selectors.completion_children(user, self.table)
        total, by_child = plan_figures.empty_row(), {}
        for code in self._in_scope(user, self.plans):
            row = self.plans[code]
            plan_figures.add_into(total, row)
            child = child_of(code)
            if child is not None:
                plan_figures.add_into(by_child.setdefault(child, plan_figures.empty_row()), row)
        rows = [{"code": code, "name": names[code], **progress_selectors.plan_summary(by_child[code], self.month)}
                for code in sorted(by_child)]
        summary = progress_selectors.plan_summary(total, self.month)
        return selectors.completion_from_rows(self.year, self.month, summary, rows)

    def _lights(self, user) -> dict[str, Any]:
        if self.light_month is None:
            return selectors.lights_from_counts(None, None)
        counts = {"red": 0, "yellow": 0, "green": 0}
        for code in self._in_scope(user, self.lights):
            for colour, n in self.lights[code].items():
                if colour in counts:
                    counts[colour] += n
        return selectors.lights_from_counts(self.light_month, counts)

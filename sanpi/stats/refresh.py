"""Every scope's dashboard recomputed from one grouped pass per figure (`sanpi stats refresh`, every 5 min).

A region office's figures are sums over the regions at and below its own, so the ledger cube, the
annual-plan figures and the light counts are each read once for the whole country grouped by the
project's region, and every region scope is rolled up from those rows here: ~200 scopes cost three
scans, not 600. Scopes that are not a region subtree (an enterprise's organisation, a 包联领导 whose
assigned projects lie elsewhere) keep the per-scope path. The rolled-up figures equal the per-scope
ones (test_refresh compares them).
"""

import time
from typing import Any

from django.db.models import Count
from django.utils import timezone

from sanpi.accounts.access import is_global
from sanpi.accounts.models import Region, User
from sanpi.progress import plan_figures
from sanpi.progress import selectors as progress_selectors
from sanpi.progress.models import ProjectLight
from sanpi.projects.models import Project

from . import selectors


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
    """(scope, seconds) of every scope; the shared passes are timed as "（分组汇总）"."""
    reps = representatives()
    grouped = {key: user for key, user in reps.items() if _region_scoped(user)}
    timings: list[tuple[str, float]] = []
    if grouped:
        start = time.perf_counter()
        passes = GroupedPasses(today=today)
        timings.append(("（分组汇总）", time.perf_counter() - start))
        for key, user in grouped.items():
            start = time.perf_counter()
            selectors.store_figures(user=user, today=today, figures=passes.figures(user))
            timings.append((key, time.perf_counter() - start))
    for key, user in reps.items():
        if key not in grouped:
            start = time.perf_counter()
            selectors.dashboard_figures(user=user, today=today, refresh=True)
            timings.append((key, time.perf_counter() - start))
    return timings


class GroupedPasses:
    """The country's figures grouped by project region, read once; `figures(user)` rolls up a scope."""

    def __init__(self, *, today):
        self.today = today
        self.paths = dict(Region.objects.values_list("code", "path"))
        self.cube = selectors.ledger_cube(Project.objects.all())
        self.year, self.month = progress_selectors.previous_month(today)
        self.plans = plan_figures.plan_rows(year=self.year, month=self.month, group="region_id")
        self.light_month = selectors.latest_light_month()
        self.rate_figures: dict[str, dict] = {}  # top region code → rate_selectors.figures_by_region
        self.lights: dict[str, dict[str, int]] = {}
        if self.light_month:
            rows = (ProjectLight.objects.filter(year=self.light_month[0], month=self.light_month[1])
                    .values_list("project__region_id", "colour").annotate(n=Count("id")).order_by())
            for region, colour, n in rows:
                self.lights.setdefault(region, {})[colour] = n

    def _inside(self, user):
        if is_global(user):
            return lambda code: True
        prefix = user.region.path
        return lambda code: self.paths.get(code, "").startswith(prefix)

    def figures(self, user) -> dict[str, Any]:
        inside = self._inside(user)
        ledger = selectors.overview_from_cube([row for row in self.cube if inside(row[0])], user=user)
        return {"ledger": ledger, "completion": self._completion(user, inside), "lights": self._lights(inside),
                "keys": selectors.key_projects(user=user), "computed_at": timezone.now(),
                "rates": selectors.rates_block(user=user, today=self.today, by_code=self._rates(user))}

    def _rates(self, user) -> dict | None:
        """The rates' figures grouped by project region for the top region above the user's, read once
        per top region for every scope below it (a region scope sees exactly its subtree)."""
        if not user.region_id:
            return None
        top = user.region.path.strip("/").split("/")[0]
        if top not in self.rate_figures:
            from .rate_selectors import figures_by_region

            everyone = User(is_superuser=True)  # unsaved: a country-wide reader, narrowed by `region` only
            self.rate_figures[top] = figures_by_region(user=everyone, region=Region.objects.get(pk=top),
                                                       year=self.year, month=self.month)
        return self.rate_figures[top]

    def _completion(self, user, inside) -> dict[str, Any]:
        names, child_of = progress_selectors.completion_children(user)
        total, by_child = plan_figures.empty_row(), {}
        for code, row in self.plans.items():
            if not inside(code):
                continue
            plan_figures.add_into(total, row)
            child = child_of(code)
            if child is not None:
                plan_figures.add_into(by_child.setdefault(child, plan_figures.empty_row()), row)
        rows = [{"code": code, "name": names[code], **progress_selectors.plan_summary(by_child[code], self.month)}
                for code in sorted(by_child)]
        summary = progress_selectors.plan_summary(total, self.month)
        return selectors.completion_from_rows(self.year, self.month, summary, rows)

    def _lights(self, inside) -> dict[str, Any]:
        if self.light_month is None:
            return selectors.lights_from_counts(None, None)
        counts = {"red": 0, "yellow": 0, "green": 0}
        for code, by_colour in self.lights.items():
            if inside(code):
                for colour, n in by_colour.items():
                    if colour in counts:
                        counts[colour] += n
        return selectors.lights_from_counts(self.light_month, counts)

"""The dashboard's key projects (selectors.key_projects) of every region scope from one read, for
`sanpi stats refresh`.

key_projects asks, for one scope, which key-project lists the user can see (those of its region, its
ancestors and the regions below it), their latest year, and the largest listed projects in the scope:
four queries a scope, and ~200 scopes. Here every list and every listed project's region and 总投资
are read once (a few thousand entries), each scope chooses by the same rules in Python, and the
projects chosen by all scopes are annotated for their progress bars together. test_refresh compares
the payloads with key_projects scope by scope.
"""

from decimal import Decimal
from typing import Any

from sanpi.accounts.access import is_global
from sanpi.accounts.region_table import RegionTable
from sanpi.activities.models import KeyProjectEntry, KeyProjectList
from sanpi.progress.verdict import verdict_month
from sanpi.projects.models import Project

from .project_page import with_progress
from .selectors import key_projects_shown, scope_key

CHUNK = 500  # ids per IN (…): well under SQLite's variable limit


class KeyLists:
    def __init__(self, *, today, table: RegionTable, limit: int = 8):
        self.judged = verdict_month(today)
        self.table, self.limit = table, limit
        self.lists = list(KeyProjectList.objects.values_list("pk", "region_id", "year", "level", "batch"))
        self.entries: dict[int, list[int]] = {}
        self.projects: dict[int, tuple[str, Decimal | None]] = {}
        rows = KeyProjectEntry.objects.order_by().values_list(
            "key_list_id", "project_id", "project__region_id", "project__total_investment_wan")
        for list_id, project_id, region_id, total in rows:
            self.entries.setdefault(list_id, []).append(project_id)
            self.projects[project_id] = (region_id, total)

    def _path(self, code: str) -> str:
        row = self.table.by_code.get(code)
        return row.path if row else ""

    def choose(self, user) -> tuple[int, list[int], int] | None:
        """(year, the ids shown in order, the list the card links to), or None without a visible list:
        the rules of key_projects (near_regions, scope_projects, largest 总投资 first then id)."""
        if is_global(user):
            visible, inside = self.lists, None
        elif user.region_id is None:
            return None
        else:
            path = user.region.path
            ancestors = set(path.strip("/").split("/"))
            visible = [k for k in self.lists if k[1] in ancestors or self._path(k[1]).startswith(path)]
            inside = path
        if not visible:
            return None
        year = max(k[2] for k in visible)
        of_year = [k for k in visible if k[2] == year]
        listed = {pk for k in of_year for pk in self.entries.get(k[0], ())}
        if inside is not None:
            listed = {pk for pk in listed if self._path(self.projects[pk][0]).startswith(inside)}

        def largest_first(pk):
            total = self.projects[pk][1]
            return (total is None, -total if total is not None else 0, pk)

        first_list = min(of_year, key=lambda k: (k[3], k[4], k[0]))[0]
        return year, sorted(listed, key=largest_first)[:self.limit], first_list

    def payloads(self, users) -> dict[str, dict[str, Any]]:
        """{scope key: key_projects payload} of each user, the shown projects annotated in one pass."""
        chosen = {scope_key(user): self.choose(user) for user in users}
        ids = sorted({pk for found in chosen.values() if found for pk in found[1]})
        annotated: dict[int, Project] = {}
        for start in range(0, len(ids), CHUNK):
            qs = Project.objects.filter(pk__in=ids[start:start + CHUNK]).select_related("region")
            annotated.update((p.pk, p) for p in with_progress(qs, year=self.judged[0], month=self.judged[1]))
        result = {}
        for key, found in chosen.items():
            if found is None:
                result[key] = {"year": None, "projects": [], "link": ""}
            else:
                year, shown, first_list = found
                result[key] = key_projects_shown(year, [annotated[pk] for pk in shown], self.judged, first_list)
        return result

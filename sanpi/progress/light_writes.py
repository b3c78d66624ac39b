"""Writing a month's lights: only what changed, as plain tuples.

The month's current rows are read once (raw tuples, JSON left as text), compared in memory with the
new verdicts, and the difference is written: rows no longer judged are deleted by id, changed rows
updated by id, new rows inserted through projects/bulk.py (COPY on PostgreSQL, executemany on
SQLite). A re-evaluation that changes nothing writes one UPDATE: every overall light of the month
gets the run's evaluation time (the API shows it).
"""

import datetime as dt
import json
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from sanpi.projects.bulk import insert_rows

from .models import Light, ProjectLight

LIGHT_COLUMNS = ["project_id", "year", "month", "rule_set_id", "rule_set_version", "dimension", "colour", "reason",
                 "figures"]
PROJECT_LIGHT_COLUMNS = ["project_id", "year", "month", "colour", "reasons", "rule_set_id", "evaluated_at"]
CHUNK = 500


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


class _SameJson:
    """Whether stored JSON text equals ours: the same text (SQLite keeps ours verbatim) or the same
    value (PostgreSQL's jsonb answers in its own canonical spelling)."""

    def __init__(self):
        self.parsed: dict[str, object] = {}

    def __call__(self, stored, ours: str) -> bool:
        if stored == ours:
            return True
        if not isinstance(stored, str):
            return stored == json.loads(ours)
        if ours not in self.parsed:
            self.parsed[ours] = json.loads(ours)
        return json.loads(stored) == self.parsed[ours]


def _existing(sql: str, params: list, project_ids: list[int] | None) -> list[tuple]:
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        if project_ids is None:
            cursor.execute(sql, params)
            rows.extend(cursor.fetchall())
        else:
            for chunk in _chunks(list(project_ids)):
                cursor.execute(f"{sql} AND project_id IN ({', '.join('%s' for _ in chunk)})", params + chunk)
                rows.extend(cursor.fetchall())
    return rows


def _delete(table: str, ids: list[int]) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            cursor.execute(f"DELETE FROM {qn(table)} WHERE id IN ({', '.join('%s' for _ in chunk)})", chunk)


def _update(table: str, columns: list[str], rows: list[tuple], *, json_columns: set[str]) -> None:
    """rows: (values of `columns`…, id)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    sets = ", ".join(f"{qn(c)} = %s{cast if c in json_columns else ''}" for c in columns)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {qn(table)} SET {sets} WHERE id = %s", rows)


def write_month(*, year: int, month: int, project_ids: list[int] | None, lights: dict[tuple[int, str], tuple],
                overall: dict[int, tuple], evaluated_at: dt.datetime) -> dict[str, int]:
    """lights: (project, dimension) → (rule_set_id, version, colour, reason, figures JSON);
    overall: project → (colour, reasons JSON, rule_set_id). Both dicts are consumed. Returns how many rows were inserted,
    updated and deleted."""
    stamp = timezone.make_naive(evaluated_at, dt.UTC) if connection.vendor == "sqlite" else evaluated_at
    same = _SameJson()
    light_table, overall_table = Light._meta.db_table, ProjectLight._meta.db_table
    stale, changed = [], []
    for lid, pid, dimension, set_id, version, colour, reason, figures in _existing(
            f"SELECT id, project_id, dimension, rule_set_id, rule_set_version, colour, reason, figures "
            f"FROM {light_table} WHERE year = %s AND month = %s", [year, month], project_ids):
        new = lights.pop((pid, dimension), None)
        if new is None:
            stale.append(lid)
        elif (set_id, version, colour, reason) != new[:4] or not same(figures, new[4]):
            changed.append((*new, lid))
    _delete(light_table, stale)
    _update(light_table, ["rule_set_id", "rule_set_version", "colour", "reason", "figures"], changed,
            json_columns={"figures"})
    insert_rows(light_table, LIGHT_COLUMNS,
                [(pid, year, month, s, v, dimension, c, r, f) for (pid, dimension), (s, v, c, r, f) in lights.items()])
    counts = {"inserted": len(lights), "updated": len(changed), "deleted": len(stale)}

    stale, changed = [], []
    for oid, pid, colour, reasons, set_id in _existing(
            f"SELECT id, project_id, colour, reasons, rule_set_id FROM {overall_table} WHERE year = %s AND month = %s",
            [year, month], project_ids):
        new = overall.pop(pid, None)
        if new is None:
            stale.append(oid)
        elif (colour, set_id) != (new[0], new[2]) or not same(reasons, new[1]):
            changed.append((*new, oid))
    _delete(overall_table, stale)
    _update(overall_table, ["colour", "reasons", "rule_set_id"], changed, json_columns={"reasons"})
    # Every light of the month (or of the projects evaluated) carries this run's time.
    with connection.cursor() as cursor:
        if project_ids is None:
            cursor.execute(f"UPDATE {overall_table} SET evaluated_at = %s WHERE year = %s AND month = %s",
                           [stamp, year, month])
        else:
            for chunk in _chunks(list(project_ids)):
                cursor.execute(f"UPDATE {overall_table} SET evaluated_at = %s WHERE year = %s AND month = %s "
                               f"AND project_id IN ({', '.join('%s' for _ in chunk)})", [stamp, year, month, *chunk])
    insert_rows(overall_table, PROJECT_LIGHT_COLUMNS,
                [(pid, year, month, c, r, s, stamp) for pid, (c, r, s) in overall.items()])
    counts["inserted"] += len(overall)
    counts["updated"] += len(changed)
    counts["deleted"] += len(stale)
    return counts

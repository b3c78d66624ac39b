"""Writing a month's lights: only what changed, as plain tuples.

The month's current rows are read once (raw tuples, JSON left as text), compared in memory with the
new verdicts, and the difference is written: rows no longer judged are deleted by id, changed rows
updated by id, new rows inserted through projects/bulk.py (COPY on PostgreSQL, executemany on
SQLite). A re-evaluation that changes nothing writes no row: the time a whole month was last
evaluated is its EvaluationRun (the API shows the later of that and the row's own time); only a
partial run (a few projects, e.g. after a report is approved) stamps its projects' overall rows.

On PostgreSQL the figures are spelled the way jsonb prints them (keys by length, then bytewise) so
that an unchanged row compares as equal text; parsing every stored row was most of the re-evaluation.
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


def _jsonb_order(value):
    if isinstance(value, dict):
        return {k: _jsonb_order(value[k]) for k in sorted(value, key=lambda k: (len(k.encode()), k.encode()))}
    if isinstance(value, list):
        return [_jsonb_order(v) for v in value]
    return value


def figures_dumper():
    """The function spelling a verdict's figures as the JSON text a row stores: on PostgreSQL in
    jsonb's own key order (the same value; jsonb reorders keys anyway), so that reading an unchanged
    row back gives this very text."""
    if connection.vendor == "postgresql":
        return lambda figures: json.dumps(_jsonb_order(figures), ensure_ascii=False)
    return lambda figures: json.dumps(figures, ensure_ascii=False)


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
    for row in _existing(
            f"SELECT id, project_id, dimension, rule_set_id, rule_set_version, colour, reason, figures "
            f"FROM {light_table} WHERE year = %s AND month = %s", [year, month], project_ids):
        new = lights.pop((row[1], row[2]), None)
        if new is None:
            stale.append(row[0])
        # The whole stored tuple equals ours for an unchanged row (same text); only a row that
        # differs is looked at field by field, its JSON as a value.
        elif row[3:] != new and (row[3:7] != new[:4] or not same(row[7], new[4])):
            changed.append((*new, row[0]))
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
        elif colour != new[0] or set_id != new[2] or (reasons != new[1] and not same(reasons, new[1])):
            changed.append((*new, stamp, oid))
    _delete(overall_table, stale)
    _update(overall_table, ["colour", "reasons", "rule_set_id", "evaluated_at"], changed, json_columns={"reasons"})
    if project_ids is not None:
        # A partial run has no EvaluationRun of the whole month to show: its projects carry its time.
        with connection.cursor() as cursor:
            for chunk in _chunks(list(project_ids)):
                cursor.execute(f"UPDATE {overall_table} SET evaluated_at = %s WHERE year = %s AND month = %s "
                               f"AND project_id IN ({', '.join('%s' for _ in chunk)})", [stamp, year, month, *chunk])
    insert_rows(overall_table, PROJECT_LIGHT_COLUMNS,
                [(pid, year, month, c, r, s, stamp) for pid, (c, r, s) in overall.items()])
    counts["inserted"] += len(overall)
    counts["updated"] += len(changed)
    counts["deleted"] += len(stale)
    return counts

"""Fast bulk inserts for generated data: COPY on PostgreSQL, executemany on SQLite.

Django's bulk_create prepares every value through the ORM (about 40 µs a row here), which makes a
million projects take most of an hour; these rows are built as plain tuples with the model's own
defaults and column names, so the database does the work.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.utils import timezone

from sanpi.core.fields import MoneyField, RegionLevelField, level_code, region_path


class Table:
    """Column order and defaults of one model, computed once per generation run."""

    def __init__(self, model, *, with_pk: bool = True):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        now = timezone.now()
        if connection.vendor == "sqlite":
            now = timezone.make_naive(now, dt.UTC)  # how Django stores datetimes in SQLite
        self.defaults: dict[str, Any] = {}
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = now
            else:
                self.defaults[f.attname] = f.get_default()  # "" for text fields, None where nullable
        self.attnames = [f.attname for f in self.fields]
        # Fields whose database value differs from the Python one (MoneyField on SQLite: hundredths).
        self.prepared = [(i, f) for i, f in enumerate(self.fields) if isinstance(f, MoneyField)]
        # Region level columns (Project.city_code …) derived from the row's region unless given.
        self.levels = [(i, f.level, model._meta.get_field(f.source).attname)
                       for i, f in enumerate(self.fields) if isinstance(f, RegionLevelField)]
        self.columns = [f.column for f in self.fields]
        self.rows: list[tuple] = []

    def add(self, **values: Any) -> None:
        merged = self.defaults | values
        row = [merged[a] for a in self.attnames]
        for i, level, source in self.levels:
            if self.attnames[i] not in values:
                row[i] = level_code(region_path(merged[source]), level)
        for i, f in self.prepared:
            row[i] = f.get_db_prep_save(row[i], connection)
        self.rows.append(tuple(row))

    def flush(self) -> int:
        count = len(self.rows)
        if count:
            insert_rows(self.model._meta.db_table, self.columns, self.rows)
        self.rows = []
        return count


def insert_rows(table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    qn = connection.ops.quote_name
    column_sql = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql":
            with raw.copy(f"COPY {qn(table)} ({column_sql}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join("?" for _ in columns)
            # Django registers sqlite3 adapters for Decimal, date and datetime.
            raw.executemany(f"INSERT INTO {qn(table)} ({column_sql}) VALUES ({placeholders})", rows)


def history_baseline(model, *, historical=None, pk_range: tuple[int, int] | None = None,
                     pks: Iterable[int] | None = None, reason: str = "", using=None) -> int:
    """Give every row of `model` without a history record its baseline one ("+", the row as it is
    now), in one INSERT … SELECT: the rows written by COPY/bulk paths (generator, demos, bulk import)
    then show their first change as old → new like rows saved one by one. `historical` is the
    history model (a migration passes its own state's); `pk_range` or `pks` limits the rows (a batch
    just written; the rows a service is about to change). Returns the number of records written."""
    conn = using or connection
    historical = historical or model.history.model
    qn = conn.ops.quote_name
    own = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
    columns = [f.column for f in historical._meta.concrete_fields if f.name not in own]
    base_columns = {f.column for f in model._meta.concrete_fields}
    date_column = "created_at" if "created_at" in base_columns else None
    when = conn.ops.adapt_datetimefield_value(timezone.now())
    table, hist = qn(model._meta.db_table), qn(historical._meta.db_table)
    pk = qn(model._meta.pk.column)
    select = ", ".join(f"b.{qn(c)}" for c in columns)
    date_sql = f"COALESCE(b.{qn(date_column)}, %s)" if date_column else "%s"
    where = f"NOT EXISTS (SELECT 1 FROM {hist} h WHERE h.{pk} = b.{pk})"
    params: list = [when, reason or None]
    if pk_range is not None:
        where += f" AND b.{pk} BETWEEN %s AND %s"
        params += list(pk_range)
    if pks is not None:
        pks = [int(p) for p in pks]
        if not pks:
            return 0
        where += f" AND b.{pk} IN ({', '.join('%s' for _ in pks)})"
        params += pks
    sql = (f"INSERT INTO {hist} ({', '.join(qn(c) for c in columns)}, {qn('history_date')}, "
           f"{qn('history_change_reason')}, {qn('history_type')}, {qn('history_user_id')}) "
           f"SELECT {select}, {date_sql}, %s, '+', NULL FROM {table} b WHERE {where}")
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount

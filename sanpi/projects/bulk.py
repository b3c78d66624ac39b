"""Fast bulk inserts for generated data: COPY on PostgreSQL, multi-row INSERTs on SQLite.

Django's bulk_create prepares every value through the ORM (about 40 µs a row here), which makes a
million projects take most of an hour; these rows are built as plain tuples with the model's own
defaults and column names, so the database does the work.
"""

import datetime as dt
import sqlite3
from collections.abc import Iterable
from itertools import islice
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
            if values.get(self.attnames[i]) is None:  # callers passing every attname leave them None
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
            # Many rows per statement, not executemany's one: SQLite runs each statement on a table with a
            # row trigger (projects_namegram_insert) inside its own statement journal, which cost
            # ~300 µs a row — 3 s of a 10,000-row import — where one statement per batch costs ~30 µs.
            # Django registers sqlite3 adapters for Decimal, date and datetime.
            one = f"({', '.join('?' for _ in columns)})"
            per = max(1, _sqlite_variables(raw.connection) // max(len(columns), 1))
            rows = iter(rows)
            while batch := list(islice(rows, per)):
                raw.execute(f"INSERT INTO {qn(table)} ({column_sql}) VALUES {', '.join([one] * len(batch))}",
                            [value for row in batch for value in row])


def _sqlite_variables(conn) -> int:
    """How many ? one statement may hold (32,766 since SQLite 3.32; 999 before)."""
    try:
        return conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except (AttributeError, sqlite3.Error):
        return 999


def insert_new(table: Table) -> list[int]:
    """Insert `table`'s rows (built without their primary key) and return their new ids in order.

    PostgreSQL: the ids are drawn from the sequence first, then the rows copied in with them.
    SQLite: the rows go in with multi-row INSERTs while this transaction holds the database's write
    lock, so AUTOINCREMENT numbers them consecutively up to last_insert_rowid()."""
    rows, table.rows = table.rows, []
    if not rows:
        return []
    db_table = table.model._meta.db_table
    pk = table.model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [db_table, pk, len(rows)])
            ids = [i for (i,) in cursor.fetchall()]
            insert_rows(db_table, [pk, *table.columns], [(i, *row) for i, row in zip(ids, rows, strict=True)])
            return ids
        insert_rows(db_table, table.columns, rows)
        cursor.execute("SELECT last_insert_rowid()")
        last = cursor.fetchone()[0]
    return list(range(last - len(rows) + 1, last + 1))


def history_baseline(model, *, historical=None, pk_range: tuple[int, int] | None = None,
                     pks: Iterable[int] | None = None, reason: str = "", using=None, user_id: int | None = None,
                     when: dt.datetime | None = None) -> int:
    """Give every row of `model` without a history record its baseline one ("+", the row as it is
    now), in one INSERT … SELECT: the rows written by COPY/bulk paths (generator, demos, bulk import)
    then show their first change as old → new like rows saved one by one. `historical` is the
    history model (a migration passes its own state's); `pk_range` or `pks` limits the rows (a batch
    just written; the rows a service is about to change). `user_id` and `when` are the records'
    history_user and history_date (default: none, and the row's created_at or now). Returns the
    number of records written."""
    conn = using or connection
    historical = historical or model.history.model
    qn = conn.ops.quote_name
    own = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
    columns = [f.column for f in historical._meta.concrete_fields if f.name not in own]
    base_columns = {f.column for f in model._meta.concrete_fields}
    date_column = "created_at" if "created_at" in base_columns else None
    at = when
    when = conn.ops.adapt_datetimefield_value(when or timezone.now())
    table, hist = qn(model._meta.db_table), qn(historical._meta.db_table)
    pk = qn(model._meta.pk.column)
    select = ", ".join(f"b.{qn(c)}" for c in columns)
    date_sql = f"COALESCE(b.{qn(date_column)}, %s)" if date_column and at is None else "%s"
    where = f"NOT EXISTS (SELECT 1 FROM {hist} h WHERE h.{pk} = b.{pk})"
    params: list = [when, reason or None, user_id]
    if pk_range is not None:
        where += f" AND b.{pk} BETWEEN %s AND %s"
        params += list(pk_range)
    if pks is not None:
        pks = [int(p) for p in pks]
        if not pks:
            return 0
        written = 0
        for start in range(0, len(pks), 500):  # within SQLite's parameter limit
            chunk = pks[start:start + 500]
            written += _history_insert(conn, columns, select, date_sql, table, hist,
                                       f"{where} AND b.{pk} IN ({', '.join('%s' for _ in chunk)})", params + chunk)
        return written
    return _history_insert(conn, columns, select, date_sql, table, hist, where, params)


def _history_insert(conn, columns, select, date_sql, table, hist, where, params) -> int:
    qn = conn.ops.quote_name
    sql = (f"INSERT INTO {hist} ({', '.join(qn(c) for c in columns)}, {qn('history_date')}, "
           f"{qn('history_change_reason')}, {qn('history_type')}, {qn('history_user_id')}) "
           f"SELECT {select}, {date_sql}, %s, '+', %s FROM {table} b WHERE {where}")
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount

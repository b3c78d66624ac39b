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

from sanpi.core.fields import MoneyField


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
        self.columns = [f.column for f in self.fields]
        self.rows: list[tuple] = []

    def add(self, **values: Any) -> None:
        merged = self.defaults | values
        row = [merged[a] for a in self.attnames]
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

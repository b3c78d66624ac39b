"""A covering index on the project's id carrying the scope columns, 阶段, 总投资 and the name: the name
search's candidates are ids (projects_namegram), and the filtered totals (count, sum of 总投资) of those
ids, the LIKE on the name included, are then read from this index alone, never from the table's rows.
At 1M projects `q=光伏` (41,216 names) read ~150,000 table blocks, 886 ms cold and 300–390 ms warm;
from this index 66 ms warm (docs/decisions.md).

PostgreSQL only: SQLite finds a row by its rowid in the table's own B-tree and did not use such an
index (EXPLAIN QUERY PLAN at 100k), so there it would only cost writes."""

from django.db import migrations

NAME = "project_id_cover"
COLUMNS = ("province_code", "city_code", "county_code", "region_id", "stage", "total_investment_wan", "name")


def create(apps, schema_editor):
    conn = schema_editor.connection
    table = conn.ops.quote_name(apps.get_model("projects", "Project")._meta.db_table)
    columns = ", ".join(conn.ops.quote_name(c) for c in COLUMNS)
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON {table} (id) INCLUDE ({columns})")


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0009_management_category_apart_from_origin'),
    ]

    operations = [migrations.RunPython(create, drop)]

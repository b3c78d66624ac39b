"""The database cache's table (CACHES without REDIS_URL), created by `migrate` so that no deployment
step can forget `createcachetable`. Created whatever CACHES says, so switching from Redis back to the
database cache needs nothing either."""

from django.db import migrations

TABLE = "sanpi_cache"


def create(apps, schema_editor):
    from django.core.management.commands.createcachetable import Command

    command = Command()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]

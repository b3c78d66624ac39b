"""Bigram table and triggers behind the name search (sanpi/projects/search.py); backfills every
existing project with one INSERT … SELECT."""

from django.db import migrations


def forwards(apps, schema_editor):
    from sanpi.projects import search

    search.install(schema_editor.connection)


def backwards(apps, schema_editor):
    from sanpi.projects import search

    search.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0005_history_baseline'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]

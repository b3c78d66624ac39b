from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _name_search_install(sender, using, **kwargs):
    # SQLite drops a table's triggers when a migration rebuilds the table: put them back (and backfill).
    from django.db import connections

    from . import search

    search.install(connections[using])


class ProjectsConfig(AppConfig):
    name = "sanpi.projects"
    verbose_name = "项目台账"
    label = "projects"

    def ready(self):
        post_migrate.connect(_name_search_install, sender=self, dispatch_uid="projects-name-search")

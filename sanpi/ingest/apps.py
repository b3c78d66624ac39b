from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "sanpi.ingest"
    verbose_name = "导入导出"
    label = "ingest"

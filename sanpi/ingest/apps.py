from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "sanpi.ingest"
    label = "ingest"

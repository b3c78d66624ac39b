from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "sanpi.stats"
    label = "stats"

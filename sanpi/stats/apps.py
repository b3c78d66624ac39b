from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "sanpi.stats"
    verbose_name = "统计"
    label = "stats"

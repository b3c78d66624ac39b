from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "sanpi.progress"
    verbose_name = "月度调度与预警"
    label = "progress"

from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "sanpi.progress"
    label = "progress"

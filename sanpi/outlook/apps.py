from django.apps import AppConfig


class OutlookConfig(AppConfig):
    name = "sanpi.outlook"
    verbose_name = "一张图与研判"
    label = "outlook"

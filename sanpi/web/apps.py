from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sanpi.web"
    label = "web"

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sanpi.api"
    label = "api"

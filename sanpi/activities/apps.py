from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "sanpi.activities"
    label = "activities"

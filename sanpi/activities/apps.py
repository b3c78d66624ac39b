from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "sanpi.activities"
    verbose_name = "三个一批"
    label = "activities"

from django.apps import AppConfig


class PoolsConfig(AppConfig):
    name = "sanpi.pools"
    verbose_name = "项目库（四库）"
    label = "pools"

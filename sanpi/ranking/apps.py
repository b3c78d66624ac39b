from django.apps import AppConfig


class RankingConfig(AppConfig):
    name = "sanpi.ranking"
    verbose_name = "目标与考评排名"
    label = "ranking"

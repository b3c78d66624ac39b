from django.apps import AppConfig


class AccountsConfig(AppConfig):
    verbose_name = "区划、单位与用户"
    name = "sanpi.accounts"
    label = "accounts"

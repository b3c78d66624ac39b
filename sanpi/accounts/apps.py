from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sanpi.accounts"
    verbose_name = "区划与账号"
    label = "accounts"

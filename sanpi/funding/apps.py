from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "sanpi.funding"
    verbose_name = "资金来源与到位支付"
    label = "funding"

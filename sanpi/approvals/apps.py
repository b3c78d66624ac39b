from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "sanpi.approvals"
    verbose_name = "前期手续"
    label = "approvals"

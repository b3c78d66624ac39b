from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "sanpi.documents"
    verbose_name = "公文模板"
    label = "documents"

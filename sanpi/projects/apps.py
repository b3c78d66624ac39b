from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    verbose_name = "项目台账"
    name = "sanpi.projects"
    label = "projects"

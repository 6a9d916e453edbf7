from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "accord.projects"
    verbose_name = "Projects"

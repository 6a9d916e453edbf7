from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "accord.programmes"
    verbose_name = "Programmes"

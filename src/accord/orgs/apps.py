from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "accord.orgs"
    verbose_name = "Organisations"

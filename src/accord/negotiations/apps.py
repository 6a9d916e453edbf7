from django.apps import AppConfig


class NegotiationsConfig(AppConfig):
    name = "accord.negotiations"
    verbose_name = "Negotiations"

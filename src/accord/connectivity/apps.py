from django.apps import AppConfig


class ConnectivityConfig(AppConfig):
    name = "accord.connectivity"
    verbose_name = "Connectivity"

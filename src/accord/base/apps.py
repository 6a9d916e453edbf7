from django.apps import AppConfig


class BaseConfig(AppConfig):
    name = "accord.base"
    label = "base"
    verbose_name = "Notices"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "accord.dashboard"
    label = "dashboard"
    verbose_name = _("Chair's dashboard")

    def ready(self) -> None:
        from . import permissions

        permissions.declare()

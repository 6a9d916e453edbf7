from django.apps import AppConfig

from accord.base.registry import DashboardPart, add_dashboard_part


class MeetingsConfig(AppConfig):
    name = "accord.meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        # Its permissions, its section of the chair's dashboard (accord.base.registry).
        from . import permissions, views

        permissions.declare()
        add_dashboard_part(DashboardPart(10, "meetings/_dashboard.html", views.dashboard_part))

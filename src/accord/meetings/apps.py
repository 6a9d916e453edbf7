from django.apps import AppConfig

from accord.audit.events import declare as declare_events
from accord.base.registry import DashboardPart, add_dashboard_part


class MeetingsConfig(AppConfig):
    name = "accord.meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        # Its permissions, its section of the chair's dashboard (accord.base.registry).
        from . import events, permissions, views

        declare_events(events.MeetingsEvent)
        permissions.declare()
        add_dashboard_part(DashboardPart(10, "meetings/_dashboard.html", views.dashboard_part))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accord.audit.events import declare as declare_events
from accord.base.registry import DashboardPart, add_dashboard_part


class ProjectsConfig(AppConfig):
    name = "accord.projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        # Its permissions, its section of the chair's dashboard (accord.base.registry).
        from . import events, permissions, views

        declare_events(events.ProjectsEvent)
        permissions.declare()
        add_dashboard_part(DashboardPart(40, "projects/_dashboard.html", views.dashboard_part))

from django.apps import AppConfig

from accord.audit.events import declare as declare_events
from accord.base.registry import DashboardPart, ReminderSource, add_dashboard_part, add_reminder_source


class ProgrammesConfig(AppConfig):
    name = "accord.programmes"
    verbose_name = "Programmes"

    def ready(self) -> None:
        # Its permissions, its section of the chair's dashboard and its reminders (accord.base.registry).
        from . import events, permissions, reminders, views

        declare_events(events.ProgrammesEvent)
        permissions.declare()
        add_dashboard_part(DashboardPart(30, "programmes/_dashboard.html", views.dashboard_part))
        add_reminder_source(ReminderSource("programmes.items_due", reminders.items_due))
        add_reminder_source(ReminderSource("programmes.reports_missing", reminders.reports_missing))

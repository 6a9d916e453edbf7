from django.apps import AppConfig

from accord.base.registry import DashboardPart, ReminderSource, add_dashboard_part, add_reminder_source


class ProgrammesConfig(AppConfig):
    name = "accord.programmes"
    verbose_name = "Programmes"

    def ready(self) -> None:
        # Its permissions, its section of the chair's dashboard and its reminders (accord.base.registry).
        from . import permissions, reminders, views

        permissions.declare()
        add_dashboard_part(DashboardPart(30, "programmes/_dashboard.html", views.dashboard_part))
        add_reminder_source(ReminderSource("programmes.items_due", reminders.items_due))
        add_reminder_source(ReminderSource("programmes.reports_missing", reminders.reports_missing))

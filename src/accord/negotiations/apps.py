from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accord.audit.events import declare as declare_events
from accord.base.registry import (
    DashboardPart,
    PeriodicTask,
    ReminderSource,
    add_dashboard_part,
    add_periodic_task,
    add_reminder_source,
)


class NegotiationsConfig(AppConfig):
    name = "accord.negotiations"
    verbose_name = _("Negotiations")

    def ready(self) -> None:
        # Its permissions, its section of the chair's dashboard and its reminders (accord.base.registry).
        from . import events, permissions, reminders, tasks, views

        declare_events(events.NegotiationsEvent)
        permissions.declare()
        add_dashboard_part(DashboardPart(20, "negotiations/_dashboard.html", views.dashboard_part))
        add_reminder_source(ReminderSource("negotiations.silence_reminders", reminders.silence_reminders))
        # The catch-up: procedures decided while no worker ran (their own deferred task settles them on time).
        add_periodic_task(
            PeriodicTask("negotiations.settle", "ACCORD_SETTLE_EVERY", tasks.close_due_silences.enqueue)
        )

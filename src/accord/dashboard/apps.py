from django.apps import AppConfig
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accord.base.registry import PeriodicTask, add_periodic_task


class DashboardConfig(AppConfig):
    name = "accord.dashboard"
    label = "dashboard"
    verbose_name = _("Chair's dashboard")

    def ready(self) -> None:
        from . import permissions, tasks

        permissions.declare()
        # The Secretariat's admin index opens with a line on the background worker (`accord worker`).
        admin.site.index_template = "dashboard/admin_index.html"
        add_periodic_task(PeriodicTask("dashboard.sweep", "ACCORD_SWEEP_EVERY", tasks.enqueue_sweeps))

from django.apps import AppConfig

from accord.base.registry import PrioritySource, ProjectPanel, add_priority_source, add_project_panel


class ConnectivityConfig(AppConfig):
    name = "accord.connectivity"
    verbose_name = "Connectivity"

    def ready(self) -> None:
        # The network panel on a transport project's page and the "network" priority of the financing
        # optimiser (accord.base.registry), so the projects app never names this one.
        from . import effects

        add_project_panel(ProjectPanel(20, "connectivity/_project_panel.html", effects.panel_values))
        add_priority_source(PrioritySource("network", effects.network_priorities))

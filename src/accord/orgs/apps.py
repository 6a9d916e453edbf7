from django.apps import AppConfig

from accord.audit.events import declare as declare_events


class OrgsConfig(AppConfig):
    name = "accord.orgs"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from . import events

        declare_events(events.OrgsEvent)

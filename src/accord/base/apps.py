from django.apps import AppConfig

from accord.audit.events import declare as declare_events


class BaseConfig(AppConfig):
    name = "accord.base"
    label = "base"
    verbose_name = "Notices"

    def ready(self) -> None:
        from . import events

        declare_events(events.BaseEvent)

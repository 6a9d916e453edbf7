from django.apps import AppConfig

from accord.audit.events import declare as declare_events


class BaseConfig(AppConfig):
    name = "accord.base"
    label = "base"
    verbose_name = "Notices"

    def ready(self) -> None:
        from . import events, tasks
        from .registry import PeriodicTask, add_periodic_task

        declare_events(events.BaseEvent)
        add_periodic_task(PeriodicTask("base.mail", "ACCORD_SETTLE_EVERY", tasks.send_unsent_mail.enqueue))
        add_periodic_task(
            PeriodicTask("base.audit_checkpoint", "ACCORD_CHECKPOINT_EVERY", tasks.audit_checkpoint.enqueue)
        )

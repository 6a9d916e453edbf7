from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save

from accord.audit.events import declare as declare_events


def _roster_changed(sender, instance, **kwargs) -> None:
    """A row the chair rotation is computed from changed: its organisation's roster gets a new value,
    so every process rebuilds its rotations on the next read (queries.Rotations.of)."""
    from .models import Organisation, new_roster

    orgs = Organisation.objects.all()
    if sender.__name__ != "State":  # a state's names (its collation) are read by every organisation
        orgs = orgs.filter(pk=instance.organisation_id)
    orgs.update(roster=new_roster())


def _organisation_saved(sender, instance, **kwargs) -> None:
    from .models import new_roster

    instance.roster = new_roster()


class OrgsConfig(AppConfig):
    name = "accord.orgs"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from . import events
        from .models import Body, Chairmanship, Organisation, Session, State, Status

        declare_events(events.OrgsEvent)
        for model in (Body, Chairmanship, Session, State, Status):
            post_save.connect(_roster_changed, sender=model, dispatch_uid=f"roster-{model.__name__}")
            post_delete.connect(_roster_changed, sender=model, dispatch_uid=f"roster-del-{model.__name__}")
        pre_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="roster-organisation")

"""The base layer's writes: what the Secretariat does in the Django admin, audited like any other action.

A model may take part through two hooks, so this layer needs to know no app: `before_admin_save()` (reference
data marks itself as corrected by hand) and `before_admin_delete()` (reference data remembers that it was
removed, so a reload of the data files does not bring it back)."""

from __future__ import annotations

from django.db import transaction

from accord.audit.log import record

from . import clock
from .events import BaseEvent
from .models import Notification


def admin_save(request_user, obj, change: bool, changes: dict[str, list] | None = None) -> None:
    """Save an object from the admin. `changes` maps each changed field to [old, new]."""
    with transaction.atomic():
        hook = getattr(obj, "before_admin_save", None)
        if hook is not None:
            hook()
        obj.save()
        record(
            BaseEvent.ADMIN_CHANGE if change else BaseEvent.ADMIN_ADD,
            actor=request_user,
            acting_for="secretariat",
            target=obj,
            payload={"repr": str(obj), "fields": sorted(changes or {}), "changes": changes or {}},
        )


def admin_delete(request_user, obj) -> None:
    with transaction.atomic():
        label, pk, text = obj._meta.label_lower, obj.pk, str(obj)
        hook = getattr(obj, "before_admin_delete", None)
        if hook is not None:
            hook()
        obj.delete()
        record(
            BaseEvent.ADMIN_DELETE,
            actor=request_user,
            acting_for="secretariat",
            object_type=label,
            object_id=str(pk),
            payload={"repr": text},
        )


def mark_read(person, org, ids: list[int] | None = None) -> int:
    """Mark the person's own notices in `org` read (all unread ones when `ids` is None)."""
    qs = Notification.objects.filter(person=person, organisation=org, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    with transaction.atomic():
        count = qs.update(read_at=clock.now())
        record(
            BaseEvent.NOTIFICATIONS_READ,
            actor=person,
            acting_for="self",
            object_type="base.notification",
            payload={"count": count, "ids": ids},
        )
    return count

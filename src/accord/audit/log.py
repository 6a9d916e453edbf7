"""Writing and verifying the audit chain."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent

GENESIS = "0" * 64
# Serialises chain appends on PostgreSQL so two concurrent actions never share a prev_hash.
_PG_LOCK_KEY = 7_301_2001


def _jsonable(payload: dict) -> dict:
    return json.loads(json.dumps(payload, default=str))


def record(
    action: str,
    *,
    actor=None,
    acting_for: str = "",
    target=None,
    payload: dict | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """Append one event. Must run inside the action's transaction (atomic).

    `actor` is a Person or a permissions.Actor (then `acting_for` defaults to what the actor acted for).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must be called inside the action's transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
    if hasattr(actor, "person_id") and not hasattr(actor, "_meta"):
        actor_id, actor_name = actor.person_id, actor.username
        acting_for = acting_for or actor.acting_for
    else:
        actor_id, actor_name = getattr(actor, "pk", None), getattr(actor, "username", "") or ""
    event = AuditEvent(
        at=timezone.now(),
        actor_id=actor_id,
        actor_name=actor_name,
        acting_for=acting_for,
        action=action,
        object_type=object_type,
        object_id=object_id,
        payload=_jsonable(payload or {}),
        prev_hash=last or GENESIS,
    )
    event.hash = event.compute_hash()
    event.save()
    return event


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_bad: int | None = None
    reason: str = ""


def verify() -> Verification:
    """Walk the chain in id order; report the first event whose hash or link is wrong."""
    prev = GENESIS
    n = 0
    with transaction.atomic():
        for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
            n += 1
            if event.prev_hash != prev:
                return Verification(False, n, event.pk, "link to the previous event is broken")
            if event.compute_hash() != event.hash:
                return Verification(False, n, event.pk, "content does not match its hash (altered)")
            prev = event.hash
    return Verification(True, n)

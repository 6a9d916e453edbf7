"""Append-only, hash-chained audit trail: one AuditEvent per action, written in the action's transaction.

Version 1 events (written before the chain was keyed) are chained with plain SHA-256 and keep that hash:
re-keying them would need the very rewrite the chain exists to expose. Version 2 events are chained with
HMAC-SHA256 under a key kept outside the database, and their hash also covers `seq` (the event's position
in the chain) and `version`, so a database administrator without the key can neither forge nor re-hash
them, nor pass a keyed event off as a legacy one.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    pass


LEGACY, KEYED = 1, 2


class AuditEvent(models.Model):
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_name = models.CharField(max_length=150, blank=True)
    acting_for = models.CharField(
        max_length=100, blank=True, help_text="Delegation or office the actor acted for"
    )
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=100, blank=True)
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Position in the chain, 1, 2, 3 ...: a checkpoint names it, and a gap or repeat shows a deletion.
    seq = models.PositiveBigIntegerField(unique=True)
    version = models.PositiveSmallIntegerField(default=LEGACY)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")

    def canonical(self) -> str:
        """The exact bytes the hash covers; any change to a stored field changes it."""
        fields = {
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "acting_for": self.acting_for,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "payload": self.payload,
            "prev": self.prev_hash,
        }
        if self.version != LEGACY:
            fields |= {"seq": self.seq, "version": self.version}
        return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)

    def compute_hash(self, key: bytes | None = None) -> str:
        """SHA-256 for a legacy event; HMAC-SHA256 under `key` for a keyed one."""
        data = self.canonical().encode()
        if self.version == LEGACY:
            return hashlib.sha256(data).hexdigest()
        if key is None:
            raise ValueError("a keyed audit event needs the audit key")
        return hmac.new(key, data, hashlib.sha256).hexdigest()

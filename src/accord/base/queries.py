"""Reads of what the base layer keeps: a person's notices."""

from __future__ import annotations

from .models import Notification

INBOX_SIZE = 200


def inbox(person, org) -> list[Notification]:
    """The person's latest notices in the organisation (one query)."""
    return list(Notification.objects.filter(person=person, organisation=org)[:INBOX_SIZE])

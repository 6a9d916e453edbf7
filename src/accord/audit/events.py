"""The catalogue of audit event types. Each app declares its own (a TextChoices in its events.py, from
AppConfig.ready()); the admin's filter and `accord audit verify` read them here."""

from __future__ import annotations

from django.db import models

EVENT_TYPES: dict[str, str] = {}  # value -> label


def declare(choices: type[models.TextChoices]) -> None:
    for value, label in choices.choices:
        if EVENT_TYPES.get(value, label) != label:
            raise ValueError(f"audit event type {value!r} is declared twice")
        EVENT_TYPES[value] = label

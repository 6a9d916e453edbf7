"""The audit event types of meetings (accord.audit): every action here records exactly one of them."""

from django.db import models


class MeetingsEvent(models.TextChoices):
    AGENDA_ADD = "agenda.add", "agenda add"
    AGENDA_MOVE = "agenda.move", "agenda move"
    AGENDA_REMOVE = "agenda.remove", "agenda remove"
    DECISION_RECORD = "decision.record", "decision record"
    DOCUMENT_ADD = "document.add", "document add"
    DOCUMENT_REMOVE = "document.remove", "document remove"
    OUTCOME_SET = "outcome.set", "outcome set"
    SESSION_CREATE = "session.create", "session create"
    SESSION_UPDATE = "session.update", "session update"

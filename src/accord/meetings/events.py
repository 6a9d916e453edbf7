"""The audit event types of meetings (accord.audit): every action here records exactly one of them."""

from django.db import models


class MeetingsEvent(models.TextChoices):
    AGENDA_ADD = "agenda.add", "agenda add"
    DECISION_RECORD = "decision.record", "decision record"
    DOCUMENT_ADD = "document.add", "document add"
    SESSION_CREATE = "session.create", "session create"

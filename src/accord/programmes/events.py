"""The audit event types of programmes (accord.audit): every action here records exactly one of them."""

from django.db import models


class ProgrammesEvent(models.TextChoices):
    ACTION_ITEM_CREATE = "action_item.create", "action item create"
    ACTION_ITEM_MOVE = "action_item.move", "action item move"
    ACTION_ITEM_UPDATE = "action_item.update", "action item update"
    PROGRAMME_ADVANCE = "programme.advance", "programme advance"
    PROGRAMME_CREATE = "programme.create", "programme create"
    REPORT_FILE = "report.file", "report file"

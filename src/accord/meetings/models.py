"""What a session of a body takes up and produces: agenda items, documents, decisions. The sessions
themselves are the organisation's record (accord.orgs.models.Session): they decide the chair's terms."""

from __future__ import annotations

from django.db import models

from accord.orgs.models import Session


class AgendaItem(models.Model):
    """An agenda item, taking up a draft under negotiation (`draft`), a programme to approve (`programme`)
    or a text referenced elsewhere (`draft_ref`)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    draft_ref = models.CharField(max_length=300, blank=True, help_text="URL or reference of an outside draft")
    draft = models.ForeignKey(
        "negotiations.Draft", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    programme = models.ForeignKey(
        "programmes.Programme", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    circulated_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["session", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class SessionDocument(models.Model):
    """A document circulated for a session: an uploaded file (Django storage under MEDIA_ROOT) or an
    address elsewhere. An upload is circulated the day it is uploaded."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    file = models.FileField(upload_to="meetings/%Y/", blank=True)
    circulated_on = models.DateField()

    class Meta:
        ordering = ["session", "circulated_on", "id"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """A decision adopted at a session (declaration, decision, statement)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    """The outcome or minutes of a session, as the chair's team or the Secretariat write them up."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="outcome")
    text = models.TextField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Outcome of {self.session}"

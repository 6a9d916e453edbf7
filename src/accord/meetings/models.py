"""Sessions of the organisation's bodies. Regular sessions of rotating bodies define the chair's terms."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.orgs.models import Body, Curated, Organisation, State, in_language


class Session(Curated):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sessions")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="sessions")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="e.g. the 24th meeting of the CHS"
    )
    status = models.CharField(
        max_length=12,
        choices=[("held", _("held")), ("announced", _("announced")), ("planned", _("planned"))],
        default="held",
    )
    format = models.CharField(
        max_length=12,
        choices=[("in_person", _("in person")), ("video", _("video conference")), ("hybrid", _("hybrid"))],
        default="in_person",
    )
    host = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_sessions"
    )
    city_en = models.CharField(max_length=120, blank=True)
    city_ru = models.CharField(max_length=120, blank=True)
    city_zh = models.CharField(max_length=120, blank=True)
    # Announced sessions may have a host but no date yet.
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    regular = models.BooleanField(default=True, help_text="Regular sessions end a chair's term")
    source = models.TextField(blank=True)
    venue = models.CharField(max_length=200, blank=True)
    illustrative = models.BooleanField(default=False, help_text="Written for the demo")

    reference_key = ("organisation", "body", "year", "regular")

    class Meta:
        ordering = ["body", "start", "year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="session_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name} {self.year} {self.city}".strip()

    @property
    def city(self) -> str:
        return in_language(self, "city")

    @property
    def key(self) -> str:
        """What identifies the session within its body, for stable calendar UIDs.

        A regular session is the body's one per year (how reference data is keyed); others take their
        number in the year, or else their first day.
        """
        if self.regular:
            return str(self.year)
        if self.number:
            return f"{self.year}-{self.number}"
        return self.start.isoformat() if self.start else f"{self.year}-{self.pk}"


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
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
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

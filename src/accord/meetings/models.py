"""Sessions of the organisation's bodies. Regular sessions of rotating bodies define the chair's terms."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language

from accord.orgs.models import Body, Organisation, State


class Session(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sessions")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="sessions")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="e.g. the 24th meeting of the CHS")
    status = models.CharField(max_length=12, choices=[("held", "held"), ("announced", "announced"),
                                                      ("planned", "planned")], default="held")
    format = models.CharField(max_length=12, choices=[("in_person", "in person"), ("video", "video conference"),
                                                      ("hybrid", "hybrid")], default="in_person")
    host = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_sessions")
    city_en = models.CharField(max_length=120, blank=True)
    city_ru = models.CharField(max_length=120, blank=True)
    city_zh = models.CharField(max_length=120, blank=True)
    # Announced sessions may have a host but no date yet.
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    regular = models.BooleanField(default=True, help_text="Regular sessions end a chair's term")
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["body", "start", "year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="session_end_after_start",
            ),
        ]

    @property
    def city(self) -> str:
        lang = (get_language() or "en")[:2]
        return getattr(self, f"city_{lang}", "") or self.city_en

    def __str__(self) -> str:
        return f"{self.body.code} {self.year} {self.city_en}"

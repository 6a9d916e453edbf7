"""Cooperation programmes, their action items and the members' yearly implementation reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.base.fields import ReadableDecimalField
from accord.base.validators import MAX_WEIGHT
from accord.core.workflows import ACTION_ITEM, PROGRAMME
from accord.orgs.models import Body, Organisation, State, in_language

# The lifecycle states in which a programme is being carried out, so its yearly reports are filed.
IMPLEMENTING = (
    "in_implementation",
    "report_submitted",
    "report_reviewed_by_rats_council",
    "report_approved_by_chs",
)


class ProgrammeKind(models.TextChoices):
    COOPERATION = "cooperation", _("cooperation programme")
    PRIORITIES = "priorities", _("chairmanship priorities")


class Programme(models.Model):
    """A programme over a span of years, moving through the PROGRAMME workflow (core.workflows)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="programmes")
    code = models.SlugField(max_length=60)
    # Cycles of one recurring programme share a series (e.g. "ct" for 2019-21, 2022-24, 2025-27).
    series = models.SlugField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=ProgrammeKind.choices, default=ProgrammeKind.COOPERATION)
    title_en = models.CharField(max_length=300)
    title_ru = models.CharField(max_length=300, blank=True)
    title_zh = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    state = models.CharField(
        max_length=40, choices=[(s, s) for s in PROGRAMME.states], default=PROGRAMME.initial
    )
    # The body that reviews implementation every year and the one that approves (RATS Council, CHS).
    reviewing_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approving_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    illustrative = models.BooleanField(default=False, help_text="Texts or figures written for the demo")
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["organisation", "-start_year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="programme_code_unique"),
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="programme_years"),
        ]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def decided_by_bodies(self) -> bool:
        return self.reviewing_body_id is not None or self.approving_body_id is not None

    @property
    def implementing(self) -> bool:
        """Being carried out. A programme no body approves (a chair's priorities) runs from its creation."""
        if not self.decided_by_bodies:
            return self.state != "completed"
        return self.state in IMPLEMENTING


class ProgrammeStep(models.Model):
    """A recorded step of the lifecycle: which decision moved the programme, when, at which session."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="steps")
    state = models.CharField(max_length=40)
    on = models.DateField()
    session = models.ForeignKey(
        "orgs.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="programme_steps"
    )
    note = models.CharField(max_length=300, blank=True)
    source = models.TextField(blank=True)
    secondary = models.BooleanField(default=False, help_text="Read only in a news report or other paraphrase")
    illustrative = models.BooleanField(default=False, help_text="Not found in a source: written for the demo")

    class Meta:
        ordering = ["programme", "on", "id"]

    def __str__(self) -> str:
        return f"{self.programme.code}: {self.state} {self.on}"


class ActionItem(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=20)
    title_en = models.CharField(max_length=300)
    title_ru = models.CharField(max_length=300, blank=True)
    title_zh = models.CharField(max_length=300, blank=True)
    responsible_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsible_states = models.ManyToManyField(State, blank=True, related_name="action_items")
    deadline = models.DateField(null=True, blank=True)
    weight = ReadableDecimalField(max_digits=6, decimal_places=2, default=1)
    state = models.CharField(
        max_length=20, choices=[(s, s) for s in ACTION_ITEM.states], default=ACTION_ITEM.initial
    )
    # The mean of the responsible states' latest reports, kept by the report action so lists need no join.
    percent = ReadableDecimalField(max_digits=5, decimal_places=2, default=0)

    class Meta:
        ordering = ["programme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="action_item_code_unique"),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=MAX_WEIGHT), name="action_item_weight_range"
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="action_item_percent_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"

    @property
    def title(self) -> str:
        return in_language(self, "title")


class ImplementationReport(models.Model):
    """One responsible state's yearly report on one action item. Refiling in the same year adds a new
    version: the highest version counts, the earlier ones stay as the report's history."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reports")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    percent = ReadableDecimalField(max_digits=5, decimal_places=2)
    narrative = models.TextField()
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField()

    class Meta:
        ordering = ["item", "state__code", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "state", "year", "version"], name="report_version_once"),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="report_percent_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.state.code} {self.year} v{self.version}: {self.percent}%"

"""The organisation over time: states, dated statuses, bodies, offices and terms, people and roles."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accord.base import clock
from accord.core.rotation import collation_key


class Curated(models.Model):
    """Reference data loaded from an organisation's data files, which the Secretariat may correct."""

    curated = models.BooleanField(
        default=False,
        editable=False,
        help_text="Changed by the Secretariat: reloading the data files keeps this row as it is",
    )
    # The fields that name a row in the data files, for rows the Secretariat may remove for good
    # (leaf rows: removing a state or a body takes its dependants with it, and a reload restores them).
    reference_key: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def before_admin_save(self) -> None:
        """Corrected by hand in the admin: a reload of the data files keeps the row as it is."""
        self.curated = True

    def before_admin_delete(self) -> None:
        """Removed from the record for good: a reload of the data files must not bring it back."""
        if self.reference_key:
            key = removal_key(self._meta.label_lower, {f: getattr(self, f) for f in self.reference_key})
            RemovedReference.objects.get_or_create(key=key, defaults={"removed_at": clock.now()})


def removal_key(label: str, lookup: Mapping[str, Any]) -> str:
    """The canonical text of a reference row's key: its model and identifying fields (objects by pk)."""

    def plain(value: Any) -> Any:
        if isinstance(value, models.Model):
            return value.pk
        return value.isoformat() if isinstance(value, date) else value

    return json.dumps([label, {field: plain(value) for field, value in sorted(lookup.items())}])


class RemovedReference(models.Model):
    """A row of the data files that the Secretariat removed: reloading the files does not bring it back."""

    key = models.CharField(max_length=300, unique=True)
    removed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key


class Named(Curated):
    """Names in the organisation's working languages; `name` picks the active one."""

    name_en = models.CharField(max_length=200)
    name_ru = models.CharField(max_length=200, blank=True)
    name_zh = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


def active_language() -> str:
    """The active UI language as the column suffix of multilingual texts: en, ru, zh."""
    return (get_language() or "en")[:2]


def in_language(obj, field: str, fallback: bool = True) -> str:
    """`obj.<field>_<active language>`; without a text there, the English one (unless not `fallback`)."""
    text = getattr(obj, f"{field}_{active_language()}", "")
    return text or (getattr(obj, f"{field}_en") if fallback else "")


def new_roster() -> str:
    return uuid.uuid4().hex


class Organisation(Named):
    code = models.SlugField(max_length=20, unique=True)
    founded = models.DateField()
    collation_language = models.CharField(max_length=10, default="en")
    timezone = models.CharField(max_length=64, default="UTC")
    official_languages = models.JSONField(default=list, blank=True, help_text='e.g. ["ru", "zh"]')
    currency = models.CharField(max_length=3, default="USD", help_text="ISO 4217: what dashboards total in")
    # Rule code -> {language: the organisation's own name}, e.g. interested_members -> "ASEAN minus X".
    decision_rules = models.JSONField(default=dict, blank=True)
    # A new random value whenever what decides the chairs changes (bodies, statuses, states, sessions,
    # chairmanships; set by the signals in apps.py): it keys the rotations every process keeps in memory,
    # so a page needs no query to know its copy is current. Random, not a counter, so that a rolled-back
    # change can never make an old copy look current again.
    roster = models.CharField(max_length=32, default=new_roster, editable=False)

    class Meta:
        ordering = ["code"]


class State(Named):
    code = models.CharField(max_length=2, unique=True, help_text="ISO 3166-1 alpha-2")
    collation = models.JSONField(
        default=dict, blank=True, help_text='What the name sorts as, per language, e.g. {"zh": "zhong1 guo2"}'
    )

    class Meta:
        ordering = ["code"]

    @property
    def sort_key(self):
        """Dictionary order of the name in the active language (pinyin order in Chinese)."""
        language = active_language()
        return collation_key(self.collation.get(language) or self.name, language)


class StatusKind(models.TextChoices):
    MEMBER = "member", _("member state")
    OBSERVER = "observer", _("observer")
    DIALOGUE_PARTNER = "dialogue_partner", _("dialogue partner")
    PARTNER = "partner", _("partner")


class Status(Curated):
    """A state's status in an organisation over [start, end] (end inclusive; null = ongoing)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="statuses")
    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="statuses")
    kind = models.CharField(max_length=20, choices=StatusKind.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True)

    reference_key = ("organisation", "state", "kind", "start")

    class Meta:
        ordering = ["state__code", "start"]
        verbose_name_plural = "statuses"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="status_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state.code} {self.kind} {self.start}–{self.end or ''}"

    @staticmethod
    def on(day: date) -> Q:
        return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))


class ChairRule(models.TextChoices):
    ROTATION = "rotation", _("own rotation")
    FOLLOWS = "follows", _("follows another body's chair")
    NONE = "none", _("no rotating chair")


class TermPattern(models.TextChoices):
    BETWEEN_SESSIONS = "between_sessions", _("from one regular session to the next")
    CALENDAR_YEAR = "calendar_year", _("calendar year")


class Body(Named):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="bodies")
    code = models.CharField(max_length=30)
    chair_rule = models.CharField(max_length=10, choices=ChairRule.choices, default=ChairRule.NONE)
    # For ROTATION: the rotation's own code (usually the body's); for FOLLOWS: the body whose chair it takes.
    chair_source = models.CharField(max_length=30, blank=True)
    chair_term = models.CharField(
        max_length=20, choices=TermPattern.choices, default=TermPattern.BETWEEN_SESSIONS
    )
    abbreviation_en = models.CharField(max_length=30, blank=True)
    abbreviation_ru = models.CharField(max_length=30, blank=True)
    abbreviation_zh = models.CharField(max_length=30, blank=True)
    meets_en = models.CharField(max_length=200, blank=True)
    meets_ru = models.CharField(max_length=200, blank=True)
    meets_zh = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["organisation", "order", "code"]
        verbose_name_plural = "bodies"
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="body_code_unique")]

    @property
    def abbreviation(self) -> str:
        """The short form in the active language; none where the language does not use one."""
        return in_language(self, "abbreviation", fallback=False)

    @property
    def meets(self) -> str:
        return in_language(self, "meets")

    @property
    def short_name(self) -> str:
        """Where space is short (session labels, filters): the abbreviation, else the name."""
        return self.abbreviation or self.name


class Chairmanship(Curated):
    """A calendar-year rotation's record: a state chairs a year (held or announced) or gives up its turn."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="chairmanships")
    rotation = models.CharField(max_length=30, help_text="the rotation's code (its body's)")
    year = models.PositiveSmallIntegerField()
    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="chairmanships")
    status = models.CharField(
        max_length=10,
        choices=[("held", _("held")), ("announced", _("announced")), ("forgone", _("turn given up"))],
    )
    instead_of = models.ForeignKey(
        State,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="whose turn it was",
    )
    source = models.TextField(blank=True)

    reference_key = ("organisation", "rotation", "year", "state")

    class Meta:
        ordering = ["organisation", "rotation", "year"]

    def __str__(self) -> str:
        return f"{self.rotation} {self.year} {self.state.code} ({self.status})"


class Office(Named):
    """A non-rotating office held by a person for a term, e.g. the Secretary-General."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="offices")
    code = models.CharField(max_length=40)

    class Meta:
        ordering = ["organisation", "code"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="office_code_unique")]


class Term(Curated):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="terms")
    holder_en = models.CharField(max_length=200)
    holder_ru = models.CharField(max_length=200, blank=True)
    holder_zh = models.CharField(max_length=200, blank=True)
    state = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True)

    reference_key = ("office", "start")

    class Meta:
        ordering = ["office", "start"]

    def __str__(self) -> str:
        return f"{self.office.code}: {self.holder_en} {self.start}–{self.end or ''}"

    @property
    def holder(self) -> str:
        return in_language(self, "holder")


class Person(AbstractUser):
    """Everyone who signs in; what they may do comes from their affiliations and their state's offices."""

    timezone = models.CharField(max_length=64, default="UTC")
    language = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AffiliationKind(models.TextChoices):
    DELEGATION = "delegation", _("delegation of a state")
    SECRETARIAT = "secretariat", _("Secretariat")
    INVESTOR = "investor", _("investor")
    PUBLIC = "public", _("member of the public")


class Role(models.TextChoices):
    HEAD = "head", _("head of delegation")
    DELEGATE = "delegate", _("delegate")
    NATIONAL_COORDINATOR = "national_coordinator", _("national coordinator")
    STAFF = "staff", _("Secretariat staff")
    INVESTOR = "investor", _("investor")
    PUBLIC = "public", _("member of the public")


class Affiliation(models.Model):
    """A person's place in an organisation for a period: a state's delegation, the Secretariat, or outside."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="affiliations")
    kind = models.CharField(max_length=20, choices=AffiliationKind.choices)
    state = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT)
    role = models.CharField(max_length=30, choices=Role.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "start"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="delegation") & Q(state__isnull=False))
                | (~Q(kind="delegation") & Q(state__isnull=True)),
                name="delegation_has_state",
            ),
        ]

    def __str__(self) -> str:
        where = self.state.code if self.state_id else self.get_kind_display()
        return f"{self.person} – {self.get_role_display()} ({where})"


class Session(Curated):
    """A session of a body. Regular sessions of rotating bodies end the chair's terms."""

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

    reference_key = ("organisation", "body", "year", "regular", "number")

    class Meta:
        # The table keeps the name it had when the model lived in the meetings app.
        db_table = "meetings_session"
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

        A regular session of a body whose chair passes at its sessions is the body's one per year; others
        (and the several yearly sessions of a body with calendar-year chairs) take their number, or else
        their first day.
        """
        if self.regular and self.body.chair_term == TermPattern.BETWEEN_SESSIONS:
            return str(self.year)
        if self.number:
            return f"{self.year}-{self.number}"
        return self.start.isoformat() if self.start else f"{self.year}-{self.pk}"

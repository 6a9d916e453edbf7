"""Draft decisions negotiated provision by provision, stances, silence procedures and adoption.

Every change is kept: options carry their text per round (OptionVersion), provisions and options are
never deleted but closed at a round, every stance stated or changed is a StanceChange (Stance holds only
the latest), and a silence procedure's outcome is derived from its stored timestamps (core.silence),
never from whether a job ran.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from accord.core import silence as core_silence
from accord.orgs.models import Body, Organisation, State

# Stored states the pages show through {% translate draft.state %}: the draft workflow
# (core.workflows.DRAFT) and a silence procedure's outcome (core.silence). Marked here for makemessages.
STATE_WORDS = (
    gettext_noop("drafting"),
    gettext_noop("negotiation"),
    gettext_noop("silence"),
    gettext_noop("adopted"),
    gettext_noop("withdrawn"),
    gettext_noop("running"),
    gettext_noop("broken"),
    gettext_noop("working"),  # the working-language text in the side-by-side view (parallel.Row.status)
    gettext_noop("to be re-checked"),
)


class DraftKind(models.TextChoices):
    DECLARATION = "declaration", _("declaration")
    DECISION = "decision", _("decision")
    STATEMENT = "statement", _("statement")


class DecisionRuleKind(models.TextChoices):
    CONSENSUS = "consensus", _("consensus")
    CONSENSUS_MINUS_ONE = "consensus_minus_one", _("consensus minus one")
    INTERESTED_MEMBERS = "interested_members", _("interested members")


class Draft(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="drafts")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="drafts")
    session = models.ForeignKey(
        "orgs.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts"
    )
    kind = models.CharField(max_length=20, choices=DraftKind.choices, default=DraftKind.DECISION)
    title = models.CharField(max_length=300)
    restricted = models.BooleanField(default=False)
    state = models.CharField(max_length=20, default="drafting")  # core.workflows.DRAFT
    round = models.PositiveIntegerField(default=1)
    decision_rule = models.CharField(
        max_length=30, choices=DecisionRuleKind.choices, default=DecisionRuleKind.CONSENSUS
    )
    state_concerned = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    interested = models.JSONField(default=list, blank=True)  # state codes taking part (interested members)
    note = models.CharField(max_length=300, blank=True)  # e.g. "wording written for the demo"
    created_at = models.DateTimeField()
    # Bumped by every action that may change the consensus map: the map fragment's ETag, so a poll
    # answers 304 without reading the text or the stances.
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def frozen(self) -> bool:
        return self.state in ("adopted", "withdrawn", "silence")


class ProvisionKind(models.TextChoices):
    PREAMBLE = "PP", _("preambular")
    OPERATIVE = "OP", _("operative")


class Provision(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="provisions")
    kind = models.CharField(max_length=2, choices=ProvisionKind.choices)
    number = models.PositiveIntegerField()
    added_round = models.PositiveIntegerField(default=1)
    removed_round = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["draft", "-kind", "number"]  # PP before OP
        constraints = [models.UniqueConstraint(fields=["draft", "kind", "number"], name="provision_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.kind}{self.number}"


class Option(models.Model):
    """A bracketed alternative wording of a provision; `delete` proposes to drop the provision."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="options")
    letter = models.CharField(max_length=8)
    text = models.TextField(blank=True)  # current text; every version is in OptionVersion
    delete = models.BooleanField(default=False)
    proposed_by = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Tabled by the delegation `proposed_by` itself (docs/negotiations.md, "Tabling and compiling"), not
    # written in by the Secretariat.
    tabled = models.BooleanField(default=False)
    added_round = models.PositiveIntegerField(default=1)
    removed_round = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["provision", "letter"]
        constraints = [models.UniqueConstraint(fields=["provision", "letter"], name="option_letter_unique")]

    def __str__(self) -> str:
        return f"{self.provision.label} {self.letter}"


class Wording(models.Model):
    """A wording as it stood in a round: an option's (OptionVersion) or a language version's
    (TextVersionChange)."""

    round = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    at = models.DateTimeField()
    of: ClassVar[str]  # the field naming what it is a wording of

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, self.of)} r{self.round}"


class OptionVersion(Wording):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="versions")
    of = "option"

    class Meta:
        ordering = ["option", "round", "id"]


class StanceKind(models.TextChoices):
    SUPPORT = "support", _("support")
    ACCEPT = "accept", _("accept")
    DISSOCIATE = "dissociate", _("dissociate")
    RESERVE = "reserve", _("reserve")
    OBJECT = "object", _("object")


class Stance(models.Model):
    """A delegation's position on one option; `unless` lists (provision label, option letter) pairs."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="stances")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="stances")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=StanceKind.choices)
    reason = models.TextField(blank=True)
    unless = models.JSONField(default=list, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["draft", "option", "state__code"]
        constraints = [models.UniqueConstraint(fields=["option", "state"], name="stance_once_per_state")]

    def __str__(self) -> str:
        return f"{self.state_id} {self.kind} {self.option_id}"


class StanceChange(models.Model):
    """A stance stated or changed, written with the Stance it updates: the history the map does not show."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="stance_changes")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="+")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveIntegerField()
    before = models.CharField(max_length=12, choices=StanceKind.choices, blank=True)  # "": none stated
    kind = models.CharField(max_length=12, choices=StanceKind.choices)
    reason = models.TextField(blank=True)
    unless = models.JSONField(default=list, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.state_id} {self.before or '-'} -> {self.kind} {self.option_id}"


class Comment(models.Model):
    """Remarks by any delegation, members or partners; a comment never blocks."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="comments")
    provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    at = models.DateTimeField()
    # The comment this one answers (a thread on a provision); a reply keeps its parent's provision.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ChairProposal(models.Model):
    """The chair's proposal: one option for every provision (usually the solver's package), kept as the
    clean text it made when it was put forward; numbered per draft, never changed (a new one is made)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="proposals")
    number = models.PositiveIntegerField()
    round = models.PositiveIntegerField()
    package = models.JSONField(default=dict)  # provision label -> option letter
    # [{"provision", "option", "text", "delete"}] in the order of the text, as it read when proposed.
    text = models.JSONField(default=list)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["draft", "number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="proposal_number_unique")]

    def __str__(self) -> str:
        return f"{self.draft_id} proposal {self.number}"

    @property
    def clean(self) -> list[dict]:
        """The clean text: the chosen wording of every provision kept, none of the deleted ones."""
        return [row for row in self.text if not row.get("delete")]


class SilenceProcedure(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="silences")
    opened_at = models.DateTimeField()
    deadline = models.DateTimeField()
    timezone = models.CharField(max_length=64)
    minimum_hours = models.PositiveIntegerField(default=core_silence.DEFAULT_MINIMUM_HOURS)
    package = models.JSONField(default=dict)  # provision label -> option letter: the text under silence
    # The chair's proposal put under silence (None: the consensual package of the map).
    proposal = models.ForeignKey(
        ChairProposal, null=True, blank=True, on_delete=models.PROTECT, related_name="silences"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the outcome was acted on (draft adopted or returned, everyone told); the outcome itself is
    # derived from opened_at/deadline/breaks, so a late or repeated job changes nothing.
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"silence on {self.draft_id} until {self.deadline.isoformat()}"

    def core(self) -> core_silence.SilenceProcedure:
        return core_silence.SilenceProcedure(self.opened_at, self.deadline, self.timezone, self.minimum_hours)

    def outcome(self, now, breaks=None) -> core_silence.SilenceOutcome:
        rows = self.breaks.all() if breaks is None else breaks
        return core_silence.outcome(self.core(), [b.core() for b in rows], now)


class SilenceBreak(models.Model):
    procedure = models.ForeignKey(SilenceProcedure, on_delete=models.CASCADE, related_name="breaks")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(
        max_length=12, choices=[("objection", _("objection")), ("amendment", _("amendment"))]
    )
    text = models.TextField()
    # The provision the objection or amendment is about ("" = the text as a whole): the consensus map
    # shows it there once the draft is back in negotiation.
    provision = models.CharField(max_length=12, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at.isoformat()}"

    def core(self) -> core_silence.Break:
        return core_silence.Break(self.at, self.state.code, self.kind, self.text)


class Adoption(models.Model):
    draft = models.OneToOneField(Draft, on_delete=models.CASCADE, related_name="adoption")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        "orgs.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateField()
    adopted_at = models.DateTimeField()
    via = models.CharField(
        max_length=10, choices=[("session", _("in session")), ("silence", _("silence procedure"))]
    )
    package = models.JSONField(default=dict)  # provision label -> option letter adopted
    members = models.JSONField(default=list)  # member state codes on the date
    # The official number from the organisation's numbering scheme (data/<org>/texts.json, per body and
    # year), given once at adoption: never a database id, the same on every install and after a reload.
    number = models.CharField(max_length=60, blank=True)
    # The languages whose text is authentic (every official language, each version verified at adoption).
    authentic = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.draft_id} adopted {self.date}"


class Statement(models.Model):
    """A view placed on record with the adopted text: a dissociation or an interpretative statement."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="statements")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        max_length=20,
        choices=[("dissociation", _("dissociation")), ("interpretative", _("interpretative statement"))],
    )
    provision = models.CharField(max_length=12, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["adoption", "state__code", "id"]

    def __str__(self) -> str:
        return self.text[:60]


# --- Equally authentic texts (core.texts): a version of each text per language -------------------------


class VersionStatus(models.TextChoices):
    MISSING = "missing", _("missing")
    DRAFT = "draft", _("draft")
    VERIFIED = "verified", _("verified")


class TextVersion(models.Model):
    """One text of a draft in one language other than its working one: the title (key "title"), an
    option ("option:<id>") or a statement on record ("statement:<id>").

    The draft's own fields (`Draft.title`, `Option.text`, `Statement.text`) stay the working-language
    text the delegations negotiate; a version is the same text in an official language. Editing one
    language marks the others `needs_recheck` (and a verified one back to draft)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="text_versions")
    key = models.CharField(max_length=40)  # "title", "option:<id>", "statement:<id>"
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey(
        "Statement", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=8)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.MISSING)
    needs_recheck = models.BooleanField(default=False)
    # The round the text was last written in: differences since the last round are against the version
    # history (TextVersionChange) at the round before.
    round = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    verified_by = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["draft", "key", "language"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "key", "language"], name="text_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.draft_id} {self.key} [{self.language}] {self.status}"


class TextVersionChange(Wording):
    """Every wording a version had, with its round: what the side-by-side view compares against."""

    version = models.ForeignKey(TextVersion, on_delete=models.CASCADE, related_name="changes")
    of = "version_id"

    class Meta:
        ordering = ["version", "round", "id"]


class ClearedWarning(models.Model):
    """An alignment or terminology warning the language service looked at and cleared (core.texts
    Warning.key: it stays cleared while the texts say the same)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="cleared_warnings")
    key = models.CharField(max_length=40)  # the text, as TextVersion.key
    warning = models.CharField(max_length=500)
    by = models.ForeignKey("orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["draft", "key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "key", "warning"], name="cleared_warning_unique")
        ]

    def __str__(self) -> str:
        return f"{self.draft_id} {self.key} {self.warning}"


class Term(models.Model):
    """The organisation's terminology base: a term's preferred wording per language, the wordings to
    avoid, and where the wording comes from (data/<org>/texts.json, editable by the language service)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="terms")
    key = models.SlugField(max_length=60)
    preferred = models.JSONField(default=dict)  # {language: wording}
    avoid = models.JSONField(default=dict, blank=True)  # {language: [wordings]}
    source = models.TextField()
    secondary = models.BooleanField(default=False)

    class Meta:
        ordering = ["organisation", "key"]
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="term_unique")]

    def __str__(self) -> str:
        return self.key

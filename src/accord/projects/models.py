"""Regional projects, funders and their mandates, commitments, exchange rates and optimiser runs.

Amounts are exact Decimals with an ISO 4217 currency; aggregates convert with the dated ExchangeRate
table into the organisation's base currency (BASE_CURRENCY).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.base.fields import ReadableDecimalField
from accord.base.validators import AMOUNT_DIGITS, MAX_AMOUNT, MAX_RATE, amount_problem
from accord.core.budgets import BudgetPeriod, yearly_budgets
from accord.core.workflows import COMMITMENT, PROJECT
from accord.orgs.models import Organisation, Person, State

from .sectors import SECTOR_CHOICES

BASE_CURRENCY = "USD"
AMOUNT = AMOUNT_DIGITS

STAGE_LABELS = {
    "concept": _("concept"),
    "proposed": _("proposed"),
    "endorsed": _("endorsed"),
    "financing": _("financing"),
    "implementation": _("implementation"),
    "completed": _("completed"),
    "dropped": _("dropped"),
}
COMMITMENT_LABELS = {
    "interest": _("interest"),
    "soft": _("soft commitment"),
    "firm": _("firm commitment"),
    "withdrawn": _("withdrawn"),
}


class Project(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="projects")
    code = models.SlugField(max_length=40, help_text=_("stable short code, used in the IATI identifier"))
    title = models.CharField(max_length=300)
    description = models.TextField()
    sector = models.CharField(max_length=30, choices=SECTOR_CHOICES)
    countries = models.JSONField(default=list, help_text=_("ISO 3166 alpha-2 codes of the host countries"))
    lead_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="led_projects")
    interested_states = models.JSONField(default=list, help_text=_("member states taking part (codes)"))
    cost = ReadableDecimalField(**AMOUNT)
    currency = models.CharField(max_length=3)
    start = models.DateField()
    end = models.DateField()
    stage = models.CharField(
        max_length=20, choices=[(s, STAGE_LABELS[s]) for s in PROJECT.states], default=PROJECT.initial
    )
    published = models.BooleanField(default=False, help_text=_("visible to investors and the public"))
    priority = models.PositiveSmallIntegerField(default=1)
    decision_reference = models.CharField(
        max_length=300, blank=True, help_text=_("the decision that endorsed the project")
    )
    decision_date = models.DateField(null=True, blank=True)
    illustrative = models.BooleanField(default=False, help_text=_("invented for a demo"))
    proposed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField()
    stage_changed = models.DateTimeField()

    class Meta:
        ordering = ["organisation", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="project_code_unique"),
            models.CheckConstraint(condition=models.Q(cost__gt=0), name="project_cost_positive"),
            models.CheckConstraint(condition=models.Q(cost__lte=MAX_AMOUNT), name="project_cost_bounded"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="project_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]

    @property
    def budgets(self) -> list[BudgetPeriod]:
        """The cost by calendar year of the timeline, pro rata by days (IATI budgets are at most a year);
        none for a stored cost or currency out of bounds (reads are total)."""
        if amount_problem(self.cost, self.currency) is not None:
            return []
        return yearly_budgets(self.start, self.end, self.cost)


class ExpectedResult(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results")
    title = models.CharField(max_length=300)
    indicator = models.CharField(max_length=300)
    baseline = models.CharField(max_length=100, blank=True)
    target = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "order"]

    def __str__(self) -> str:
        return f"{self.title}: {self.indicator} -> {self.target}"


class FunderKind(models.TextChoices):
    DEVELOPMENT_BANK = "development_bank", _("development bank")
    INTERBANK = "interbank", _("Interbank Consortium member")
    FINANCIAL_CENTRE_FUND = "financial_centre_fund", _("fund at a financial centre")
    NATIONAL = "national", _("national institution")
    PRIVATE = "private", _("private investor")


INSTRUMENTS = {"loan": _("loan"), "equity": _("equity"), "grant": _("grant"), "guarantee": _("guarantee")}


class Funder(models.Model):
    """A funder and its mandate: what it may finance (sectors, countries), how (instruments, tickets)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="funders")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=FunderKind.choices)
    sectors = models.JSONField(default=list)
    countries = models.JSONField(default=list)
    instruments = models.JSONField(default=list)
    min_ticket = ReadableDecimalField(**AMOUNT, default=0)
    max_ticket = ReadableDecimalField(**AMOUNT, null=True, blank=True)
    capital = ReadableDecimalField(**AMOUNT, help_text=_("capital available for the organisation's projects"))
    currency = models.CharField(max_length=3)
    illustrative = models.BooleanField(default=False, help_text=_("figures invented for a demo"))
    representatives = models.ManyToManyField(Person, through="FunderRepresentative", related_name="funders")

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="funder_code_unique"),
            models.CheckConstraint(
                condition=models.Q(capital__gte=0, capital__lte=MAX_AMOUNT), name="funder_capital_bounded"
            ),
            models.CheckConstraint(
                condition=models.Q(min_ticket__gte=0, min_ticket__lte=MAX_AMOUNT),
                name="funder_min_ticket_bounded",
            ),
            models.CheckConstraint(
                condition=models.Q(max_ticket__isnull=True)
                | models.Q(max_ticket__gt=0, max_ticket__lte=MAX_AMOUNT),
                name="funder_max_ticket_bounded",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def instrument_choices(self) -> list[tuple[str, str]]:
        """(code, translated label) of each instrument in the mandate, for the pages."""
        return [(i, INSTRUMENTS.get(i, i)) for i in self.instruments]


class FunderRepresentative(models.Model):
    """A person (an investor) who acts for a funder."""

    funder = models.ForeignKey(Funder, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["funder", "person"], name="representative_unique")]

    def __str__(self) -> str:
        return f"{self.person} for {self.funder}"


class Commitment(models.Model):
    """A funder's interest in a project, firming up along the COMMITMENT workflow."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="commitments")
    funder = models.ForeignKey(Funder, on_delete=models.CASCADE, related_name="commitments")
    state = models.CharField(
        max_length=20,
        choices=[(s, COMMITMENT_LABELS[s]) for s in COMMITMENT.states],
        default=COMMITMENT.initial,
    )
    amount = ReadableDecimalField(**AMOUNT, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    instrument = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    created = models.DateTimeField()
    soft_on = models.DateTimeField(null=True, blank=True)
    firm_on = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField()

    class Meta:
        ordering = ["project", "funder"]
        constraints = [
            models.UniqueConstraint(fields=["project", "funder"], name="commitment_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gt=0, amount__lte=MAX_AMOUNT),
                name="commitment_amount_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder} -> {self.project.code}: {self.state}"

    @property
    def state_label(self) -> str:
        return COMMITMENT_LABELS[self.state]

    @property
    def instrument_label(self) -> str:
        return INSTRUMENTS.get(self.instrument, self.instrument)


class ExchangeRate(models.Model):
    """How many units of the base currency one unit of `currency` was worth on `date`."""

    currency = models.CharField(max_length=3)
    date = models.DateField()
    rate = ReadableDecimalField(max_digits=24, decimal_places=10)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="rate_unique"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="rate_positive"),
            models.CheckConstraint(condition=models.Q(rate__lte=MAX_RATE), name="rate_bounded"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} {BASE_CURRENCY} on {self.date}"


class AllocationRun(models.Model):
    """One run of the funding-gap optimiser: its input (portfolio file) and result, kept to compare."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="allocation_runs")
    at = models.DateTimeField()
    by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    base_currency = models.CharField(max_length=3, default=BASE_CURRENCY)
    snapshot = models.JSONField()
    result = models.JSONField()
    optimal = models.BooleanField()
    seconds = models.FloatField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["organisation", "-at"]

    def __str__(self) -> str:
        return f"run {self.pk} at {self.at:%Y-%m-%d %H:%M}"

"""Reads for projects and financing: each runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.http import Http404
from django.utils.translation import gettext

from accord.base import clock, validators
from accord.core import matching as core_matching
from accord.core.errors import InputError
from accord.core.workflows import PROJECT
from accord.orgs.models import Organisation
from accord.orgs.permissions import Actor, allowed

from . import matching
from .models import BASE_CURRENCY, AllocationRun, Commitment, ExchangeRate, Funder, Project

PIPELINE_STAGES = ("endorsed", "financing")
CENT = Decimal("0.01")
_ID = re.compile(r"[0-9]{1,18}")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class Rates:
    """The dated exchange-rate table in memory (one query): the rate in force on a day is the latest on or
    before it."""

    def __init__(self, base: str = BASE_CURRENCY):
        self.base = base
        table: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
        for cur, day, rate in ExchangeRate.objects.order_by("currency", "date").values_list(
            "currency", "date", "rate"
        ):
            table[cur].append((day, rate))
        self.table = dict(table)

    def rate(self, currency: str, on: date) -> Decimal:
        if currency == self.base:
            return Decimal(1)
        rows = self.table.get(currency, [])
        i = bisect.bisect_right([d for d, _ in rows], on)
        if i == 0:
            raise InputError(
                "currency",
                gettext("no exchange rate for %(currency)s on or before %(date)s")
                % {"currency": currency, "date": on.isoformat()},
            )
        return rows[i - 1][1]

    def to_base(self, amount: Decimal, currency: str, on: date | None = None) -> Decimal:
        return cents(amount * self.rate(currency, on or clock.today()))

    def convert(self, amount: Decimal, currency: str, target: str, on: date | None = None) -> Decimal:
        day = on or clock.today()
        return cents(amount * self.rate(currency, day) / self.rate(target, day))

    def safe_to_base(self, amount, currency) -> Decimal | None:
        """`to_base`, or None for a stored amount or currency that cannot be converted (reads are total)."""
        if validators.amount_problem(amount, currency) is not None:
            return None
        try:
            return self.to_base(amount, currency)
        except (InputError, ArithmeticError):
            return None


def is_insider(actor: Actor) -> bool:
    """The Secretariat and delegations see unpublished projects; investors and the public do not."""
    return allowed(actor, "documents.view")


def visible_projects(actor: Actor, org: Organisation):
    qs = Project.objects.filter(organisation=org).select_related("lead_state")
    return qs if is_insider(actor) else qs.filter(published=True)


def project_for(actor: Actor, org: Organisation, code: str) -> Project:
    """404, not 403, for a project the actor may not see: its existence is not leaked."""
    project = visible_projects(actor, org).filter(code=code).prefetch_related("results").first()
    if project is None:
        raise Http404(f"no project {code!r}")
    return project


@dataclass
class Position:
    """A project's financing position in the base currency."""

    project: Project
    cost: Decimal
    firm: Decimal
    soft: Decimal
    # Why the stored cost or currency cannot be read (the row is shown marked and counts as 0), or None.
    error: str | None = None

    @property
    def gap(self) -> Decimal:
        return max(self.cost - self.firm, Decimal(0))

    @property
    def committed(self) -> Decimal:
        """Firm commitments up to the cost: what is committed beyond it fills no other project's gap."""
        return min(self.firm, self.cost)


def positions(projects: list[Project], rates: Rates) -> list[Position]:
    """Cost, firm and soft commitments per project (one query for the commitments). Total: a project whose
    stored cost or currency cannot be read gets an `error` and zeros; such a commitment is left out."""
    firm: dict[int, Decimal] = defaultdict(Decimal)
    soft: dict[int, Decimal] = defaultdict(Decimal)
    for c in Commitment.objects.filter(project__in=[p.pk for p in projects], state__in=("soft", "firm")):
        value = rates.safe_to_base(c.amount or Decimal(0), c.currency or BASE_CURRENCY)
        if value is not None:
            (firm if c.state == "firm" else soft)[c.project_id] += value
    out = []
    for p in projects:
        error = validators.amount_problem(p.cost, p.currency)
        cost = None if error else rates.safe_to_base(p.cost, p.currency)
        if error is None and cost is None:
            error = gettext("no exchange rate for %(currency)s") % {"currency": p.currency}
        if error:
            out.append(Position(p, Decimal(0), Decimal(0), Decimal(0), error))
        else:
            out.append(Position(p, cost, firm[p.pk], soft[p.pk]))
    return out


def pipeline(org: Organisation, *, published_only: bool = False) -> list[Project]:
    qs = Project.objects.filter(organisation=org, stage__in=PIPELINE_STAGES)
    if published_only:
        qs = qs.filter(published=True)
    return list(qs.select_related("lead_state"))


def funding_gap_summary(org: Organisation, *, published_only: bool = False) -> dict:
    """The pipeline's cost, firm commitments and gap, in the base currency: all of it for the chair's
    dashboard, only published projects for the public (`published_only`). Unreadable rows count as 0."""
    rates = Rates()
    rows = [r for r in positions(pipeline(org, published_only=published_only), rates) if r.error is None]
    by_sector: dict[str, dict[str, Decimal]] = {}
    for r in rows:
        s = by_sector.setdefault(
            r.project.sector, {"cost": Decimal(0), "committed": Decimal(0), "gap": Decimal(0)}
        )
        s["cost"] += r.cost
        s["committed"] += r.committed
        s["gap"] += r.gap
    return {
        "total_cost": sum((r.cost for r in rows), Decimal(0)),
        "committed": sum((r.committed for r in rows), Decimal(0)),
        "gap": sum((r.gap for r in rows), Decimal(0)),
        "base_currency": rates.base,
        "by_sector": by_sector,
    }


def dashboard(org: Organisation, actor: Actor) -> dict:
    """Gap by sector, country and stage, the pipeline funnel and commitments over time."""
    rates = Rates()
    projects = [p for p in visible_projects(actor, org) if p.stage != "dropped"]
    rows = positions(projects, rates)
    by_sector: dict[str, Decimal] = defaultdict(Decimal)
    by_country: dict[str, Decimal] = defaultdict(Decimal)
    by_stage: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows:
        if r.project.stage in ("completed",):
            continue
        by_sector[r.project.sector] += r.gap
        by_stage[r.project.stage] += r.gap
        # A multi-country project's gap is shared equally among its host countries (no double counting).
        share = cents(r.gap / len(r.project.countries)) if r.project.countries else Decimal(0)
        for code in r.project.countries:
            by_country[code] += share
    stages = [s for s in PROJECT.states if s != "dropped"]
    counts = {s: 0 for s in stages}
    for p in projects:
        counts[p.stage] += 1
    # Funnel: how many projects reached each stage (a project in "financing" passed "endorsed").
    funnel = [(s, sum(counts[t] for t in stages[i:])) for i, s in enumerate(stages)]
    return {
        "rates": rates,
        "positions": rows,
        "by_sector": sorted(by_sector.items(), key=lambda kv: -kv[1]),
        "by_country": sorted(by_country.items(), key=lambda kv: -kv[1]),
        "by_stage": [(s, by_stage[s]) for s in stages if s in by_stage],
        "funnel": funnel,
        "over_time": commitments_over_time(org, projects, rates),
    }


def commitments_over_time(
    org: Organisation, projects: list[Project], rates: Rates
) -> list[tuple[str, Decimal, Decimal]]:
    """(month, cumulative soft, cumulative firm) in the base currency, by the month each state was reached."""
    events: list[tuple[str, str, Decimal]] = []
    for c in Commitment.objects.filter(project__in=[p.pk for p in projects], state__in=("soft", "firm")):
        value = rates.safe_to_base(c.amount or Decimal(0), c.currency or BASE_CURRENCY)
        if value is None:
            continue
        if c.state == "firm" and c.firm_on:
            events.append((c.firm_on.strftime("%Y-%m"), "firm", value))
        elif c.soft_on:
            events.append((c.soft_on.strftime("%Y-%m"), "soft", value))
    months = sorted({m for m, _, _ in events})
    out, soft, firm = [], Decimal(0), Decimal(0)
    for m in months:
        soft += sum((v for mm, k, v in events if mm == m and k == "soft"), Decimal(0))
        firm += sum((v for mm, k, v in events if mm == m and k == "firm"), Decimal(0))
        out.append((m, soft, firm))
    return out


def funders_of(actor: Actor, org: Organisation) -> list[Funder]:
    if actor.person_id is None:
        return []
    return list(Funder.objects.filter(organisation=org, representatives__pk=actor.person_id))


@dataclass
class Match:
    """A project against one of the investor's funders: the core's verdict and its reasons, worded;
    `amount` is the gap in the funder's currency, as the core judged it."""

    position: Position
    funder: Funder
    result: core_matching.Match
    commitment: Commitment | None
    amount: Decimal

    @property
    def reasons(self) -> list[tuple[core_matching.Reason, str]]:
        return [(r, matching.worded(r, self.funder.currency)) for r in self.result.reasons]


def matches(actor: Actor, org: Organisation) -> list[Match]:
    """Published projects seeking finance against the actor's funders' mandates: matches first, then by
    score (as `accord.core.matching.rank_matches`), project code and funder."""
    # A funder whose stored capital or currency cannot be read or converted is left out rather than
    # failing the page.
    rates = Rates()
    funders = [f for f in funders_of(actor, org) if rates.safe_to_base(f.capital, f.currency) is not None]
    if not funders:
        return []
    projects = list(
        Project.objects.filter(
            organisation=org, published=True, stage__in=("proposed", *PIPELINE_STAGES)
        ).select_related("lead_state")
    )
    rows = [r for r in positions(projects, rates) if r.error is None]
    existing = {(c.project_id, c.funder_id): c for c in Commitment.objects.filter(funder__in=funders)}
    # Available capital, as the optimiser counts it: capital less the funder's firm commitments.
    currency = {f.pk: f.currency for f in funders}
    available = {f.pk: f.capital for f in funders}
    for c in existing.values():
        if c.state == "firm":
            amount, cur = c.amount or Decimal(0), c.currency or rates.base
            if validators.amount_problem(amount, cur) is None:
                available[c.funder_id] -= rates.convert(amount, cur, currency[c.funder_id])
    out = []
    for r in rows:
        for f in funders:
            gap = rates.convert(r.gap, rates.base, f.currency)
            result = matching.match(r.project, f, gap, available[f.pk])
            out.append(Match(r, f, result, existing.get((r.project.pk, f.pk)), gap))
    out.sort(key=lambda m: (not m.result.ok, -m.result.score, m.position.project.code, m.funder.name))
    return out


def commitments(org: Organisation):
    return (
        Commitment.objects.filter(project__organisation=org)
        .select_related("project", "funder")
        .order_by("project__code", "funder__name")
    )


def runs(org: Organisation) -> list[AllocationRun]:
    return list(
        AllocationRun.objects.filter(organisation=org).select_related("by").defer("snapshot", "result")
    )


def run(org: Organisation, pk: int) -> AllocationRun:
    r = AllocationRun.objects.filter(organisation=org, pk=pk).select_related("by").first()
    if r is None:
        raise Http404("no such run")
    return r


def commitments_of(project: Project, funders: list[Funder]) -> list[Commitment]:
    """The project's commitments by these funders (an investor's own), with their funder."""
    return list(Commitment.objects.filter(project=project, funder__in=funders).select_related("funder"))


def funder(org: Organisation, *, pk: str | None = None, code: str | None = None) -> Funder:
    """The organisation's funder of this id (a form's value: one that is not a plain number names none)
    or this code; else a 404."""
    if pk is not None:
        found = Funder.objects.filter(organisation=org, pk=pk).first() if _ID.fullmatch(pk) else None
    else:
        found = Funder.objects.filter(organisation=org, code=code).first()
    if found is None:
        raise Http404("no such funder")
    return found


def commitment(org: Organisation, pk: int, *, represented_by: Actor | None = None) -> Commitment:
    """The organisation's commitment of this id (of a funder `represented_by` represents, if given), with
    its project and funder; else a 404."""
    qs = Commitment.objects.filter(pk=pk, project__organisation=org)
    if represented_by is not None:
        qs = qs.filter(funder__representatives__pk=represented_by.person_id)
    c = qs.select_related("project", "funder").first()
    if c is None:
        raise Http404("no such commitment")
    return c


def names(org: Organisation) -> tuple[dict[str, str], dict[str, str]]:
    """Project titles and funder names by code, to word an allocation run."""
    titles = dict(Project.objects.filter(organisation=org).values_list("code", "title"))
    funders = dict(Funder.objects.filter(organisation=org).values_list("code", "name"))
    return titles, funders


def any_illustrative(actor: Actor, org: Organisation) -> bool:
    """Whether a project the actor sees is illustrative (the page then says so)."""
    return visible_projects(actor, org).filter(illustrative=True).exists()

"""Every write of projects and financing: permission, validation naming the field, one transaction, one
audit event. Views, API, CLI, admin and demo call these; none writes the models itself."""

from __future__ import annotations

import re
import time
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext

from accord.audit.log import record
from accord.base import clock, validators
from accord.base.registry import PRIORITY_SOURCES
from accord.core import allocation
from accord.core.errors import InputError
from accord.core.workflow import check_transition
from accord.core.workflows import COMMITMENT, DELEGATE, PROJECT, SECRETARIAT
from accord.orgs.models import Organisation, Person, State
from accord.orgs.permissions import Actor, require

from . import queries
from .events import ProjectsEvent
from .models import (
    INSTRUMENTS,
    STAGE_LABELS,
    AllocationRun,
    Commitment,
    ExchangeRate,
    ExpectedResult,
    Funder,
    FunderKind,
    FunderRepresentative,
    Project,
)
from .permissions import require_move
from .sectors import SECTORS

_CODE = re.compile(r"[a-z0-9][a-z0-9-]{1,39}")


def _amount(value, field: str, *, positive: bool = True, required: bool = True) -> Decimal | None:
    return validators.amount(value, field, positive=positive, required=required)


def _currency(value, field: str = "currency") -> str:
    return validators.currency(value, field)


def _states(codes, field: str, *, allow_empty: bool = False) -> list[str]:
    if isinstance(codes, str):
        codes = [c for c in re.split(r"[\s,]+", codes) if c]
    if not isinstance(codes, (list, tuple)):
        raise InputError(field, gettext("must be a list of country codes"))
    codes = [validators.country(c, field) for c in codes]
    if not codes and not allow_empty:
        raise InputError(field, gettext("name at least one country"))
    if len(set(codes)) != len(codes):
        raise InputError(field, gettext("lists a country twice"))
    known = set(State.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise InputError(field, gettext("unknown country code(s): %(codes)s") % {"codes": ", ".join(unknown)})
    return codes


def propose_project(
    actor: Actor,
    org: Organisation,
    *,
    code: str,
    title: str,
    description: str,
    sector: str,
    countries,
    lead_state: str,
    interested_states=(),
    cost,
    currency: str,
    start: date,
    end: date,
    results=(),
    priority: int = 1,
    submit: bool = True,
    illustrative: bool = False,
) -> Project:
    """A member state's delegation proposes a project led by its state (as a concept if not `submit`)."""
    lead = lead_state.strip().upper() if isinstance(lead_state, str) else ""
    require(actor, "project.propose", state=lead)
    code = code.strip().lower() if isinstance(code, str) else ""
    if not _CODE.fullmatch(code):
        raise InputError("code", gettext("use 2-40 lower-case letters, digits and hyphens"))
    if Project.objects.filter(organisation=org, code=code).exists():
        raise InputError("code", gettext("project %(code)s already exists") % {"code": repr(code)})
    title = validators.text(title, "title")
    description = validators.text(description, "description", max_length=10_000, multiline=True)
    if sector not in SECTORS:
        raise InputError(
            "sector",
            gettext("unknown sector %(sector)s; known: %(known)s")
            % {"sector": repr(sector), "known": ", ".join(SECTORS)},
        )
    hosts = _states(countries, "countries")
    interested = _states(interested_states, "interested_states", allow_empty=True)
    if lead not in interested:
        interested.insert(0, lead)
    amount = _amount(cost, "cost")
    cur = _currency(currency)
    if not isinstance(start, date):
        raise InputError("start", gettext("is required (YYYY-MM-DD)"))
    if not isinstance(end, date):
        raise InputError("end", gettext("is required (YYYY-MM-DD)"))
    if end < start:
        raise InputError("end", gettext("is before the start"))
    if not isinstance(priority, int) or not 1 <= priority <= 5:
        raise InputError("priority", gettext("must be a whole number from 1 to 5"))
    checked = []
    for i, r in enumerate(results or []):
        checked.append(
            ExpectedResult(
                title=validators.text(r.get("title"), f"results[{i}].title"),
                indicator=validators.text(r.get("indicator"), f"results[{i}].indicator"),
                baseline=validators.text(
                    r.get("baseline"), f"results[{i}].baseline", max_length=100, required=False
                ),
                target=validators.text(r.get("target"), f"results[{i}].target", max_length=100),
                order=i,
            )
        )
    now = clock.now()
    stage = PROJECT.initial
    if submit:
        check_transition(PROJECT, stage, "proposed")
        stage = "proposed"
    try:
        with transaction.atomic():
            project = Project.objects.create(
                organisation=org,
                code=code,
                title=title,
                description=description,
                sector=sector,
                countries=hosts,
                lead_state=State.objects.get(code=lead),
                interested_states=interested,
                cost=amount,
                currency=cur,
                start=start,
                end=end,
                stage=stage,
                priority=priority,
                illustrative=bool(illustrative),
                created=now,
                stage_changed=now,
                proposed_by_id=actor.person_id,
            )
            for r in checked:
                r.project = project
            ExpectedResult.objects.bulk_create(checked)
            record(
                ProjectsEvent.PROJECT_PROPOSE,
                actor=actor,
                target=project,
                payload={
                    "code": code,
                    "stage": stage,
                    "cost": str(amount),
                    "currency": cur,
                    "lead_state": lead,
                },
            )
    except IntegrityError:
        # Another request took the code between the check above and this insert (concurrent creates).
        raise InputError("code", gettext("project %(code)s already exists") % {"code": repr(code)}) from None
    return project


def move_project(
    actor: Actor,
    project: Project,
    target: str,
    *,
    decision_reference: str = "",
    decision_date: date | None = None,
) -> Project:
    """Move a project to another stage of the PROJECT workflow; endorsement names the decision."""
    move = check_transition(PROJECT, project.stage, target)
    require_move(actor, project, move.permission)
    if move.permission not in (DELEGATE, SECRETARIAT):
        raise InputError(
            "stage",
            gettext("%(source)s -> %(target)s is not made by a person")
            % {"source": STAGE_LABELS[project.stage], "target": STAGE_LABELS.get(target, target)},
        )
    reference = validators.text(decision_reference, "decision_reference", required=False)
    if target == "endorsed" and not reference:
        raise InputError("decision_reference", gettext("name the decision that endorsed the project"))
    with transaction.atomic():
        source = project.stage
        project.stage = target
        project.stage_changed = clock.now()
        fields = ["stage", "stage_changed"]
        if target == "endorsed":
            project.decision_reference = reference
            project.decision_date = decision_date
            fields += ["decision_reference", "decision_date"]
        project.save(update_fields=fields)
        record(
            ProjectsEvent.PROJECT_MOVE,
            actor=actor,
            target=project,
            payload={
                "from": source,
                "to": target,
                "decision_reference": reference,
                "decision_date": decision_date,
            },
        )
    return project


def publish_project(actor: Actor, project: Project, published: bool = True) -> Project:
    """Publishing shows the project to investors and the public (and in the IATI export)."""
    require(actor, "project.manage")
    if published and project.stage in ("concept", "dropped"):
        raise InputError(
            "published",
            gettext("a project in stage %(stage)s cannot be published")
            % {"stage": STAGE_LABELS[project.stage]},
        )
    with transaction.atomic():
        project.published = published
        project.save(update_fields=["published"])
        record(ProjectsEvent.PROJECT_PUBLISH, actor=actor, target=project, payload={"published": published})
    return project


def create_funder(
    actor: Actor | None,
    org: Organisation,
    *,
    code: str,
    name: str,
    kind: str,
    sectors,
    countries,
    instruments,
    capital,
    currency: str,
    min_ticket=0,
    max_ticket=None,
    illustrative: bool = False,
) -> Funder:
    """Register a funder and its mandate (Secretariat; actor None is the demo loader)."""
    require(actor, "funder.manage")
    code = code.strip().lower() if isinstance(code, str) else ""
    if not _CODE.fullmatch(code):
        raise InputError("code", gettext("use 2-40 lower-case letters, digits and hyphens"))
    if Funder.objects.filter(organisation=org, code=code).exists():
        raise InputError("code", gettext("funder %(code)s already exists") % {"code": repr(code)})
    name = validators.text(name, "name")
    if kind not in FunderKind.values:
        raise InputError(
            "kind",
            gettext("unknown kind %(kind)s; known: %(known)s")
            % {"kind": repr(kind), "known": ", ".join(FunderKind.values)},
        )
    sectors = list(sectors or [])
    bad = [s for s in sectors if s not in SECTORS]
    if not sectors or bad:
        raise InputError(
            "sectors",
            gettext("unknown sector(s): %(codes)s") % {"codes": ", ".join(bad)}
            if bad
            else gettext("name at least one sector"),
        )
    hosts = _states(countries, "countries")
    instruments = list(instruments or [])
    bad = [i for i in instruments if i not in INSTRUMENTS]
    if not instruments or bad:
        raise InputError(
            "instruments",
            gettext("unknown: %(codes)s") % {"codes": ", ".join(bad)}
            if bad
            else gettext("name at least one instrument"),
        )
    cap = _amount(capital, "capital")
    low = _amount(min_ticket, "min_ticket", positive=False)
    high = _amount(max_ticket, "max_ticket", required=False)
    if high is not None and low > high:
        raise InputError("min_ticket", gettext("is above max_ticket"))
    if low > cap:
        raise InputError("min_ticket", gettext("is above the capital"))
    cur = _currency(currency)
    try:
        with transaction.atomic():
            funder = Funder.objects.create(
                organisation=org,
                code=code,
                name=name,
                kind=kind,
                sectors=sectors,
                countries=hosts,
                instruments=instruments,
                capital=cap,
                currency=cur,
                min_ticket=low,
                max_ticket=high,
                illustrative=illustrative,
            )
            record(
                ProjectsEvent.FUNDER_CREATE,
                actor=actor,
                target=funder,
                payload={"code": code, "capital": str(cap)},
            )
    except IntegrityError:
        raise InputError("code", gettext("funder %(code)s already exists") % {"code": repr(code)}) from None
    return funder


def add_representative(actor: Actor | None, funder: Funder, person: Person) -> None:
    """Let an investor act for a funder."""
    require(actor, "funder.manage")
    if not person.affiliations.filter(organisation=funder.organisation, kind="investor").exists():
        raise InputError(
            "person", gettext("%(username)s has no investor affiliation") % {"username": person.username}
        )
    with transaction.atomic():
        FunderRepresentative.objects.get_or_create(funder=funder, person=person)
        record(
            ProjectsEvent.FUNDER_REPRESENTATIVE,
            actor=actor,
            target=funder,
            payload={"person": person.username},
        )


def set_exchange_rate(actor: Actor | None, *, currency: str, on: date, rate) -> ExchangeRate:
    """Record the value of one unit of `currency` in the base currency on a date."""
    require(actor, "funder.manage")
    cur = _currency(currency)
    value = validators.number(rate, "rate", low=0, high=validators.MAX_RATE, places=10, low_open=True)
    with transaction.atomic():
        obj, _ = ExchangeRate.objects.update_or_create(currency=cur, date=on, defaults={"rate": value})
        record(
            ProjectsEvent.RATE_SET,
            actor=actor,
            target=obj,
            payload={"currency": cur, "date": on, "rate": str(value)},
        )
    return obj


def _represented(actor: Actor, funder: Funder) -> None:
    require(actor, "commitment.register")
    if not FunderRepresentative.objects.filter(funder=funder, person_id=actor.person_id).exists():
        raise InputError("funder", gettext("you do not represent %(funder)s") % {"funder": funder.name})


def register_interest(actor: Actor, project: Project, funder: Funder, note: str = "") -> Commitment:
    """An investor registers its funder's interest in a published project (COMMITMENT's first state)."""
    require(actor, "commitment.register")
    if not project.published:
        # Unpublished projects do not exist for investors.
        raise Http404("no such project")
    _represented(actor, funder)
    if Commitment.objects.filter(project=project, funder=funder).exists():
        raise InputError(
            "project",
            gettext("%(funder)s already registered interest in %(project)s")
            % {"funder": funder.name, "project": project.code},
        )
    if project.stage in ("implementation", "completed", "dropped"):
        raise InputError(
            "project", gettext("project %(code)s is no longer seeking finance") % {"code": project.code}
        )
    note = validators.text(note, "note", max_length=2000, required=False, multiline=True)
    now = clock.now()
    with transaction.atomic():
        c = Commitment.objects.create(
            project=project,
            funder=funder,
            state=COMMITMENT.initial,
            note=note,
            created=now,
            updated=now,
        )
        record(
            ProjectsEvent.COMMITMENT_INTEREST,
            actor=actor,
            target=c,
            payload={"project": project.code, "funder": funder.code},
        )
    return c


def move_commitment(
    actor: Actor,
    commitment: Commitment,
    target: str,
    *,
    amount=None,
    currency: str = "",
    instrument: str = "",
) -> Commitment:
    """Firm up (soft, firm) or withdraw a commitment; soft and firm name an amount and an instrument."""
    _represented(actor, commitment.funder)
    check_transition(COMMITMENT, commitment.state, target)
    fields = ["state", "updated"]
    now = clock.now()
    if target in ("soft", "firm"):
        value = _amount(amount if amount not in (None, "") else commitment.amount, "amount")
        cur = _currency(currency or commitment.currency or commitment.funder.currency)
        instr = (
            validators.text(instrument, "instrument", max_length=20, required=False) or commitment.instrument
        )
        if instr not in commitment.funder.instruments:
            raise InputError(
                "instrument",
                gettext("%(instrument)s is not among the funder's instruments: %(instruments)s")
                % {
                    "instrument": instr or gettext("(none)"),
                    "instruments": ", ".join(commitment.funder.instruments),
                },
            )
        commitment.amount, commitment.currency, commitment.instrument = value, cur, instr
        fields += ["amount", "currency", "instrument", f"{target}_on"]
        setattr(commitment, f"{target}_on", now)
    with transaction.atomic():
        source = commitment.state
        commitment.state = target
        commitment.updated = now
        commitment.save(update_fields=fields)
        record(
            ProjectsEvent.COMMITMENT_MOVE,
            actor=actor,
            target=commitment,
            payload={
                "from": source,
                "to": target,
                "amount": str(commitment.amount or ""),
                "currency": commitment.currency,
                "project": commitment.project.code,
            },
        )
    return commitment


def _portfolio_for(org: Organisation, priority: str = "") -> allocation.Portfolio:
    """The pipeline's remaining gaps and the funders' available capital, in the base currency.

    `priority` names a source of priorities another app contributes (base.registry.PRIORITY_SOURCES,
    e.g. "network"); empty keeps each project's own priority.

    A project's gap is its cost less firm commitments; a funder's available capital is its capital less
    its firm commitments. Funders with nothing left are left out (the core requires capital > 0).
    """
    rates = queries.Rates()
    rows = [r for r in queries.positions(queries.pipeline(org), rates) if r.gap > 0]
    firm_by_funder: dict[int, Decimal] = {}
    for c in Commitment.objects.filter(project__organisation=org, state="firm"):
        firm_by_funder[c.funder_id] = firm_by_funder.get(c.funder_id, Decimal(0)) + rates.to_base(
            c.amount or Decimal(0), c.currency or rates.base
        )
    if priority:
        given = PRIORITY_SOURCES[priority].priorities(org, {r.project.code: float(r.gap) for r in rows})
    projects = [
        allocation.Project(
            r.project.code,
            float(r.gap),
            r.project.sector,
            tuple(r.project.countries),
            float(given.get(r.project.code, 0.0)) if priority else float(r.project.priority),
        )
        for r in rows
    ]
    funders = []
    for f in Funder.objects.filter(organisation=org):
        available = rates.to_base(f.capital, f.currency) - firm_by_funder.get(f.pk, Decimal(0))
        if available <= 0:
            continue
        high = (
            None if f.max_ticket is None else float(min(rates.to_base(f.max_ticket, f.currency), available))
        )
        low = float(min(rates.to_base(f.min_ticket, f.currency), available))
        funders.append(
            allocation.Funder(f.code, float(available), tuple(f.sectors), tuple(f.countries), low, high)
        )
    return allocation.Portfolio(rates.base, tuple(projects), tuple(funders))


ALLOCATION_TIME_LIMIT = (1.0, 60.0, 300.0)
"""Seconds an optimiser run may take: (least, default, most). Past it the best plan found is kept, with
`optimal` false and its `gap` to a proven bound."""


def run_allocation(
    actor: Actor,
    org: Organisation,
    note: str = "",
    time_limit: float = ALLOCATION_TIME_LIMIT[1],
    priority: str = "",
) -> AllocationRun:
    """Run the funding-gap optimiser on the current pipeline and keep the run (input and result).

    `priority` "" uses each project's own priority; another value names a registered source
    (e.g. "network": the project's saving on the transport network per unit still needed)."""
    require(actor, "allocation.run")
    least, _, most = ALLOCATION_TIME_LIMIT
    if not least <= time_limit <= most:  # also refuses NaN
        raise InputError(
            "time_limit",
            gettext("must be between %(least)g and %(most)g seconds") % {"least": least, "most": most},
        )
    if priority and priority not in PRIORITY_SOURCES:
        raise InputError("priority", gettext("unknown priority source"))
    portfolio = _portfolio_for(org, priority)
    started = time.monotonic()
    result = allocation.allocate(portfolio, time_limit=time_limit)
    seconds = time.monotonic() - started
    with transaction.atomic():
        run = AllocationRun.objects.create(
            organisation=org,
            at=clock.now(),
            by_id=actor.person_id,
            base_currency=portfolio.currency,
            snapshot=portfolio.to_json(),
            result=result.to_json(),
            optimal=result.optimal,
            seconds=seconds,
            note=(note or "").strip()[:300],
        )
        record(
            ProjectsEvent.ALLOCATION_RUN,
            actor=actor,
            target=run,
            payload={
                "funded": result.funded,
                "value": result.value,
                "optimal": result.optimal,
                "priority": priority or "project",
            },
        )
    return run

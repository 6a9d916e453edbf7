"""Runs of the funding-gap optimiser over the pipeline, kept with their input and result."""

from __future__ import annotations

import time
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext

from accord.audit.log import record
from accord.base import clock
from accord.base.registry import PRIORITY_SOURCES
from accord.core import allocation
from accord.core.errors import InputError
from accord.orgs.models import Organisation
from accord.orgs.permissions import Actor, require

from .. import queries
from ..events import ProjectsEvent
from ..models import AllocationRun, Commitment, Funder


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

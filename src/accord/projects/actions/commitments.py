"""Commitments: an investor registers its funder's interest, firms it up or withdraws it."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext

from accord.audit.log import record
from accord.base import clock, validators
from accord.core.errors import InputError
from accord.core.workflow import check_transition
from accord.core.workflows import COMMITMENT
from accord.orgs.permissions import Actor, require

from ..events import ProjectsEvent
from ..models import Commitment, Funder, FunderRepresentative, Project


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
        value = validators.amount(amount if amount not in (None, "") else commitment.amount, "amount")
        cur = validators.currency(currency or commitment.currency or commitment.funder.currency)
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

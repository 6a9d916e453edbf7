"""The chair's proposal: a package (one option per provision) made into a clean, numbered text."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from accord.audit.log import record
from accord.base import clock
from accord.core.errors import Conflict, InputError
from accord.orgs.permissions import Actor, require

from ..events import NegotiationsEvent
from ..models import ChairProposal, Draft
from ..proposals import proposal_text
from ._shared import _who


def make_proposal(actor: Actor | None, draft: Draft, package: dict[str, str]) -> ChairProposal:
    """The chair's team makes `package` the chair's proposal: the next number, its clean text kept."""
    require(actor, "proposal.make", body=draft.body.code)
    with transaction.atomic():
        draft = Draft.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=draft.pk)
        if draft.state != "negotiation":
            raise Conflict(
                gettext("a proposal is made while the draft is in negotiation; it is %(state)s")
                % {"state": gettext(draft.state)}
            )
        rows = proposal_text(draft, package)
        number = (ChairProposal.objects.filter(draft=draft).aggregate(n=Max("number"))["n"] or 0) + 1
        proposal = ChairProposal.objects.create(
            draft=draft,
            number=number,
            round=draft.round,
            package={r["provision"]: r["option"] for r in rows},
            text=rows,
            by=_who(actor),
            created_at=clock.now(),
        )
        record(
            NegotiationsEvent.PROPOSAL_MAKE,
            actor=actor,
            target=proposal,
            payload={"draft": draft.pk, "number": number, "package": proposal.package},
        )
    return proposal


def _check_current(draft: Draft, proposal: ChairProposal) -> None:
    """A proposal goes under silence only as it was made: refused (409) when the text has moved since."""
    if proposal.draft_id != draft.pk:
        raise InputError("proposal", gettext("the proposal is of another draft"))
    try:
        now = proposal_text(draft, proposal.package)
    except InputError:
        now = None
    if now != proposal.text:
        raise Conflict(
            gettext("the text has changed since proposal %(number)s: make a new proposal")
            % {"number": proposal.number}
        )

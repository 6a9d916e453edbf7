"""Drafts: created, joined by interested states, taken into rounds and into negotiation."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext

from accord.audit.log import record
from accord.base import clock, validators
from accord.core.errors import InputError
from accord.orgs.models import Body, Organisation
from accord.orgs.permissions import Actor, require

from ..events import NegotiationsEvent
from ..models import DecisionRuleKind, Draft, DraftKind
from ._shared import _changed, _move, _open, _state


def create_draft(
    actor: Actor | None,
    org: Organisation,
    *,
    body: str,
    title: str,
    kind: str = "decision",
    session=None,
    restricted: bool = False,
    decision_rule: str = "consensus",
    state_concerned: str | None = None,
    interested: Iterable[str] = (),
    note: str = "",
) -> Draft:
    require(actor, "draft.manage")
    b = Body.objects.filter(organisation=org, code=body).first()
    if b is None:
        raise InputError("body", gettext("unknown body %(body)s") % {"body": repr(body)})
    if kind not in DraftKind.values:
        raise InputError(
            "kind", gettext("must be one of %(values)s") % {"values": ", ".join(DraftKind.values)}
        )
    if decision_rule not in DecisionRuleKind.values:
        raise InputError(
            "decision_rule",
            gettext("must be one of %(values)s") % {"values": ", ".join(DecisionRuleKind.values)},
        )
    concerned = None
    if decision_rule == "consensus_minus_one":
        if not state_concerned:
            raise InputError("state_concerned", gettext("consensus minus one needs the state concerned"))
        concerned = _state(state_concerned, "state_concerned")
    interested = [_state(c, f"interested[{i}]").code for i, c in enumerate(interested)]
    if decision_rule == "interested_members" and not interested:
        raise InputError("interested", gettext("name at least one interested member"))
    if session is not None and session.body_id != b.pk:
        raise InputError("session", gettext("the session is of another body"))
    with transaction.atomic():
        draft = Draft.objects.create(
            organisation=org,
            body=b,
            session=session,
            kind=kind,
            title=validators.text(title, "title"),
            restricted=restricted,
            decision_rule=decision_rule,
            state_concerned=concerned,
            interested=interested,
            note=note,
            created_at=clock.now(),
        )
        record(
            NegotiationsEvent.DRAFT_CREATE,
            actor=actor,
            target=draft,
            payload={"title": draft.title, "body": body},
        )
    return draft


def join_interested(actor: Actor | None, draft: Draft, state: str) -> Draft:
    """A member joins a decision of the interested members later (docs/sco-facts.md §1, Tianjin 2025)."""
    require(actor, "stance.state", state=state)
    st = _state(state, "state")
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        if draft.decision_rule != "interested_members":
            raise InputError("state", gettext("only a decision of the interested members can be joined"))
        if st.code not in draft.interested:
            draft.interested = [*draft.interested, st.code]
            draft.save(update_fields=["interested"])
            _changed(draft)
        record(NegotiationsEvent.DRAFT_JOIN, actor=actor, target=draft, payload={"state": st.code})
    return draft


def new_round(actor: Actor | None, draft: Draft) -> Draft:
    """Close the current round: later edits are a new revision, comparable with every earlier one."""
    require(actor, "draft.manage")
    _open(draft)
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        draft.round += 1
        draft.save(update_fields=["round"])
        _changed(draft)
        record(NegotiationsEvent.DRAFT_ROUND, actor=actor, target=draft, payload={"round": draft.round})
    return draft


def open_negotiation(actor: Actor | None, draft: Draft) -> Draft:
    require(actor, "adoption.record", body=draft.body.code)
    with transaction.atomic():
        _move(draft, "negotiation")
        draft.save(update_fields=["state"])
        _changed(draft)
        record(NegotiationsEvent.DRAFT_NEGOTIATION, actor=actor, target=draft)
    return draft

"""Negotiations API: drafts, editing the text, the consensus map, stances and their history, comments,
packages, silence and adoption."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import Http404
from ninja import Router, Schema
from ninja.security import django_auth
from pydantic import Field

from accord.base import clock
from accord.core.silence import MAX_MINIMUM_HOURS
from accord.orgs.permissions import require
from accord.orgs.queries import organisation, request_actor

from . import actions, queries
from .models import Draft, Option, SilenceProcedure

router = Router()


class ConditionIn(Schema):
    provision: str = Field(..., min_length=1)
    option: str = Field(..., min_length=1)


class StanceIn(Schema):
    state: str = Field(..., min_length=2, max_length=2, description="ISO code of the delegation's state")
    provision: str = Field(..., min_length=1, description="e.g. PP1 or OP3")
    option: str = Field(..., min_length=1, description="option letter, e.g. A")
    stance: Literal["support", "accept", "dissociate", "reserve", "object"]
    reason: str = ""
    unless: list[ConditionIn] = []


class StanceOut(Schema):
    id: int
    state: str
    provision: str
    option: str
    stance: str


class OptionIn(Schema):
    text: str = ""
    proposed_by: str | None = Field(None, description="ISO code of the proposing delegation's state")
    delete: bool = Field(False, description="the option proposes to delete the provision (no wording)")


class WordingIn(Schema):
    text: str = Field(
        ..., min_length=1, description="the option's new wording, kept as a version of this round"
    )


class OptionOut(Schema):
    provision: str
    letter: str
    text: str
    delete: bool
    proposed_by: str | None
    added_round: int
    removed_round: int | None


class ProvisionOut(Schema):
    label: str
    kind: str
    added_round: int
    options: list[OptionOut]


class StanceChangeOut(Schema):
    provision: str
    option: str
    state: str
    round: int
    at: datetime
    by: str | None = Field(description="username of who stated it; null for the system")
    before: str | None = Field(description="the stance it replaced; null when none was stated (accept)")
    stance: str
    reason: str
    unless: list[ConditionIn]


class DraftIn(Schema):
    body: str
    title: str = Field(..., min_length=1)
    kind: Literal["declaration", "decision", "statement"] = "decision"
    restricted: bool = False
    decision_rule: Literal["consensus", "consensus_minus_one", "interested_members"] = "consensus"
    state_concerned: str | None = None
    interested: list[str] = []


class ProvisionIn(Schema):
    kind: Literal["PP", "OP"]
    options: list[OptionIn] = Field(..., min_length=1)


class CommentIn(Schema):
    state: str
    text: str = Field(..., min_length=1)
    provision: str | None = None


class SilenceIn(Schema):
    deadline: datetime
    timezone: str
    minimum_hours: int = Field(72, ge=0, le=MAX_MINIMUM_HOURS)


class BreakIn(Schema):
    state: str
    kind: Literal["objection", "amendment"]
    text: str = Field(..., min_length=1)
    provision: str = ""  # the provision objected to or amended, e.g. "OP2"; "" for the whole text


class AdoptIn(Schema):
    day: date | None = None
    statements: list[dict] = []


def _ctx(request, org: str, pk: int):
    o = organisation(org)
    actor = request_actor(request, o)
    return o, actor, queries.get_draft(o, pk, actor)


def _option_out(o: Option, label: str) -> dict:
    return {
        "provision": label,
        "letter": o.letter,
        "text": o.text,
        "delete": o.delete,
        "proposed_by": o.proposed_by.code if o.proposed_by_id else None,
        "added_round": o.added_round,
        "removed_round": o.removed_round,
    }


def _draft_out(d: Draft) -> dict:
    return {
        "id": d.pk,
        "title": d.title,
        "kind": d.kind,
        "body": d.body.code,
        "state": d.state,
        "round": d.round,
        "restricted": d.restricted,
        "decision_rule": d.decision_rule,
        "session": d.session_id,
    }


@router.get("/orgs/{org}/drafts", summary="Drafts the caller may see")
def list_drafts(request, org: str):
    o = organisation(org)
    return [_draft_out(d) for d in queries.visible_drafts(o, request_actor(request, o))]


@router.post("/orgs/{org}/drafts", auth=django_auth, summary="Create a draft (Secretariat)")
def create_draft(request, org: str, payload: DraftIn):
    o = organisation(org)
    d = actions.create_draft(request_actor(request, o), o, **payload.dict())
    return _draft_out(d)


@router.get("/orgs/{org}/drafts/{pk}/map", summary="The consensus map: status per provision and member")
def consensus_map(request, org: str, pk: int):
    o, actor, d = _ctx(request, org, pk)
    text, status = queries.mapped(d)
    return {
        "draft": _draft_out(d),
        "members": list(text.member_codes),
        "status": status.status,
        "provisions": [
            {
                "provision": r.provision,
                "status": r.status,
                "agreed_option": r.agreed_option,
                "blocked_by": list(r.blocked_by),
                "cells": r.cells,
            }
            for r in status.provisions
        ],
    }


@router.post(
    "/orgs/{org}/drafts/{pk}/provisions",
    auth=django_auth,
    summary="Add a provision with its options at the end of its part (Secretariat)",
)
def add_provision(request, org: str, pk: int, payload: ProvisionIn):
    o, actor, d = _ctx(request, org, pk)
    p = actions.add_provision(actor, d, kind=payload.kind, options=[x.dict() for x in payload.options])
    return {"id": p.pk, "label": p.label}


@router.get(
    "/orgs/{org}/drafts/{pk}/provisions",
    response=list[ProvisionOut],
    summary="The text as it stands: provisions in order with their options and proposers",
)
def provisions(request, org: str, pk: int):
    o, actor, d = _ctx(request, org, pk)
    text = queries.text_of(d)
    return [
        {
            "label": p.label,
            "kind": p.kind,
            "added_round": p.added_round,
            "options": [_option_out(x, p.label) for x in text.options[p.pk]],
        }
        for p in text.provisions
    ]


@router.post(
    "/orgs/{org}/drafts/{pk}/provisions/{label}/options",
    auth=django_auth,
    response=OptionOut,
    summary="Add an option (a bracketed alternative) with the delegation that proposed it (Secretariat)",
)
def add_option(request, org: str, pk: int, label: str, payload: OptionIn):
    o, actor, d = _ctx(request, org, pk)
    provision = queries.live_provision(d, label)
    opt = actions.add_option(
        actor, provision, text=payload.text, proposed_by=payload.proposed_by, delete=payload.delete
    )
    return _option_out(opt, provision.label)


@router.put(
    "/orgs/{org}/drafts/{pk}/provisions/{label}/options/{letter}",
    auth=django_auth,
    response=OptionOut,
    summary="New wording for an option in the current round; earlier wordings are kept (Secretariat)",
)
def edit_option(request, org: str, pk: int, label: str, letter: str, payload: WordingIn):
    o, actor, d = _ctx(request, org, pk)
    opt = actions.edit_option(actor, queries.live_option(d, label, letter), payload.text)
    return _option_out(opt, opt.provision.label)


@router.delete(
    "/orgs/{org}/drafts/{pk}/provisions/{label}/options/{letter}",
    auth=django_auth,
    response=OptionOut,
    summary="Remove an option from the text from this round on; it stays in earlier rounds (Secretariat)",
)
def remove_option(request, org: str, pk: int, label: str, letter: str):
    o, actor, d = _ctx(request, org, pk)
    opt = actions.remove_option(actor, queries.live_option(d, label, letter))
    return _option_out(opt, opt.provision.label)


@router.post(
    "/orgs/{org}/drafts/{pk}/rounds",
    auth=django_auth,
    summary="Close the current round: later edits are a new revision (Secretariat)",
)
def new_round(request, org: str, pk: int):
    o, actor, d = _ctx(request, org, pk)
    return _draft_out(actions.new_round(actor, d))


@router.post(
    "/orgs/{org}/drafts/{pk}/negotiation",
    auth=django_auth,
    summary="Open the negotiation of a draft being prepared (chair's team, Secretariat)",
)
def open_negotiation(request, org: str, pk: int):
    o, actor, d = _ctx(request, org, pk)
    return _draft_out(actions.open_negotiation(actor, d))


@router.put(
    "/orgs/{org}/drafts/{pk}/stances",
    auth=django_auth,
    response=StanceOut,
    summary="State a delegation's stance on one option (head or delegate of that state)",
)
def set_stance(request, org: str, pk: int, payload: StanceIn):
    o, actor, d = _ctx(request, org, pk)
    s = actions.set_stance(
        actor,
        d,
        payload.state,
        actions.StanceInput(
            provision=payload.provision,
            option=payload.option,
            stance=payload.stance,
            reason=payload.reason,
            unless=tuple((c.provision, c.option) for c in payload.unless),
        ),
    )
    return {
        "id": s.pk,
        "state": s.state.code,
        "provision": payload.provision,
        "option": payload.option,
        "stance": s.kind,
    }


@router.get(
    "/orgs/{org}/drafts/{pk}/stances/history",
    response=list[StanceChangeOut],
    summary="Every stance stated or changed, by provision, option, delegation, then time",
)
def stance_history(request, org: str, pk: int, provision: str = "", state: str = ""):
    o, actor, d = _ctx(request, org, pk)
    return [
        {
            "provision": c.option.provision.label,
            "option": c.option.letter,
            "state": c.state.code,
            "round": c.round,
            "at": c.at,
            "by": c.by.username if c.by_id else None,
            "before": c.before or None,
            "stance": c.kind,
            "reason": c.reason,
            "unless": c.unless,
        }
        for c in queries.stance_history(d, provision=provision, state=state)
    ]


@router.post("/orgs/{org}/drafts/{pk}/comments", auth=django_auth, summary="Comment (members and partners)")
def comment(request, org: str, pk: int, payload: CommentIn):
    o, actor, d = _ctx(request, org, pk)
    c = actions.post_comment(actor, d, payload.state, payload.text, payload.provision)
    return {"id": c.pk}


@router.post(
    "/orgs/{org}/drafts/{pk}/package",
    auth=django_auth,
    summary="Find a package (chair's team, Secretariat); output as `accord negotiate solve --json`",
)
def find_package(request, org: str, pk: int):
    o, actor, d = _ctx(request, org, pk)
    require(actor, "package.solve", body=d.body.code)
    return queries.solve(queries.text_of(d)).to_json()


@router.post(
    "/orgs/{org}/drafts/{pk}/silence", auth=django_auth, summary="Put the text under silence (chair)"
)
def open_silence(request, org: str, pk: int, payload: SilenceIn):
    o, actor, d = _ctx(request, org, pk)
    proc = actions.open_silence(
        actor, d, deadline=payload.deadline, timezone=payload.timezone, minimum_hours=payload.minimum_hours
    )
    return {"id": proc.pk, "deadline": proc.deadline, "timezone": proc.timezone, "package": proc.package}


@router.post(
    "/orgs/{org}/silences/{pk}/breaks",
    auth=django_auth,
    summary="Break silence in writing (head of delegation); 409 after the deadline",
)
def break_silence(request, org: str, pk: int, payload: BreakIn):
    o = organisation(org)
    actor = request_actor(request, o)
    proc = SilenceProcedure.objects.filter(pk=pk, draft__organisation=o).select_related("draft").first()
    if proc is None:
        raise Http404
    queries.get_draft(o, proc.draft_id, actor)
    b = actions.break_silence(
        actor, proc, payload.state, kind=payload.kind, text=payload.text, provision=payload.provision
    )
    return {"id": b.pk, "at": b.at}


@router.get("/orgs/{org}/silences/{pk}", summary="A silence procedure's state, derived from its timestamps")
def silence(request, org: str, pk: int):
    o = organisation(org)
    proc = SilenceProcedure.objects.filter(pk=pk, draft__organisation=o).first()
    if proc is None:
        raise Http404
    queries.get_draft(o, proc.draft_id, request_actor(request, o))
    out = proc.outcome(clock.now())
    return {
        "id": proc.pk,
        "state": out.state,
        "deadline": proc.deadline,
        "timezone": proc.timezone,
        "decided_at": out.decided_at,
        "broken_by": [b.by_member for b in out.broken_by],
    }


@router.post(
    "/orgs/{org}/drafts/{pk}/adopt", auth=django_auth, summary="Adopt in session (chair, Secretariat)"
)
def adopt(request, org: str, pk: int, payload: AdoptIn):
    o, actor, d = _ctx(request, org, pk)
    a = actions.adopt(actor, d, day=payload.day, statements=payload.statements)
    return {"draft": d.pk, "date": a.date, "package": a.package}

"""Amendments tabled by the delegations: a new option on a provision, or a new provision.

The rule (docs/negotiations.md, "Tabling and compiling"): a member delegation's head or delegate tables
text for its own state while the draft is in negotiation. The tabled text joins the compilation at once,
bracketed as a further option, marked as tabled by that state; the Secretariat compiles it in the next
round (rewords, merges or withdraws options in its editor, then opens the round)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from accord.audit.log import record
from accord.base import validators
from accord.core.errors import Conflict, InputError
from accord.orgs.permissions import Actor, require

from .. import queries
from ..events import NegotiationsEvent
from ..models import Draft, Option, Provision, ProvisionKind
from ._shared import _changed, _state
from .text import _new_option


def _tabling_open(draft: Draft) -> Draft:
    """The draft, locked; delegations table only while it is in negotiation."""
    draft = Draft.objects.select_for_update(of=("self",)).get(pk=draft.pk)
    if draft.state != "negotiation":
        raise Conflict(
            gettext("amendments are tabled while the draft is in negotiation; it is %(state)s")
            % {"state": gettext(draft.state)}
        )
    return draft


def _tabled(draft: Draft, p: Provision, letter: str, text: str, st, delete: bool) -> tuple[Option, dict]:
    """The tabled option written (marked as tabled by its state) and the audit payload that says so."""
    o = _new_option(p, letter, text, st, delete, draft.round)
    o.tabled = True
    o.save(update_fields=["tabled"])
    _changed(draft)
    payload = {
        "draft": draft.pk,
        "state": st.code,
        "provision": p.label,
        "option": letter,
        "text": text,
        "delete": delete,
        "round": draft.round,
    }
    return o, payload


def table_option(
    actor: Actor | None,
    draft: Draft,
    state: str,
    *,
    provision: str,
    text: str = "",
    delete: bool = False,
) -> Option:
    """`state` tables a further option on `provision` (its wording, or the provision's deletion)."""
    code = (state or "").upper()
    require(actor, "amendment.table", state=code)
    st = _state(code, "state")
    label = (provision or "").strip().upper()
    text = "" if delete else validators.text(text, "text", max_length=10000, multiline=True)
    with transaction.atomic():
        draft = _tabling_open(draft)
        p = queries.live_provision(draft, label)
        used = set(Option.objects.filter(provision=p).values_list("letter", flat=True))
        letter = next((chr(c) for c in range(ord("A"), ord("Z") + 1) if chr(c) not in used), None)
        if letter is None:
            raise InputError("provision", gettext("a provision has at most 26 options"))
        o, payload = _tabled(draft, p, letter, text, st, delete)
        record(NegotiationsEvent.AMENDMENT_TABLE, actor=actor, target=o, payload=payload)
    return o


def table_provision(actor: Actor | None, draft: Draft, state: str, *, kind: str, text: str) -> Provision:
    """`state` tables a new provision, at the end of its part, with its wording as option A."""
    code = (state or "").upper()
    require(actor, "amendment.table", state=code)
    st = _state(code, "state")
    if kind not in ProvisionKind.values:
        raise InputError("kind", gettext("must be PP (preambular) or OP (operative)"))
    text = validators.text(text, "text", max_length=10000, multiline=True)
    with transaction.atomic():
        draft = _tabling_open(draft)
        number = (Provision.objects.filter(draft=draft, kind=kind).aggregate(n=Max("number"))["n"] or 0) + 1
        p = Provision.objects.create(draft=draft, kind=kind, number=number, added_round=draft.round)
        _o, payload = _tabled(draft, p, "A", text, st, False)
        record(NegotiationsEvent.AMENDMENT_TABLE, actor=actor, target=p, payload=payload)
    return p

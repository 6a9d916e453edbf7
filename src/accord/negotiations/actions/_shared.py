"""Helpers every negotiations write shares: who acts, whether the text is open, state moves."""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext

from accord.core.errors import Conflict, InputError
from accord.core.workflow import check_transition
from accord.core.workflows import DRAFT
from accord.orgs.models import Person, State
from accord.orgs.permissions import Actor

from ..models import Draft


def _who(actor: Actor | None) -> Person | None:
    return Person.objects.filter(pk=actor.person_id).first() if actor and actor.person_id else None


def _open(draft: Draft) -> None:
    """Adopted, withdrawn or under silence: the text is frozen."""
    if draft.frozen:
        raise Conflict(
            gettext("the draft is %(state)s: its text and stances are frozen")
            % {"state": gettext(draft.state)}
        )


def _state(code: str, field: str) -> State:
    st = State.objects.filter(code=(code or "").upper()).first()
    if st is None:
        raise InputError(field, gettext("unknown state %(code)s") % {"code": repr(code)})
    return st


def _move(draft: Draft, target: str) -> None:
    check_transition(DRAFT, draft.state, target)
    draft.state = target


def _changed(draft: Draft) -> None:
    """The consensus map may look different now: a new version, so polls stop answering 304."""
    Draft.objects.filter(pk=draft.pk).update(version=F("version") + 1)

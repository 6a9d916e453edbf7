"""The text: provisions and their options, proposed, edited and removed."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from accord.audit.log import record
from accord.base import clock, validators
from accord.core.errors import InputError
from accord.orgs.models import State
from accord.orgs.permissions import Actor, require

from ..events import NegotiationsEvent
from ..models import Draft, Option, OptionVersion, Provision, ProvisionKind
from ..parallel import option_key
from ._shared import _changed, _open, _state
from .languages import _mark_recheck


def add_provision(actor: Actor | None, draft: Draft, *, kind: str, options: list[dict]) -> Provision:
    """A new provision at the end of its part, with its options: [{"text", "proposed_by", "delete"}]."""
    require(actor, "draft.manage")
    _open(draft)
    if kind not in ProvisionKind.values:
        raise InputError("kind", gettext("must be PP (preambular) or OP (operative)"))
    if not options:
        raise InputError("options", gettext("a provision needs at least one option"))
    checked = [_option_fields(o, f"options[{i}]") for i, o in enumerate(options)]
    with transaction.atomic():
        number = (Provision.objects.filter(draft=draft, kind=kind).aggregate(n=Max("number"))["n"] or 0) + 1
        p = Provision.objects.create(draft=draft, kind=kind, number=number, added_round=draft.round)
        for i, (text, proposer, delete) in enumerate(checked):
            _new_option(p, chr(ord("A") + i), text, proposer, delete, draft.round)
        _changed(draft)
        record(
            NegotiationsEvent.PROVISION_ADD,
            actor=actor,
            target=p,
            payload={"draft": draft.pk, "label": p.label, "options": [c[0] for c in checked]},
        )
    return p


def _option_fields(o: dict, path: str = "") -> tuple[str, State | None, bool]:
    at = f"{path}." if path else ""
    delete = bool(o.get("delete"))
    text = "" if delete else validators.text(o.get("text", ""), f"{at}text", max_length=10000, multiline=True)
    proposer = _state(o["proposed_by"], f"{at}proposed_by") if o.get("proposed_by") else None
    return text, proposer, delete


def _live(option: Option) -> None:
    if option.removed_round is not None or option.provision.removed_round is not None:
        raise InputError(
            "option",
            gettext("%(provision)s %(option)s was removed")
            % {"provision": option.provision.label, "option": option.letter},
        )


def _new_option(p: Provision, letter: str, text: str, proposer, delete: bool, round_: int) -> Option:
    o = Option.objects.create(
        provision=p, letter=letter, text=text, proposed_by=proposer, delete=delete, added_round=round_
    )
    OptionVersion.objects.create(option=o, round=round_, text=text, at=clock.now())
    return o


def add_option(
    actor: Actor | None,
    provision: Provision,
    *,
    text: str = "",
    proposed_by: str | None = None,
    delete: bool = False,
) -> Option:
    """A further bracketed alternative, lettered after the provision's last one; `proposed_by` is the
    delegation that proposed it."""
    require(actor, "draft.manage")
    draft = Draft.objects.get(pk=provision.draft_id)
    _open(draft)
    if provision.removed_round is not None:
        raise InputError("provision", gettext("%(provision)s was removed") % {"provision": provision.label})
    text, proposer, delete = _option_fields({"text": text, "proposed_by": proposed_by, "delete": delete})
    with transaction.atomic():
        used = set(Option.objects.filter(provision=provision).values_list("letter", flat=True))
        letter = next((chr(c) for c in range(ord("A"), ord("Z") + 1) if chr(c) not in used), None)
        if letter is None:
            raise InputError("provision", gettext("a provision has at most 26 options"))
        o = _new_option(provision, letter, text, proposer, delete, draft.round)
        _changed(draft)
        record(
            NegotiationsEvent.OPTION_ADD,
            actor=actor,
            target=o,
            payload={"provision": provision.label, "letter": letter, "text": text, "delete": delete},
        )
    return o


def edit_option(actor: Actor | None, option: Option, text: str) -> Option:
    """New wording for an option in the current round; earlier wordings stay in OptionVersion."""
    require(actor, "draft.manage")
    draft = Draft.objects.get(pk=option.provision.draft_id)  # the current round, not a cached one
    _open(draft)
    _live(option)
    if option.delete:
        raise InputError("text", gettext("an option to delete the provision has no wording"))
    text = validators.text(text, "text", max_length=10000, multiline=True)
    with transaction.atomic():
        before = option.text
        option.text = text
        option.save(update_fields=["text"])
        OptionVersion.objects.create(option=option, round=draft.round, text=text, at=clock.now())
        if before != text:
            _mark_recheck(draft, option_key(option))  # the versions in other languages: to be re-checked
        _changed(draft)
        record(
            NegotiationsEvent.OPTION_EDIT,
            actor=actor,
            target=option,
            payload={"before": before, "after": text, "round": draft.round},
        )
    return option


def remove_option(actor: Actor | None, option: Option) -> Option:
    """Clean a bracket: the option is closed from the next round on (kept for comparison)."""
    require(actor, "draft.manage")
    draft = Draft.objects.get(pk=option.provision.draft_id)  # the current round, not a cached one
    _open(draft)
    _live(option)
    with transaction.atomic():
        if Option.objects.filter(provision=option.provision, removed_round__isnull=True).count() <= 1:
            raise InputError("option", gettext("a provision keeps at least one option"))
        option.removed_round = draft.round
        option.save(update_fields=["removed_round"])
        _changed(draft)
        record(NegotiationsEvent.OPTION_REMOVE, actor=actor, target=option, payload={"round": draft.round})
    return option

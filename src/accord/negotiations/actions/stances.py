"""Stances of member states on options, with their conditions, and comments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from accord.audit.log import record
from accord.base import clock, validators
from accord.base.notify import Word, notify
from accord.core.errors import InputError
from accord.core.packages import BLOCKING_KINDS
from accord.orgs.permissions import Actor, require
from accord.orgs.queries import Rotations, delegation_people, secretariat_people

from .. import queries
from ..events import NegotiationsEvent
from ..models import Comment, Draft, Option, Provision, Stance, StanceChange, StanceKind
from ._shared import _changed, _open, _state, _who


@dataclass(frozen=True)
class StanceInput:
    provision: str
    option: str
    stance: str
    reason: str = ""
    unless: tuple[tuple[str, str], ...] = ()


def set_stance(actor: Actor | None, draft: Draft, state: str, given: StanceInput) -> Stance:
    """A delegation states (or changes) its stance on one option; the last write wins, each is audited."""
    code = (state or "").upper()
    require(actor, "stance.state", state=code)
    st = _state(code, "state")
    if given.stance not in StanceKind.values:
        raise InputError(
            "stance",
            gettext("unknown stance %(stance)s, expected one of %(values)s")
            % {"stance": repr(given.stance), "values": ", ".join(StanceKind.values)},
        )
    option = queries.live_option(draft, given.provision, given.option)
    unless = _conditions(draft, option, given.unless)
    # The person by id: the write needs the key, not the row (one query less on the busiest write).
    who, now = (actor.person_id if actor else None), clock.now()
    reason = validators.text(given.reason, "reason", max_length=2000, required=False, multiline=True)
    with transaction.atomic():
        # FOR NO KEY UPDATE, not FOR UPDATE: a comment written meanwhile checks its foreign key to the draft
        # (FOR KEY SHARE) at commit, after taking the audit lock; a FOR UPDATE here would wait on it while
        # holding what it waits for (a deadlock seen under load on PostgreSQL, bench/load.py).
        # Its organisation and body come along (unlocked) for telling the chair's team of a block.
        draft = (
            Draft.objects.select_for_update(no_key=True, of=("self",))
            .select_related("organisation", "body")
            .get(pk=draft.pk)
        )
        _open(draft)
        # Every stance write holds the draft's row lock, so the stance read here is the one to replace.
        # Ordered by key: the model's ordering joins the draft, option and provision to sort one row.
        stance = Stance.objects.filter(option=option, state=st).order_by("pk").first()
        before = stance.kind if stance is not None else None
        values = {"kind": given.stance, "reason": reason, "unless": unless, "by_id": who, "at": now}
        if stance is None:
            stance = Stance.objects.create(draft=draft, option=option, state=st, **values)
        else:
            for field, value in values.items():
                setattr(stance, field, value)
            stance.save(update_fields=[f.removesuffix("_id") for f in values])
        stance.draft, stance.option, stance.state = draft, option, st
        change = StanceChange.objects.create(
            draft=draft,
            option=option,
            state=st,
            round=draft.round,
            before=before or "",
            kind=given.stance,
            reason=reason,
            unless=unless,
            by_id=who,
            at=now,
        )
        _changed(draft)
        draft.version += 1  # read under the row lock: the version this change made (the page's answer)
        if given.stance in BLOCKING_KINDS and before not in BLOCKING_KINDS:
            _tell_chair(draft, change, given)
        record(
            NegotiationsEvent.STANCE_SET,
            actor=actor,
            target=stance,
            payload={
                "draft": draft.pk,
                "state": st.code,
                "provision": given.provision,
                "option": given.option,
                "before": before,
                "stance": given.stance,
                "reason": reason,
                "unless": unless,
            },
        )
    return stance


def _tell_chair(draft: Draft, change: StanceChange, given: StanceInput) -> None:
    """A stance that blocks, told to the chair's team: the chairing state's delegation and the Secretariat."""
    org, day = draft.organisation, clock.today()
    people = list(secretariat_people(org, day))
    try:
        chair = Rotations.of(org).chair_on(draft.body.code, day).state.code
    except (InputError, KeyError):  # a body without a rotation on record: the Secretariat alone
        chair = None
    if chair:
        people += delegation_people(org, day).get(chair, [])
    values = {"state": change.state.code, "provision": given.provision, "option": given.option}
    notify(
        {p.pk: p for p in people}.values(),
        org,
        kind="stance.blocks",
        key=f"stance:{change.pk}:blocks",
        title=(
            gettext_noop("%(state)s blocks %(provision)s %(option)s of %(title)s"),
            {**values, "title": draft.title},
        ),
        body=(
            gettext_noop("Stance: %(kind)s. %(reason)s"),
            {"kind": Word(change.kind), "reason": change.reason},
        ),
        url=reverse("negotiations:draft", kwargs={"org": org.code, "pk": draft.pk}),
    )


def _conditions(draft: Draft, option: Option, pairs: Iterable[tuple[str, str]]) -> list[dict]:
    out: list[dict] = []
    seen: set[str] = set()
    pairs = list(pairs)
    if not pairs:  # most stances have no condition: no need to read the draft's options
        return out
    live = {
        (o.provision.label, o.letter)
        for o in Option.objects.filter(
            provision__draft=draft, removed_round__isnull=True, provision__removed_round__isnull=True
        ).select_related("provision")
    }
    for i, (prov, opt) in enumerate(pairs):
        if not any(p == prov for p, _ in live):
            raise InputError(
                f"unless[{i}].provision",
                gettext("unknown provision %(provision)s") % {"provision": repr(prov)},
            )
        if (prov, opt) not in live:
            raise InputError(
                f"unless[{i}].option",
                gettext("no option %(option)s of %(provision)s") % {"option": repr(opt), "provision": prov},
            )
        if prov in seen:
            raise InputError(
                f"unless[{i}].provision", gettext("names provision %(provision)s twice") % {"provision": prov}
            )
        seen.add(prov)
        out.append({"provision": prov, "option": opt})
    return out


def post_comment(
    actor: Actor | None,
    draft: Draft,
    state: str,
    text: str,
    provision: str | None = None,
    parent: int | None = None,
) -> Comment:
    """A remark on the draft or one provision; with `parent`, a reply in that comment's thread (on its
    provision)."""
    code = (state or "").upper()
    require(actor, "comment.post", state=code)
    st = _state(code, "state")
    text = validators.text(text, "text", max_length=10000, multiline=True)
    prov = None
    reply_to = None
    if parent is not None:
        reply_to = Comment.objects.filter(draft=draft, pk=parent).select_related("provision").first()
        if reply_to is None:
            raise InputError("parent", gettext("no such comment on this draft"))
        prov = reply_to.provision
    elif provision:
        prov = Provision.objects.filter(
            draft=draft, kind=provision[:2], number=queries.label_number(provision)
        ).first()
        if prov is None:
            raise InputError(
                "provision", gettext("unknown provision %(provision)s") % {"provision": repr(provision)}
            )
    with transaction.atomic():
        c = Comment.objects.create(
            draft=draft, provision=prov, state=st, by=_who(actor), text=text, at=clock.now(), parent=reply_to
        )
        record(
            NegotiationsEvent.COMMENT_POST,
            actor=actor,
            target=c,
            payload={"draft": draft.pk, "state": st.code, "text": text, "parent": parent},
        )
    return c

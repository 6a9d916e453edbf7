"""Every write of the negotiations app: permission, validation, one transaction, one audit event.

`actor=None` is the system (the demo and the silence job); people always come as an Actor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from accord.audit.log import record
from accord.base import clock, validators
from accord.base.notify import At, Message, Word, notify
from accord.base.tasks import later
from accord.core import silence as core_silence
from accord.core.errors import Conflict, InputError
from accord.core.packages import BLOCKING_KINDS
from accord.core.workflow import check_transition
from accord.core.workflows import DRAFT
from accord.orgs.models import AffiliationKind, Body, Organisation, Person, State
from accord.orgs.permissions import Actor, require
from accord.orgs.queries import Rotations, delegation_people, secretariat_people

from . import queries
from .events import NegotiationsEvent
from .models import (
    Adoption,
    Comment,
    DecisionRuleKind,
    Draft,
    DraftKind,
    Option,
    OptionVersion,
    Provision,
    ProvisionKind,
    SilenceBreak,
    SilenceProcedure,
    Stance,
    StanceChange,
    StanceKind,
    Statement,
)


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


# ---------------------------------------------------------------------------------------------- drafting


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


# ---------------------------------------------------------------------------------------------- stances


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
    who, now, reason = _who(actor), clock.now(), given.reason.strip()
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        _open(draft)
        before = Stance.objects.filter(option=option, state=st).values_list("kind", flat=True).first()
        stance, _ = Stance.objects.update_or_create(
            option=option,
            state=st,
            defaults={
                "draft": draft,
                "kind": given.stance,
                "reason": reason,
                "unless": unless,
                "by": who,
                "at": now,
            },
        )
        change = StanceChange.objects.create(
            draft=draft,
            option=option,
            state=st,
            round=draft.round,
            before=before or "",
            kind=given.stance,
            reason=reason,
            unless=unless,
            by=who,
            at=now,
        )
        _changed(draft)
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
                "reason": given.reason,
                "unless": unless,
            },
        )
    return stance


def _tell_chair(draft: Draft, change: StanceChange, given: StanceInput) -> None:
    """A stance that blocks, told to the chair's team: the chairing state's delegation and the Secretariat."""
    org, day = draft.organisation, clock.today()
    people = list(secretariat_people(org, day))
    try:
        chair = Rotations.from_db(org).chair_on(draft.body.code, day).state.code
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
    actor: Actor | None, draft: Draft, state: str, text: str, provision: str | None = None
) -> Comment:
    code = (state or "").upper()
    require(actor, "comment.post", state=code)
    st = _state(code, "state")
    text = validators.text(text, "text", max_length=10000, multiline=True)
    prov = None
    if provision:
        prov = Provision.objects.filter(
            draft=draft, kind=provision[:2], number=queries.label_number(provision)
        ).first()
        if prov is None:
            raise InputError(
                "provision", gettext("unknown provision %(provision)s") % {"provision": repr(provision)}
            )
    with transaction.atomic():
        c = Comment.objects.create(
            draft=draft, provision=prov, state=st, by=_who(actor), text=text, at=clock.now()
        )
        record(
            NegotiationsEvent.COMMENT_POST,
            actor=actor,
            target=c,
            payload={"draft": draft.pk, "state": st.code, "text": text},
        )
    return c


# ----------------------------------------------------------------------------------- silence and adoption


def _consensus_package(draft: Draft) -> dict[str, str]:
    result = queries.solve(queries.text_of(draft))
    if not result.consensus:
        on = gettext("%(member)s on %(provision)s %(option)s")
        who = ", ".join(
            sorted(
                {
                    on % {"member": b.member, "provision": b.provision, "option": b.option}
                    for b in result.blocking
                }
            )
        )
        raise Conflict(gettext("no package is agreed: still blocked by %(who)s") % {"who": who})
    return result.package


def open_silence(
    actor: Actor | None,
    draft: Draft,
    *,
    deadline: datetime,
    timezone: str,
    minimum_hours: int = core_silence.DEFAULT_MINIMUM_HOURS,
) -> SilenceProcedure:
    """The chair puts the consensual package under silence until an exact deadline in an IANA zone."""
    require(actor, "silence.open", body=draft.body.code)
    now = clock.now()
    core_silence.validate_procedure(now, deadline, timezone, minimum_hours)
    with transaction.atomic():
        draft = Draft.objects.select_for_update(of=("self",)).select_related("body").get(pk=draft.pk)
        _move(draft, "silence")
        package = _consensus_package(draft)
        proc = SilenceProcedure.objects.create(
            draft=draft,
            opened_at=now,
            deadline=deadline,
            timezone=timezone,
            minimum_hours=minimum_hours,
            package=package,
            opened_by=_who(actor),
        )
        draft.save(update_fields=["state"])
        _changed(draft)
        record(
            NegotiationsEvent.SILENCE_OPEN,
            actor=actor,
            target=proc,
            payload={
                "draft": draft.pk,
                "deadline": deadline.isoformat(),
                "timezone": timezone,
                "package": package,
            },
        )
        _tell_delegations(
            draft,
            f"silence:{proc.pk}:open",
            (gettext_noop("Silence procedure opened: %(title)s"), {"title": draft.title}),
            (
                gettext_noop("Silence runs until %(deadline)s. Break it only in writing."),
                {"deadline": At(proc.deadline, timezone)},
            ),
        )
        _schedule(proc)
    return proc


def _schedule(proc: SilenceProcedure) -> None:
    """The worker settles the procedure at its deadline and reminds members 48 and 24 hours before; the
    periodic sweeps do the same work if these tasks are lost, so they are a promptness, not the truth."""
    from . import tasks

    later(tasks.settle_silence, proc.pk, when=proc.deadline)
    for ahead in core_silence.DEFAULT_REMINDERS:
        if proc.deadline - ahead > proc.opened_at:
            later(tasks.remind_silences, proc.draft.organisation.code, when=proc.deadline - ahead)


def break_silence(
    actor: Actor | None, proc: SilenceProcedure, state: str, *, kind: str, text: str, provision: str = ""
) -> SilenceBreak:
    """A head of delegation breaks silence in writing before the deadline, on one provision or the whole
    text; a late break is refused (409) and the refusal is audited in its own transaction."""
    code = (state or "").upper()
    require(actor, "silence.break", state=code)
    st = _state(code, "state")
    now = clock.now()
    try:
        core_silence.can_break(proc.core(), now)
    except core_silence.DeadlinePassed:
        with transaction.atomic():
            record(
                NegotiationsEvent.SILENCE_BREAK_REFUSED,
                actor=actor,
                target=proc,
                payload={"state": st.code, "kind": kind, "at": now.isoformat(), "reason": "deadline passed"},
            )
        raise
    core_silence.Break(now, st.code, kind, text)  # validates kind and the written text
    text = validators.text(text, "text", max_length=10000, multiline=True)
    provision = (provision or "").strip().upper()
    live = Provision.objects.filter(draft_id=proc.draft_id, removed_round__isnull=True)
    if provision and provision not in {p.label for p in live}:
        raise InputError(
            "provision", gettext("unknown provision %(provision)s") % {"provision": repr(provision)}
        )
    with transaction.atomic():
        b = SilenceBreak.objects.create(
            procedure=proc, state=st, by=_who(actor), kind=kind, text=text, provision=provision, at=now
        )
        _changed(proc.draft)
        record(
            NegotiationsEvent.SILENCE_BREAK,
            actor=actor,
            target=b,
            payload={
                "procedure": proc.pk,
                "state": st.code,
                "kind": kind,
                "text": text,
                "provision": provision,
            },
        )
        from . import tasks

        later(tasks.settle_silence, proc.pk)  # a break decides at once: the draft goes back to negotiation
    return b


def settle_silences(now: datetime | None = None, procedure: int | None = None) -> list[SilenceProcedure]:
    """Act on every procedure (or the one given) whose outcome is decided at `now`: adopt or send back, and
    tell everyone.

    The outcome is derived from stored timestamps, so running this late or twice changes nothing; each
    procedure is locked while it is settled, so concurrent workers settle it once."""
    now = now or clock.now()
    settled = []
    due = SilenceProcedure.objects.filter(settled_at__isnull=True).filter(
        Q(deadline__lte=now) | Q(breaks__isnull=False)
    )
    if procedure is not None:
        due = due.filter(pk=procedure)
    for pk in due.values_list("pk", flat=True).distinct():
        with transaction.atomic():
            proc = (
                SilenceProcedure.objects.select_for_update(of=("self",))
                .select_related("draft__body", "draft__organisation")
                .filter(pk=pk, settled_at__isnull=True)
                .first()
            )
            if proc is None:
                continue
            result = proc.outcome(now, list(proc.breaks.select_related("state")))
            if result.state == "running":
                continue
            draft = (
                Draft.objects.select_for_update(of=("self",))
                .select_related("body", "session", "organisation")
                .get(pk=proc.draft_id)
            )
            if result.state == "adopted":
                day = core_silence.local_deadline(proc.core()).date()
                _adopt(draft, proc.package, day, "silence", draft.session, [])
                title = (gettext_noop("Adopted under silence: %(title)s"), {"title": draft.title})
                body = (
                    gettext_noop("Silence held until %(deadline)s: the text is adopted."),
                    {"deadline": At(proc.deadline, proc.timezone)},
                )
            else:
                _move(draft, "negotiation")
                draft.save(update_fields=["state"])
                _changed(draft)
                names = ", ".join(sorted({b.by_member for b in result.broken_by}))
                said = "\n".join(f"{b.by_member} ({b.kind}): {b.text}" for b in result.broken_by)
                title = (gettext_noop("Silence broken: %(title)s"), {"title": draft.title})
                body = (
                    gettext_noop("Silence was broken by %(names)s; negotiation resumes.\n\n%(breaks)s"),
                    {"names": names, "breaks": said},
                )
            proc.settled_at = now
            proc.save(update_fields=["settled_at"])
            record(
                NegotiationsEvent.SILENCE_SETTLE,
                target=proc,
                acting_for="system",
                payload={"outcome": result.state, "decided_at": result.decided_at.isoformat()},
            )
            _tell_delegations(draft, f"silence:{proc.pk}:{result.state}", title, body)
        settled.append(proc)
    return settled


def adopt(
    actor: Actor | None,
    draft: Draft,
    *,
    session=None,
    day: date | None = None,
    statements: Iterable[dict] = (),
) -> Adoption:
    """Adopt in session the package nobody blocks; dissociations and interpretative statements go on
    record."""
    require(actor, "adoption.record", body=draft.body.code)
    checked = [
        (
            _state(s.get("state", ""), f"statements[{i}].state"),
            validators.text(s.get("text", ""), f"statements[{i}].text", max_length=5000, multiline=True),
            s.get("provision", ""),
        )
        for i, s in enumerate(statements)
    ]
    with transaction.atomic():
        draft = (
            Draft.objects.select_for_update(of=("self",))
            .select_related("body", "session", "organisation")
            .get(pk=draft.pk)
        )
        if draft.state == "adopted":
            raise Conflict(gettext("the draft is already adopted"))
        package = _consensus_package(draft)
        adoption = _adopt(draft, package, day or clock.today(), "session", session or draft.session, checked)
        record(
            NegotiationsEvent.DRAFT_ADOPT,
            actor=actor,
            target=draft,
            payload={"package": package, "date": adoption.date},
        )
    return adoption


def _adopt(draft: Draft, package: dict, day: date, via: str, session, interpretative) -> Adoption:
    _move(draft, "adopted")
    draft.save(update_fields=["state"])
    _changed(draft)
    text = queries.text_of(draft, day)
    adoption = Adoption.objects.create(
        draft=draft,
        body=draft.body,
        session=session,
        date=day,
        adopted_at=clock.now(),
        via=via,
        package=package,
        members=list(text.member_codes),
    )
    states = {s.code: s for s in text.members}
    for s in text.stances:
        label = s.provision_label
        if s.kind == "dissociate" and package.get(label) == s.letter and s.state_code in states:
            Statement.objects.create(
                adoption=adoption,
                state=states[s.state_code],
                kind="dissociation",
                provision=label,
                text=s.reason or f"{s.state_code} dissociates itself from {label}.",
            )
    for st, words, prov in interpretative:
        Statement.objects.create(
            adoption=adoption, state=st, kind="interpretative", provision=prov, text=words
        )
    return adoption


def _tell_delegations(draft: Draft, key: str, title: Message, body: Message) -> None:
    """Every delegation of a member state (and the Secretariat), in the inbox and by email."""
    day = clock.today()
    members = [s.code for s in queries.statuses_on(draft.organisation, day)["member"]]
    on = Q(affiliations__start__lte=day) & (Q(affiliations__end__isnull=True) | Q(affiliations__end__gte=day))
    people = Person.objects.filter(
        on,
        Q(affiliations__organisation=draft.organisation)
        & (
            Q(affiliations__kind=AffiliationKind.DELEGATION, affiliations__state__code__in=members)
            | Q(affiliations__kind=AffiliationKind.SECRETARIAT)
        ),
    ).distinct()
    url = reverse("negotiations:draft", kwargs={"org": draft.organisation.code, "pk": draft.pk})
    notify(people, draft.organisation, kind="silence", key=key, title=title, body=body, url=url)

"""Silence procedures: opened, broken, and settled at their deadline."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext, gettext_noop

from accord.audit.log import record
from accord.base import clock, validators
from accord.base.notify import At
from accord.base.tasks import later
from accord.core import silence as core_silence
from accord.core.errors import InputError
from accord.orgs.permissions import Actor, require

from ..events import NegotiationsEvent
from ..models import ChairProposal, Draft, Provision, SilenceBreak, SilenceProcedure
from ._shared import _changed, _move, _state, _who
from .adoption import _adopt, _authentic_or_refuse, _consensus_package, _tell_delegations
from .proposals import _check_current


def _validate(now: datetime, deadline, timezone, minimum_hours) -> None:
    """core.silence's checks, their refusals worded in the reader's language, with the earliest deadline
    in the procedure's zone as the reader's dates read (never an ISO string)."""
    try:
        core_silence.validate_procedure(now, deadline, timezone, minimum_hours)
    except InputError as exc:
        raise InputError(exc.field, _worded(exc, now, timezone, minimum_hours)) from None


def _worded(exc: InputError, now: datetime, timezone: str, hours) -> str:
    if exc.field == "timezone":
        return gettext("unknown time zone: use an IANA name such as Asia/Almaty")
    if exc.field == "minimum_hours":
        return gettext("must be a whole number of hours from 0 to %(most)s") % {
            "most": core_silence.MAX_MINIMUM_HOURS
        }
    if exc.message.startswith("must be at least"):
        zone = ZoneInfo(timezone)
        earliest = (now + timedelta(hours=hours)).astimezone(zone)
        return gettext(
            "must be at least %(hours)s hours after opening: %(earliest)s (%(zone)s) at the earliest"
        ) % {
            "hours": hours,
            "earliest": formats.date_format(earliest, "DATETIME_FORMAT"),
            "zone": timezone,
        }
    if exc.message.startswith("must be after"):
        return gettext("must be after the opening of the procedure")
    if exc.message.startswith("must have a time zone"):
        return gettext("must have a time zone")
    if exc.message.startswith("must be a date"):
        return gettext("must be a date and time")
    return exc.message


def open_silence(
    actor: Actor | None,
    draft: Draft,
    *,
    deadline: datetime,
    timezone: str,
    minimum_hours: int = core_silence.DEFAULT_MINIMUM_HOURS,
    proposal: ChairProposal | None = None,
) -> SilenceProcedure:
    """The chair puts the consensual package (or the chair's proposal given, exactly as it was made) under
    silence until an exact deadline in an IANA zone."""
    require(actor, "silence.open", body=draft.body.code)
    now = clock.now()
    _validate(now, deadline, timezone, minimum_hours)
    with transaction.atomic():
        draft = Draft.objects.select_for_update(of=("self",)).select_related("body").get(pk=draft.pk)
        _move(draft, "silence")
        if proposal is not None:
            _check_current(draft, proposal)
            package = dict(proposal.package)
        else:
            package = _consensus_package(draft)
        _authentic_or_refuse(draft, package)  # silence adopts at its deadline: the versions are checked now
        proc = SilenceProcedure.objects.create(
            proposal=proposal,
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
                "proposal": proposal.number if proposal else None,
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
    from .. import tasks

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
        from .. import tasks

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

"""Every write to sessions, agendas, documents and decisions: permission, validation, one transaction, one
audit event. The chair's team of the body or the Secretariat manage a session (meeting.manage)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from accord.audit.log import record
from accord.base import clock, validators
from accord.core.errors import InputError
from accord.orgs.models import Body, Organisation, Session, State
from accord.orgs.permissions import Actor, require
from accord.orgs.queries import Rotations

from .events import MeetingsEvent
from .models import AgendaItem, Decision, Outcome, SessionDocument

STATUSES = ("held", "announced", "planned")
FORMATS = ("in_person", "video", "hybrid")


def _rotation_host(org: Organisation, body: Body, day: date) -> State | None:
    """The state chairing `body` on `day` by the rotation; None for a body without a rotating chair."""
    rotations = Rotations.from_db(org)
    try:
        return rotations.chair_on(body.code, day).state
    except InputError:
        return None


def _check_session(org, b: Body, start, end, status, format, number, exclude: int | None = None) -> date:
    """Checks a session's dates, status, format and number; returns its last day."""
    if not isinstance(start, date):
        raise InputError("start", _("must be a date"))
    end = end or start
    if not isinstance(end, date):
        raise InputError("end", _("must be a date"))
    if end < start:
        raise InputError("end", _("is before the first day"))
    if status not in STATUSES:
        raise InputError("status", _("must be one of %(values)s") % {"values": ", ".join(STATUSES)})
    if format not in FORMATS:
        raise InputError("format", _("must be one of %(values)s") % {"values": ", ".join(FORMATS)})
    if number is not None:
        number = validators.integer(number, "number", low=1, high=validators.MAX_SMALL)
        taken = Session.objects.filter(organisation=org, body=b, year=start.year, number=number)
        if taken.exclude(pk=exclude).exists():
            raise InputError(
                "number",
                _("%(body)s %(year)s already has a session number %(number)s")
                % {"body": b.code, "year": start.year, "number": number},
            )
    return end


def _host(code: str) -> State:
    state = State.objects.filter(code=code.upper()).first()
    if state is None:
        raise InputError("host", _("unknown state %(code)s") % {"code": code})
    return state


def create_session(
    actor: Actor | None,
    org: Organisation,
    *,
    body: str,
    start: date,
    end: date | None = None,
    number: int | None = None,
    city_en: str = "",
    city_ru: str = "",
    city_zh: str = "",
    venue: str = "",
    status: str = "planned",
    format: str = "in_person",
    host: str | None = None,
    regular: bool = False,
    illustrative: bool = False,
) -> Session:
    """A session; without `host`, the chair's state from the rotation on its first day hosts it."""
    b = Body.objects.filter(organisation=org, code=body).first()
    if b is None:
        raise InputError("body", _("unknown body %(body)s") % {"body": body})
    require(actor, "meeting.manage", body=b.code)
    end = _check_session(org, b, start, end, status, format, number)
    host_state = _host(host) if host else _rotation_host(org, b, start)
    with transaction.atomic():
        session = Session.objects.create(
            organisation=org,
            body=b,
            year=start.year,
            number=number,
            status=status,
            format=format,
            host=host_state,
            city_en=validators.text(city_en, "city_en", max_length=120, required=False),
            city_ru=city_ru,
            city_zh=city_zh,
            venue=validators.text(venue, "venue", max_length=200, required=False),
            start=start,
            end=end,
            regular=regular,
            illustrative=illustrative,
        )
        record(
            MeetingsEvent.SESSION_CREATE,
            actor=actor,
            target=session,
            payload={
                "body": body,
                "start": start,
                "end": end,
                "host": host_state.code if host_state else None,
            },
        )
    return session


SESSION_FIELDS = ("start", "end", "number", "city_en", "city_ru", "city_zh", "venue", "status", "format")


def update_session(actor: Actor | None, session: Session, **changes) -> Session:
    """Changes a session's dates, number, place, status or format (SESSION_FIELDS); its body stays."""
    require(actor, "meeting.manage", body=session.body.code)
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        raise InputError(sorted(unknown)[0], _("cannot be changed here"))
    values = {f: changes.get(f, getattr(session, f)) for f in SESSION_FIELDS}
    values["end"] = _check_session(
        session.organisation,
        session.body,
        values["start"],
        values["end"],
        values["status"],
        values["format"],
        values["number"],
        exclude=session.pk,
    )
    for f, limit in (("city_en", 120), ("city_ru", 120), ("city_zh", 120), ("venue", 200)):
        values[f] = validators.text(values[f], f, max_length=limit, required=False)
    changed = {f: v for f, v in values.items() if getattr(session, f) != v}
    with transaction.atomic():
        for f, v in changed.items():
            setattr(session, f, v)
        session.year = session.start.year
        session.save()
        record(MeetingsEvent.SESSION_UPDATE, actor=actor, target=session, payload={"changed": changed})
    return session


def add_agenda_item(
    actor: Actor | None,
    session: Session,
    *,
    title: str,
    order: int | None = None,
    circulated_on: date | None = None,
    draft_ref: str = "",
    draft=None,
    programme=None,
) -> AgendaItem:
    require(actor, "meeting.manage", body=session.body.code)
    title = validators.text(title, "title")
    if order is None:
        order = (session.agenda.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    order = validators.integer(order, "order", low=1, high=validators.MAX_SMALL)
    if draft is not None and draft.organisation_id != session.organisation_id:
        raise InputError("draft", _("belongs to another organisation"))
    if programme is not None and programme.organisation_id != session.organisation_id:
        raise InputError("programme", _("belongs to another organisation"))
    with transaction.atomic():
        item = AgendaItem.objects.create(
            session=session,
            order=order,
            title=title,
            circulated_on=circulated_on,
            draft_ref=validators.text(draft_ref, "draft_ref", required=False),
            draft=draft,
            programme=programme,
        )
        record(
            MeetingsEvent.AGENDA_ADD,
            actor=actor,
            target=item,
            payload={
                "session": session.pk,
                "order": order,
                "title": title,
                "circulated_on": circulated_on,
                "programme": programme.code if programme else None,
            },
        )
    return item


def add_document(
    actor: Actor | None,
    session: Session,
    *,
    title: str,
    circulated_on: date | None = None,
    url: str = "",
    file=None,
) -> SessionDocument:
    """A document: an uploaded `file` or an address; it is circulated on `circulated_on`, by default today
    (the day it reaches delegations here)."""
    require(actor, "meeting.manage", body=session.body.code)
    title = validators.text(title, "title")
    circulated_on = circulated_on or clock.today()
    if not isinstance(circulated_on, date):
        raise InputError("circulated_on", _("must be a date"))
    url = validators.url(url, "url")
    if file is not None and url:
        raise InputError("file", _("give a file or an address, not both"))
    if file is not None and not getattr(file, "name", ""):
        raise InputError("file", _("is empty"))
    with transaction.atomic():
        doc = SessionDocument(session=session, title=title, url=url, circulated_on=circulated_on)
        if file is not None:
            doc.file.save(file.name, file, save=False)
        doc.save()
        record(
            MeetingsEvent.DOCUMENT_ADD,
            actor=actor,
            target=doc,
            payload={
                "session": session.pk,
                "title": title,
                "circulated_on": circulated_on,
                "file": doc.file.name or None,
            },
        )
    return doc


def remove_document(actor: Actor | None, doc: SessionDocument) -> None:
    """Withdraws a document; its stored file goes with it once the row is gone."""
    session = doc.session
    require(actor, "meeting.manage", body=session.body.code)
    name = doc.file.name
    with transaction.atomic():
        record(
            MeetingsEvent.DOCUMENT_REMOVE,
            actor=actor,
            target=doc,
            payload={"session": session.pk, "title": doc.title, "file": name or None},
        )
        doc.delete()
        if name:
            storage = doc.file.storage
            transaction.on_commit(lambda: storage.delete(name))


def _renumber(session: Session, items: list[AgendaItem]) -> None:
    for i, item in enumerate(items, start=1):
        if item.order != i:
            item.order = i
            item.save(update_fields=["order"])


def move_agenda_item(actor: Actor | None, item: AgendaItem, direction: str) -> AgendaItem:
    """Moves an item one place "up" or "down"; the agenda is numbered 1, 2, 3 ... afterwards."""
    session = item.session
    require(actor, "meeting.manage", body=session.body.code)
    if direction not in ("up", "down"):
        raise InputError("direction", _("must be up or down"))
    with transaction.atomic():
        items = list(session.agenda.select_for_update().order_by("order", "id"))
        i = next(n for n, other in enumerate(items) if other.pk == item.pk)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= j < len(items):
            items[i], items[j] = items[j], items[i]
        _renumber(session, items)
        item.order = next(other.order for other in items if other.pk == item.pk)
        record(
            MeetingsEvent.AGENDA_MOVE,
            actor=actor,
            target=item,
            payload={"session": session.pk, "direction": direction, "order": item.order},
        )
    return item


def remove_agenda_item(actor: Actor | None, item: AgendaItem) -> None:
    session = item.session
    require(actor, "meeting.manage", body=session.body.code)
    with transaction.atomic():
        record(
            MeetingsEvent.AGENDA_REMOVE,
            actor=actor,
            target=item,
            payload={"session": session.pk, "title": item.title, "order": item.order},
        )
        item.delete()
        _renumber(session, list(session.agenda.order_by("order", "id")))


def set_outcome(actor: Actor | None, session: Session, *, text: str) -> Outcome:
    """Writes (or rewrites) the outcome or minutes of a session."""
    require(actor, "meeting.manage", body=session.body.code)
    text = validators.text(text, "text", max_length=20000, multiline=True)
    with transaction.atomic():
        outcome, created = Outcome.objects.update_or_create(
            session=session, defaults={"text": text, "updated_at": clock.now()}
        )
        record(
            MeetingsEvent.OUTCOME_SET,
            actor=actor,
            target=session,
            payload={"created": created, "length": len(text)},
        )
    return outcome


def record_decision(actor: Actor | None, session: Session, *, title: str, url: str = "") -> Decision:
    require(actor, "meeting.manage", body=session.body.code)
    title = validators.text(title, "title")
    with transaction.atomic():
        decision = Decision.objects.create(session=session, title=title, url=validators.url(url, "url"))
        record(
            MeetingsEvent.DECISION_RECORD,
            actor=actor,
            target=decision,
            payload={"session": session.pk, "title": title},
        )
    return decision

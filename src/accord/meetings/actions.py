"""Every write to sessions, agendas, documents and decisions: permission, validation, one transaction, one
audit event. The chair's team of the body or the Secretariat manage a session (meeting.manage)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from accord.audit.log import record
from accord.core.errors import InputError
from accord.orgs.models import Body, Organisation, Session, State
from accord.orgs.permissions import Actor, require
from accord.orgs.queries import Rotations

from .events import MeetingsEvent
from .models import AgendaItem, Decision, SessionDocument

STATUSES = ("held", "announced", "planned")
FORMATS = ("in_person", "video", "hybrid")


def _require(actor: Actor | None, body: str) -> None:
    # actor=None is the product itself (the demo loader).
    if actor is not None:
        require(actor, "meeting.manage", body=body)


def _text(value, field: str, max_length: int = 300, required: bool = True) -> str:
    value = value.strip() if isinstance(value, str) else value
    if value is None or value == "":
        if required:
            raise InputError(field, "is required")
        return ""
    if not isinstance(value, str):
        raise InputError(field, "must be text")
    if len(value) > max_length:
        raise InputError(field, f"must be at most {max_length} characters")
    return value


def _rotation_host(org: Organisation, body: Body, day: date) -> State | None:
    """The state chairing `body` on `day` by the rotation; None for a body without a rotating chair."""
    rotations = Rotations.from_db(org)
    try:
        return rotations.chair_on(body.code, day).state
    except InputError:
        return None


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
        raise InputError("body", f"unknown body {body!r} in {org.code}")
    _require(actor, b.code)
    if not isinstance(start, date):
        raise InputError("start", "must be a date")
    end = end or start
    if end < start:
        raise InputError("end", "is before start")
    if status not in STATUSES:
        raise InputError("status", f"must be one of {', '.join(STATUSES)}")
    if format not in FORMATS:
        raise InputError("format", f"must be one of {', '.join(FORMATS)}")
    if number is not None and (not isinstance(number, int) or number < 1):
        raise InputError("number", "must be a whole number, 1 or more")
    if (
        number is not None
        and Session.objects.filter(organisation=org, body=b, year=start.year, number=number).exists()
    ):
        raise InputError("number", f"{body} {start.year} already has a session number {number}")
    if host:
        host_state = State.objects.filter(code=host.upper()).first()
        if host_state is None:
            raise InputError("host", f"unknown state {host!r}")
    else:
        host_state = _rotation_host(org, b, start)
    with transaction.atomic():
        session = Session.objects.create(
            organisation=org,
            body=b,
            year=start.year,
            number=number,
            status=status,
            format=format,
            host=host_state,
            city_en=_text(city_en, "city_en", 120, False),
            city_ru=city_ru,
            city_zh=city_zh,
            venue=_text(venue, "venue", 200, False),
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
    _require(actor, session.body.code)
    title = _text(title, "title")
    if order is None:
        order = (session.agenda.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    if not isinstance(order, int) or order < 1:
        raise InputError("order", "must be a whole number, 1 or more")
    if draft is not None and draft.organisation_id != session.organisation_id:
        raise InputError("draft", "belongs to another organisation")
    if programme is not None and programme.organisation_id != session.organisation_id:
        raise InputError("programme", "belongs to another organisation")
    with transaction.atomic():
        item = AgendaItem.objects.create(
            session=session,
            order=order,
            title=title,
            circulated_on=circulated_on,
            draft_ref=_text(draft_ref, "draft_ref", 300, False),
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
    actor: Actor | None, session: Session, *, title: str, circulated_on: date, url: str = ""
) -> SessionDocument:
    _require(actor, session.body.code)
    title = _text(title, "title")
    if not isinstance(circulated_on, date):
        raise InputError("circulated_on", "must be a date")
    url = _text(url, "url", 500, False)
    if url and not url.startswith(("http://", "https://", "/")):
        raise InputError("url", "must be an http(s) address or a path on this site")
    with transaction.atomic():
        doc = SessionDocument.objects.create(
            session=session, title=title, url=url, circulated_on=circulated_on
        )
        record(
            MeetingsEvent.DOCUMENT_ADD,
            actor=actor,
            target=doc,
            payload={"session": session.pk, "title": title, "circulated_on": circulated_on},
        )
    return doc


def record_decision(actor: Actor | None, session: Session, *, title: str, url: str = "") -> Decision:
    _require(actor, session.body.code)
    title = _text(title, "title")
    with transaction.atomic():
        decision = Decision.objects.create(session=session, title=title, url=_text(url, "url", 500, False))
        record(
            MeetingsEvent.DECISION_RECORD,
            actor=actor,
            target=decision,
            payload={"session": session.pk, "title": title},
        )
    return decision

"""Every write to sessions, agendas, documents and decisions: permission, validation, one transaction, one
audit event. The chair's team of the body or the Secretariat manage a session (meeting.manage)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from accord.audit.log import record
from accord.base import validators
from accord.core.errors import InputError
from accord.orgs.models import Body, Organisation, Session, State
from accord.orgs.permissions import Actor, require
from accord.orgs.queries import Rotations

from .events import MeetingsEvent
from .models import AgendaItem, Decision, SessionDocument

STATUSES = ("held", "announced", "planned")
FORMATS = ("in_person", "video", "hybrid")


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
    require(actor, "meeting.manage", body=b.code)
    if not isinstance(start, date):
        raise InputError("start", "must be a date")
    end = end or start
    if end < start:
        raise InputError("end", "is before start")
    if status not in STATUSES:
        raise InputError("status", f"must be one of {', '.join(STATUSES)}")
    if format not in FORMATS:
        raise InputError("format", f"must be one of {', '.join(FORMATS)}")
    if number is not None:
        number = validators.integer(number, "number", low=1, high=validators.MAX_SMALL)
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
        raise InputError("draft", "belongs to another organisation")
    if programme is not None and programme.organisation_id != session.organisation_id:
        raise InputError("programme", "belongs to another organisation")
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
    actor: Actor | None, session: Session, *, title: str, circulated_on: date, url: str = ""
) -> SessionDocument:
    require(actor, "meeting.manage", body=session.body.code)
    title = validators.text(title, "title")
    if not isinstance(circulated_on, date):
        raise InputError("circulated_on", "must be a date")
    url = validators.url(url, "url")
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

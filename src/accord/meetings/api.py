"""Meetings API: sessions with their derived chair, the calendar feed, and the writes (through actions)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpResponse
from ninja import Query, Router, Schema
from ninja.security import django_auth
from pydantic import BeforeValidator, Field

from accord.base.validators import MAX_SMALL
from accord.core.calendar import iso_day
from accord.core.errors import InputError
from accord.orgs.queries import organisation, request_actor

from . import actions, queries
from .exports import calendar

router = Router()


class SessionOut(Schema):
    id: int
    body: str
    year: int
    number: int | None
    start: dt.date | None
    end: dt.date | None
    city: str
    venue: str
    host: str | None
    chair: str | None
    status: str
    late_documents: int
    illustrative: bool = Field(description="invented for a demonstration, not a record of the organisation")


# Dates in, in the query or the body, are YYYY-MM-DD only: `0` is refused (422), not read as 1970-01-01.
Day = Annotated[dt.date, BeforeValidator(iso_day)]


class SessionIn(Schema):
    body: str
    start: Day
    end: Day | None = None
    number: int | None = Field(None, ge=1, le=MAX_SMALL)
    city_en: str = ""
    venue: str = ""
    status: str = "planned"
    format: str = "in_person"


class AgendaIn(Schema):
    title: str
    order: int | None = Field(None, ge=1, le=MAX_SMALL)
    circulated_on: Day | None = None
    draft_ref: str = ""


class DocumentIn(Schema):
    title: str
    circulated_on: Day
    url: str = ""


class DecisionIn(Schema):
    title: str
    url: str = ""


class Created(Schema):
    id: int


class CalendarQuery(Schema):
    body: str | None = Field(None, description="body code, e.g. CHS")
    start: Day | None = Field(None, alias="from", description="sessions ending on or after (YYYY-MM-DD)")
    end: Day | None = Field(None, alias="to", description="sessions starting on or before (YYYY-MM-DD)")


def _out(v: queries.SessionView) -> dict:
    s = v.session
    return {
        "id": s.pk,
        "body": s.body.code,
        "year": s.year,
        "number": s.number,
        "start": s.start,
        "end": s.end,
        "city": s.city_en,
        "venue": s.venue,
        "host": s.host.code if s.host else None,
        "chair": v.chair.code if v.chair else None,
        "status": s.status,
        "late_documents": len(v.late),
        "illustrative": s.illustrative,
    }


def _filters(o, q: CalendarQuery):
    if q.body and q.body not in queries.body_codes(o):
        raise InputError("body", f"unknown body {q.body!r}")
    if q.start and q.end and q.start > q.end:
        raise InputError("from", "is after to")


@router.get(
    "/orgs/{org}/sessions", response=list[SessionOut], summary="Sessions, with the chair from the rotation"
)
def list_sessions(request, org: str, q: Query[CalendarQuery]):
    o = organisation(org)
    _filters(o, q)
    rows = queries.sessions(o, body=q.body, start=q.start, end=q.end, with_documents=True)
    return [_out(v) for v in queries.session_views(o, rows, with_documents=True)]


@router.get("/orgs/{org}/calendar.ics", summary="The sessions as iCalendar (RFC 5545)")
def calendar_feed(request, org: str, q: Query[CalendarQuery]):
    o = organisation(org)
    _filters(o, q)
    rows = queries.session_views(o, queries.sessions(o, body=q.body, start=q.start, end=q.end))
    return HttpResponse(
        calendar(o, rows, o.name_en + (f" {q.body}" if q.body else "")),
        content_type="text/calendar; charset=utf-8",
    )


@router.post(
    "/orgs/{org}/sessions",
    response={201: Created},
    auth=django_auth,
    summary="Plan a session (meeting.manage for the body)",
)
def create_session(request, org: str, payload: SessionIn):
    o = organisation(org)
    s = actions.create_session(request_actor(request, o), o, **payload.dict())
    return 201, {"id": s.pk}


@router.post(
    "/orgs/{org}/sessions/{pk}/agenda",
    response={201: Created},
    auth=django_auth,
    summary="Add an agenda item (meeting.manage)",
)
def add_agenda_item(request, org: str, pk: int, payload: AgendaIn):
    o = organisation(org)
    item = actions.add_agenda_item(request_actor(request, o), queries.session(o, pk), **payload.dict())
    return 201, {"id": item.pk}


@router.post(
    "/orgs/{org}/sessions/{pk}/documents",
    response={201: Created},
    auth=django_auth,
    summary="Add a document (meeting.manage)",
)
def add_document(request, org: str, pk: int, payload: DocumentIn):
    o = organisation(org)
    doc = actions.add_document(request_actor(request, o), queries.session(o, pk), **payload.dict())
    return 201, {"id": doc.pk}


@router.post(
    "/orgs/{org}/sessions/{pk}/decisions",
    response={201: Created},
    auth=django_auth,
    summary="Record a decision adopted (meeting.manage)",
)
def record_decision(request, org: str, pk: int, payload: DecisionIn):
    o = organisation(org)
    d = actions.record_decision(request_actor(request, o), queries.session(o, pk), **payload.dict())
    return 201, {"id": d.pk}

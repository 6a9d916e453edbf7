"""Programmes API: programmes with their roll-up, items, and the writes (all through actions)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import Http404
from ninja import Router, Schema
from ninja.security import django_auth
from pydantic import Field

from accord.base import clock
from accord.base.validators import Percent, Text, Weight
from accord.orgs.queries import organisation, request_actor

from . import actions, queries

router = Router()


class ItemOut(Schema):
    id: int
    code: str
    title: str
    responsible_states: list[str]
    responsible_body: str | None
    deadline: date | None
    weight: float
    state: str
    percent: float
    overdue: bool


class ProgrammeOut(Schema):
    code: str
    series: str
    live: bool
    title: str
    kind: str
    start_year: int
    end_year: int
    state: str
    percent: float
    done: int
    overdue: list[int]
    illustrative: bool
    items: list[ItemOut]


Year = Annotated[int, Field(gt=1900, lt=2200)]


class ProgrammeIn(Schema):
    code: Text(60)
    title_en: Text(300)
    start_year: Year
    end_year: Year
    kind: Text(20) = "cooperation"
    description: Text(10_000, multiline=True) = ""
    series: Text(60) = ""


class AdvanceIn(Schema):
    state: Text(40)
    on: date | None = None
    note: Text(300) = ""


class ItemIn(Schema):
    code: Text(20)
    title_en: Text(300)
    weight: Weight = 1
    deadline: date | None = None
    responsible_states: list[Text(2)] = Field([], max_length=100)
    responsible_body: Text(30) | None = None


class MoveIn(Schema):
    state: Text(20)


class ReportIn(Schema):
    state: Text(2)
    year: Year
    percent: Percent
    narrative: Text(5000, multiline=True)


class ReportOut(Schema):
    item: str
    state: str
    year: int
    version: int
    percent: float
    item_percent: float


def _out(v: queries.ProgrammeView) -> dict:
    p = v.programme
    return {
        "code": p.code,
        "series": p.series,
        "live": v.live,
        "title": p.title,
        "kind": p.kind,
        "start_year": p.start_year,
        "end_year": p.end_year,
        "state": p.state,
        "percent": round(v.progress.percent, 2),
        "done": v.progress.done,
        "overdue": list(v.progress.overdue),
        "illustrative": p.illustrative,
        "items": [
            {
                "id": i.item.pk,
                "code": i.item.code,
                "title": i.item.title,
                "responsible_states": i.states,
                "responsible_body": i.item.responsible_body.code if i.item.responsible_body else None,
                "deadline": i.item.deadline,
                "weight": float(i.item.weight),
                "state": i.item.state,
                "percent": float(i.item.percent),
                "overdue": i.overdue,
            }
            for i in v.items
        ],
    }


@router.get("/orgs/{org}/programmes", response=list[ProgrammeOut], summary="Programmes with their progress")
def list_programmes(request, org: str):
    o = organisation(org)
    return [_out(v) for v in queries.programmes(o, clock.today())]


@router.get("/orgs/{org}/programmes/{code}", response=ProgrammeOut, summary="One programme and its items")
def get_programme(request, org: str, code: str):
    o = organisation(org)
    v = queries.programme(o, code, clock.today())
    if v is None:
        raise Http404
    return _out(v)


@router.post(
    "/orgs/{org}/programmes",
    response={201: ProgrammeOut},
    auth=django_auth,
    summary="Create a programme (programme.manage)",
)
def create_programme(request, org: str, payload: ProgrammeIn):
    o = organisation(org)
    p = actions.create_programme(request_actor(request, o), o, **payload.dict())
    return 201, _out(queries.programme(o, p.code, clock.today()))


@router.post(
    "/orgs/{org}/programmes/{code}/advance",
    response=ProgrammeOut,
    auth=django_auth,
    summary="Record the next lifecycle step (programme.manage)",
)
def advance(request, org: str, code: str, payload: AdvanceIn):
    o = organisation(org)
    p = queries.programme_row(o, code)
    actions.advance_programme(request_actor(request, o), p, payload.state, on=payload.on, note=payload.note)
    return _out(queries.programme(o, code, clock.today()))


@router.post(
    "/orgs/{org}/programmes/{code}/items",
    response={201: ItemOut},
    auth=django_auth,
    summary="Add an action item (programme.manage)",
)
def add_item(request, org: str, code: str, payload: ItemIn):
    o = organisation(org)
    p = queries.programme_row(o, code)
    item = actions.add_item(request_actor(request, o), p, **payload.dict())
    v = queries.programme(o, code, clock.today())
    return 201, next(x for x in _out(v)["items"] if x["id"] == item.pk)


@router.post(
    "/orgs/{org}/programmes/{code}/items/{pk}/state",
    response=ItemOut,
    auth=django_auth,
    summary="Move an item along its workflow (implementers or programme.manage)",
)
def move_item(request, org: str, code: str, pk: int, payload: MoveIn):
    o = organisation(org)
    item = actions.move_item(request_actor(request, o), queries.item(o, code, pk), payload.state)
    v = queries.programme(o, code, clock.today())
    return next(x for x in _out(v)["items"] if x["id"] == item.pk)


@router.post(
    "/orgs/{org}/programmes/{code}/items/{pk}/reports",
    response={201: ReportOut},
    auth=django_auth,
    summary="File a responsible state's yearly report (report.file for that state)",
)
def file_report(request, org: str, code: str, pk: int, payload: ReportIn):
    o = organisation(org)
    item = queries.item(o, code, pk)
    r = actions.file_report(
        request_actor(request, o),
        item,
        state=payload.state,
        year=payload.year,
        percent=payload.percent,
        narrative=payload.narrative,
        person=request.user,
    )
    item.refresh_from_db(fields=["percent"])
    return 201, {
        "item": item.code,
        "state": r.state.code,
        "year": r.year,
        "version": r.version,
        "percent": float(r.percent),
        "item_percent": float(item.percent),
    }

"""Organisation API: states, statuses on a date, bodies, the chair on a date and the forecast."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from ninja import Query, Router, Schema
from pydantic import BeforeValidator, Field

from accord.base import clock
from accord.core.calendar import iso_day

from . import queries
from .models import StatusKind

router = Router()


class NameOut(Schema):
    en: str
    ru: str
    zh: str


class StateOut(Schema):
    code: str
    name: NameOut


class StatusOut(Schema):
    state: str
    status: str
    start: date
    end: date | None


class BodyOut(Schema):
    code: str
    name: NameOut
    chair_rule: str
    chair_source: str
    abbreviation: dict[str, str]
    meets: NameOut


class TermOut(Schema):
    code: str
    name: str
    start: date
    end: date
    end_estimated: bool
    basis: str


class ChairOut(Schema):
    org: str
    body: str
    date: date
    chair: StateOut
    term: TermOut
    basis: str


class ForecastOut(Schema):
    org: str
    body: str
    terms: list[TermOut]


# Query dates are YYYY-MM-DD only: `?on=0` is refused (422), not read as 1970-01-01.
Day = Annotated[date, BeforeValidator(iso_day)]


class OnQuery(Schema):
    on: Day | None = Field(None, description="date (YYYY-MM-DD); default today")


class ChairQuery(Schema):
    body: str | None = Field(
        None, description="body code, e.g. CHS or SUMMIT; default the organisation's first rotating chair"
    )
    on: Day | None = Field(None, description="date (YYYY-MM-DD); default today")


class ForecastQuery(ChairQuery):
    n: int = Field(5, ge=0, le=queries.rot.MAX_FORECAST, description="how many terms after the current one")


def _name(obj) -> dict:
    return {"en": obj.name_en, "ru": obj.name_ru, "zh": obj.name_zh}


def _term(view: queries.ChairView) -> dict:
    t = view.term
    return {
        "code": t.holder,
        "name": view.state.name_en,
        "start": t.start,
        "end": t.end,
        "end_estimated": t.end_estimated,
        "basis": t.basis,
    }


@router.get(
    "/orgs/{org}/states", response=list[StateOut], summary="States with any status in the organisation"
)
def states(request, org: str):
    o = queries.organisation(org)
    return [{"code": s.code, "name": _name(s)} for s in queries.states_ever(o)]


@router.get("/orgs/{org}/statuses", response=list[StatusOut], summary="Statuses in force on a date")
def statuses(request, org: str, q: Query[OnQuery]):
    o = queries.organisation(org)
    day = q.on or clock.today()
    return [
        {"state": s.state.code, "status": s.kind, "start": s.start, "end": s.end}
        for s in queries.statuses_in_force(o, day)
    ]


@router.get("/orgs/{org}/members", response=list[StateOut], summary="Member states on a date")
def members(request, org: str, q: Query[OnQuery]):
    o = queries.organisation(org)
    return [
        {"code": s.code, "name": _name(s)}
        for s in queries.statuses_on(o, q.on or clock.today())[StatusKind.MEMBER]
    ]


@router.get("/orgs/{org}/bodies", response=list[BodyOut], summary="Bodies and how their chair is decided")
def bodies(request, org: str):
    o = queries.organisation(org)
    return [
        {
            "code": b.code,
            "name": _name(b),
            "chair_rule": b.chair_rule,
            "chair_source": b.chair_source,
            "abbreviation": {
                lang: text
                for lang, text in (
                    ("en", b.abbreviation_en),
                    ("ru", b.abbreviation_ru),
                    ("zh", b.abbreviation_zh),
                )
                if text
            },
            "meets": {"en": b.meets_en, "ru": b.meets_ru, "zh": b.meets_zh},
        }
        for b in queries.bodies(o)
    ]


@router.get("/orgs/{org}/chair", response=ChairOut, summary="Who chairs a body on a date")
def chair(request, org: str, q: Query[ChairQuery]):
    o = queries.organisation(org)
    day = q.on or clock.today()
    rotations = queries.Rotations.of(o)
    body = q.body or rotations.default_body()
    view = rotations.chair_on(body, day)
    return {
        "org": o.code,
        "body": body,
        "date": day,
        "chair": {"code": view.state.code, "name": _name(view.state)},
        "term": _term(view),
        "basis": view.term.basis,
    }


@router.get("/orgs/{org}/chair/forecast", response=ForecastOut, summary="The current and the next n chairs")
def forecast(request, org: str, q: Query[ForecastQuery]):
    o = queries.organisation(org)
    rotations = queries.Rotations.of(o)
    body = q.body or rotations.default_body()
    views = rotations.forecast(body, q.on or clock.today(), q.n)
    return {"org": o.code, "body": body, "terms": [_term(v) for v in views]}

"""Projects API: published projects, proposals, stage moves, interest and commitments, optimiser runs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Query, Router, Schema
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import Field

from accord.base.validators import Amount, Currency, Text
from accord.orgs.permissions import require
from accord.orgs.queries import organisation, request_actor

from . import actions, queries
from .models import Commitment

router = Router()


class ResultIn(Schema):
    title: Text(300)
    indicator: Text(300)
    target: Text(100)
    baseline: Text(100) = ""


Country = Annotated[str, Field(max_length=2, description="ISO 3166-1 alpha-2 code of a member state")]


class ProjectIn(Schema):
    code: Text(40)
    title: Text(300)
    description: Text(10_000, multiline=True)
    sector: Text(30)
    countries: list[Country] = Field(max_length=100)
    lead_state: Country
    interested_states: list[Country] = Field([], max_length=100)
    cost: Amount
    currency: Currency
    start: date
    end: date
    results: list[ResultIn] = Field([], max_length=100)
    submit: bool = True


class ProjectOut(Schema):
    code: str
    title: str
    sector: str
    countries: list[str]
    lead_state: str
    stage: str
    published: bool
    cost: Decimal
    currency: str
    gap_base: Decimal
    base_currency: str
    error: str | None = Field(None, description="why the stored cost or currency cannot be read, if so")
    illustrative: bool = Field(description="invented for a demonstration, not a record of the organisation")


class MoveIn(Schema):
    stage: Text(20)
    decision_reference: Text(300) = ""
    decision_date: date | None = None


class InterestIn(Schema):
    funder: Text(40) = Field(description="funder code")
    note: Text(2000, multiline=True) = ""


class CommitmentMoveIn(Schema):
    state: Text(20)
    amount: Amount | None = None
    currency: Text(3) = ""
    instrument: Text(20) = ""


class CommitmentOut(Schema):
    id: int
    project: str
    funder: str
    state: str
    amount: Decimal | None
    currency: str
    instrument: str


class ReasonOut(Schema):
    code: str = Field(description="stable machine code of the criterion")
    ok: bool
    message: str = Field(description="in English, as accord.core.matching words it")


class MatchOut(Schema):
    project: str
    funder: str
    ok: bool
    score: float = Field(description="share of the criteria met, 0 to 1")
    gap: Decimal = Field(description="what is left to finance, in the funder's currency")
    currency: str
    commitment: str | None = Field(description="state of the funder's commitment, if any")
    reasons: list[ReasonOut]
    illustrative: bool = Field(description="the project or the funder's figures are invented for a demo")


class RunOut(Schema):
    id: int
    base_currency: str
    optimal: bool
    gap: float
    result: dict


def _out(position, base) -> dict:
    p = position.project
    return {
        "code": p.code,
        "title": p.title,
        "sector": p.sector,
        "countries": p.countries,
        "lead_state": p.lead_state.code,
        "stage": p.stage,
        "published": p.published,
        "cost": p.cost,
        "currency": p.currency,
        "gap_base": position.gap,
        "base_currency": base,
        "error": position.error,
        "illustrative": p.illustrative,
    }


def _commitment(c: Commitment) -> dict:
    return {
        "id": c.pk,
        "project": c.project.code,
        "funder": c.funder.code,
        "state": c.state,
        "amount": c.amount,
        "currency": c.currency,
        "instrument": c.instrument,
    }


@router.get("/orgs/{org}/projects", response=list[ProjectOut], summary="Projects the caller may see")
def list_projects(request, org: str):
    o = organisation(org)
    rates = queries.Rates()
    rows = queries.positions(list(queries.visible_projects(request_actor(request, o), o)), rates)
    return [_out(r, rates.base) for r in rows]


@router.get("/orgs/{org}/projects/{code}", response=ProjectOut, summary="One project (404 if not visible)")
def get_project(request, org: str, code: str):
    o = organisation(org)
    rates = queries.Rates()
    return _out(
        queries.positions([queries.project_for(request_actor(request, o), o, code)], rates)[0], rates.base
    )


@router.post(
    "/orgs/{org}/projects", response={201: ProjectOut}, auth=django_auth, summary="Propose a project"
)
def propose(request, org: str, payload: ProjectIn):
    o = organisation(org)
    data = payload.dict()
    p = actions.propose_project(request_actor(request, o), o, **data)
    return Status(201, _out(queries.positions([p], queries.Rates())[0], queries.BASE_CURRENCY))


@router.post(
    "/orgs/{org}/projects/{code}/stage",
    response=ProjectOut,
    auth=django_auth,
    summary="Move a project to another stage",
)
def move(request, org: str, code: str, payload: MoveIn):
    o = organisation(org)
    actor = request_actor(request, o)
    p = actions.move_project(
        actor,
        queries.project_for(actor, o, code),
        payload.stage,
        decision_reference=payload.decision_reference,
        decision_date=payload.decision_date,
    )
    return _out(queries.positions([p], queries.Rates())[0], queries.BASE_CURRENCY)


@router.post(
    "/orgs/{org}/projects/{code}/interest",
    response={201: CommitmentOut},
    auth=django_auth,
    summary="Register a funder's interest (investors)",
)
def interest(request, org: str, code: str, payload: InterestIn):
    o = organisation(org)
    actor = request_actor(request, o)
    require(actor, "commitment.register")
    project = queries.project_for(actor, o, code)
    funder = queries.funder(o, code=payload.funder)
    return Status(201, _commitment(actions.register_interest(actor, project, funder, payload.note)))


@router.get(
    "/orgs/{org}/matches",
    response=list[MatchOut],
    auth=django_auth,
    summary="Published projects against the caller's funders' mandates, with the reasons (investors)",
)
def list_matches(request, org: str):
    o = organisation(org)
    actor = request_actor(request, o)
    require(actor, "commitment.register")
    return [
        {
            "project": m.position.project.code,
            "funder": m.funder.code,
            "ok": m.result.ok,
            "score": m.result.score,
            "gap": m.amount,
            "currency": m.funder.currency,
            "commitment": m.commitment.state if m.commitment else None,
            "reasons": [{"code": r.code, "ok": r.ok, "message": r.message} for r in m.result.reasons],
            "illustrative": m.position.project.illustrative or m.funder.illustrative,
        }
        for m in queries.matches(actor, o)
    ]


@router.get(
    "/orgs/{org}/commitments",
    response=list[CommitmentOut],
    auth=django_auth,
    summary="Every commitment (Secretariat)",
)
def list_commitments(request, org: str):
    o = organisation(org)
    require(request_actor(request, o), "commitment.view_all")
    return [_commitment(c) for c in queries.commitments(o)]


@router.post(
    "/orgs/{org}/commitments/{pk}/state",
    response=CommitmentOut,
    auth=django_auth,
    summary="Firm up or withdraw a commitment (its funder's investors)",
)
def move_commitment(request, org: str, pk: int, payload: CommitmentMoveIn):
    o = organisation(org)
    actor = request_actor(request, o)
    require(actor, "commitment.register")
    return _commitment(
        actions.move_commitment(
            actor,
            queries.commitment(o, pk),
            payload.state,
            amount=payload.amount,
            currency=payload.currency,
            instrument=payload.instrument,
        )
    )


@router.post(
    "/orgs/{org}/allocation-runs",
    response={201: RunOut},
    auth=django_auth,
    summary="Run the funding-gap optimiser on the pipeline (Secretariat)",
)
def run(
    request,
    org: str,
    time_limit: float = Query(
        actions.ALLOCATION_TIME_LIMIT[1],
        ge=actions.ALLOCATION_TIME_LIMIT[0],
        le=actions.ALLOCATION_TIME_LIMIT[2],
        description="seconds; past it the best plan found is returned with optimal false and its gap",
    ),
):
    o = organisation(org)
    r = actions.run_allocation(request_actor(request, o), o, time_limit=time_limit)
    return Status(
        201,
        {
            "id": r.pk,
            "base_currency": r.base_currency,
            "optimal": r.optimal,
            "gap": r.result.get("gap", 0.0),
            "result": r.result,
        },
    )


@router.get(
    "/orgs/{org}/funding-gap", summary="The pipeline's cost, firm commitments and gap (base currency)"
)
def funding_gap(request, org: str):
    o = organisation(org)
    # The public and investors see only what is published, as in the project list.
    return queries.funding_gap_summary(o, published_only=not queries.is_insider(request_actor(request, o)))

"""Every write to programmes: permission, validation, one transaction, one audit event."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accord.audit.log import record
from accord.base import clock, validators
from accord.core.errors import InputError
from accord.core.workflow import check_transition
from accord.core.workflows import ACTION_ITEM, IMPLEMENTER, PROGRAMME
from accord.orgs.models import Body, Organisation, Person, State
from accord.orgs.permissions import Actor, require

from .events import ProgrammesEvent
from .models import ActionItem, ImplementationReport, Programme, ProgrammeKind, ProgrammeStep
from .permissions import may_implement

SERIES = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")


def _states(codes: Iterable[str]) -> list[State]:
    codes = sorted({c.upper() for c in codes})
    found = {s.code: s for s in State.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise InputError("responsible_states", f"unknown state {', '.join(unknown)}")
    return [found[c] for c in codes]


def create_programme(
    actor: Actor | None,
    org: Organisation,
    *,
    code: str,
    title_en: str,
    start_year: int,
    end_year: int,
    kind: str = ProgrammeKind.COOPERATION,
    title_ru: str = "",
    title_zh: str = "",
    description: str = "",
    reviewing_body: str | None = None,
    approving_body: str | None = None,
    illustrative: bool = False,
    source: str = "",
    series: str = "",
) -> Programme:
    require(actor, "programme.manage")
    code = validators.text(code, "code", max_length=60)
    if series and not (isinstance(series, str) and SERIES.fullmatch(series)):
        raise InputError("series", "must be a short code of lowercase letters, digits and hyphens, e.g. ct")
    if kind not in ProgrammeKind.values:
        raise InputError("kind", f"must be one of {', '.join(ProgrammeKind.values)}")
    if not isinstance(start_year, int) or not 1900 < start_year < 2200:
        raise InputError("start_year", "must be a year such as 2025")
    if not isinstance(end_year, int) or not start_year <= end_year < 2200:
        raise InputError("end_year", "must be a year not before start_year")
    if Programme.objects.filter(organisation=org, code=code).exists():
        raise InputError("code", f"programme {code!r} exists already")
    bodies = {b.code: b for b in Body.objects.filter(organisation=org)}
    for field, value in (("reviewing_body", reviewing_body), ("approving_body", approving_body)):
        if value and value not in bodies:
            raise InputError(field, f"unknown body {value!r}")
    with validators.unique("code", f"programme {code!r} exists already"):
        programme = Programme.objects.create(
            organisation=org,
            code=code,
            series=series,
            kind=kind,
            title_en=validators.text(title_en, "title_en"),
            title_ru=validators.text(title_ru, "title_ru", required=False),
            title_zh=validators.text(title_zh, "title_zh", required=False),
            description=validators.text(
                description, "description", max_length=10_000, multiline=True, required=False
            ),
            start_year=start_year,
            end_year=end_year,
            reviewing_body=bodies.get(reviewing_body or ""),
            approving_body=bodies.get(approving_body or ""),
            illustrative=illustrative,
            source=validators.text(source, "source", max_length=10_000, multiline=True, required=False),
        )
        record(
            ProgrammesEvent.PROGRAMME_CREATE,
            actor=actor,
            target=programme,
            payload={"code": code, "series": series, "years": [start_year, end_year]},
        )
    return programme


def advance_programme(
    actor: Actor | None,
    programme: Programme,
    target: str,
    *,
    on: date | None = None,
    session=None,
    note: str = "",
    source: str = "",
    secondary: bool = False,
    illustrative: bool = False,
) -> ProgrammeStep:
    """Move the programme one step along its lifecycle, recording the decision's date and session, and
    where the fact comes from (`secondary`: only a paraphrase was found; `illustrative`: none was).

    The councils' decisions and the implementers' report are recorded by the Secretariat, so every move
    needs programme.manage; the workflow table still decides which moves exist.
    """
    require(actor, "programme.manage")
    check_transition(PROGRAMME, programme.state, target)
    on = on or clock.today()
    if session is not None and session.organisation_id != programme.organisation_id:
        raise InputError("session", "belongs to another organisation")
    with transaction.atomic():
        previous = programme.state
        programme.state = target
        programme.save(update_fields=["state"])
        step = ProgrammeStep.objects.create(
            programme=programme,
            state=target,
            on=on,
            session=session,
            note=validators.text(note, "note", required=False),
            source=source,
            secondary=secondary,
            illustrative=illustrative,
        )
        record(
            ProgrammesEvent.PROGRAMME_ADVANCE,
            actor=actor,
            target=programme,
            payload={"from": previous, "to": target, "on": on, "session": session.pk if session else None},
        )
    return step


def add_item(
    actor: Actor | None,
    programme: Programme,
    *,
    code: str,
    title_en: str,
    weight=1,
    deadline: date | None = None,
    responsible_states: Iterable[str] = (),
    responsible_body: str | None = None,
    title_ru: str = "",
    title_zh: str = "",
) -> ActionItem:
    require(actor, "programme.manage")
    code = validators.text(code, "code", max_length=20)
    if ActionItem.objects.filter(programme=programme, code=code).exists():
        raise InputError("code", f"item {code!r} exists already in this programme")
    weight = validators.weight(weight)
    states = _states(responsible_states)
    body = None
    if responsible_body:
        body = Body.objects.filter(organisation=programme.organisation_id, code=responsible_body).first()
        if body is None:
            raise InputError("responsible_body", f"unknown body {responsible_body!r}")
    if not states and body is None:
        raise InputError("responsible_states", "name at least one responsible state or a responsible body")
    with validators.unique("code", f"item {code!r} exists already in this programme"):
        item = ActionItem.objects.create(
            programme=programme,
            code=code,
            title_en=validators.text(title_en, "title_en"),
            title_ru=validators.text(title_ru, "title_ru", required=False),
            title_zh=validators.text(title_zh, "title_zh", required=False),
            weight=weight,
            deadline=deadline,
            responsible_body=body,
        )
        item.responsible_states.set(states)
        record(
            ProgrammesEvent.ACTION_ITEM_CREATE,
            actor=actor,
            target=item,
            payload={
                "programme": programme.code,
                "code": code,
                "states": [s.code for s in states],
                "body": responsible_body,
                "deadline": deadline,
                "weight": str(weight),
            },
        )
    return item


def update_item(
    actor: Actor | None, item: ActionItem, *, deadline: date | None = None, weight=None, percent=None
) -> ActionItem:
    """Change an item's deadline or weight; percent only for items without responsible states (a body's)."""
    require(actor, "programme.manage")
    changes: dict[str, object] = {}
    if deadline is not None:
        changes["deadline"] = deadline
    if weight is not None:
        changes["weight"] = validators.weight(weight)
    if percent is not None:
        if item.responsible_states.exists():
            raise InputError("percent", "comes from the responsible states' reports")
        changes["percent"] = validators.percent(percent)
    if not changes:
        raise InputError("deadline", "nothing to change")
    with transaction.atomic():
        for field, value in changes.items():
            setattr(item, field, value)
        item.save(update_fields=list(changes))
        record(
            ProgrammesEvent.ACTION_ITEM_UPDATE,
            actor=actor,
            target=item,
            payload={k: str(v) for k, v in changes.items()},
        )
    return item


def move_item(actor: Actor | None, item: ActionItem, target: str) -> ActionItem:
    move = check_transition(ACTION_ITEM, item.state, target)
    if actor is not None:
        if move.permission == IMPLEMENTER:
            if not may_implement(actor, item):
                raise PermissionDenied(f"{actor.username or 'anonymous'} may not move item {item.code}")
        else:
            require(actor, "programme.manage")
    with transaction.atomic():
        source = item.state
        item.state = target
        item.save(update_fields=["state"])
        record(
            ProgrammesEvent.ACTION_ITEM_MOVE, actor=actor, target=item, payload={"from": source, "to": target}
        )
    return item


def file_report(
    actor: Actor | None,
    item: ActionItem,
    *,
    state: str,
    year: int,
    percent,
    narrative: str,
    person: Person | None = None,
) -> ImplementationReport:
    """A responsible state's yearly report on an item. Only that state's delegation may file it."""
    state = (state or "").upper()
    require(actor, "report.file", state=state)
    responsible = {s.code: s for s in item.responsible_states.all()}
    if state not in responsible:
        # Filing for an item one's state is not responsible for is refused like any other foreign write.
        raise PermissionDenied(f"{state} is not responsible for item {item.code}")
    programme = item.programme
    if (
        isinstance(year, bool)
        or not isinstance(year, int)
        or not programme.start_year <= year <= programme.end_year
    ):
        raise InputError(
            "year", f"must be a year of the programme ({programme.start_year}–{programme.end_year})"
        )
    if not programme.implementing:
        # Before approval the items are a draft, and after completion the programme is closed.
        raise InputError("item", f"programme {programme.code} is not in implementation ({programme.state})")
    if item.state == "cancelled":
        raise InputError("item", f"item {item.code} is cancelled")
    percent = validators.percent(percent)
    narrative = validators.text(narrative, "narrative", max_length=5000, multiline=True)
    if person is None and actor is not None and actor.person_id:
        person = Person.objects.get(pk=actor.person_id)
    with transaction.atomic():
        # A refiling is a new version; the earlier ones stay as the report's history.
        earlier = (
            ImplementationReport.objects.select_for_update()
            .filter(item=item, state=responsible[state], year=year)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        report = ImplementationReport.objects.create(
            item=item,
            state=responsible[state],
            year=year,
            version=(earlier or 0) + 1,
            percent=percent,
            narrative=narrative,
            filed_by=person,
            filed_at=clock.now(),
        )
        item.percent = _item_percent(item, list(responsible))
        item.save(update_fields=["percent"])
        record(
            ProgrammesEvent.REPORT_FILE,
            actor=actor,
            target=report,
            payload={
                "item": item.code,
                "state": state,
                "year": year,
                "percent": str(percent),
                "version": report.version,
            },
        )
    return report


def _item_percent(item: ActionItem, states: list[str]) -> Decimal:
    """Mean over the responsible states of each one's latest report (the last version of its last year;
    a state with no report counts 0)."""
    latest: dict[str, Decimal] = {}
    for code, percent in (
        ImplementationReport.objects.filter(item=item)
        .order_by("year", "version")
        .values_list("state__code", "percent")
    ):
        latest[code] = percent
    total = sum((latest.get(code, Decimal(0)) for code in states), Decimal(0))
    return (total / len(states)).quantize(Decimal("0.01")) if states else item.percent

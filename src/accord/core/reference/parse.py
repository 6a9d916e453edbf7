"""Building a validated Reference from the parsed JSON of an organisation's files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from accord.core.errors import InputError
from accord.core.rotation import (
    TERM_PATTERNS,
    ChairRule,
    Membership,
    RecordedChair,
    RecordedSession,
    Rotation,
    TermPattern,
    resolve_chair_rule,
)

from .records import (
    DECISION_RULES,
    FILES,
    MEMBER,
    Body,
    Chairmanship,
    ChairStatus,
    DecisionRule,
    Meets,
    Office,
    OfficeKind,
    OfficeTerm,
    Organisation,
    Reference,
    Session,
    SessionFormat,
    SessionStatus,
    State,
    StatusInterval,
)
from .rows import CODE, CURRENCY, ORG_CODE, STATE_CODE, Row, overlap, rows_of, some_names, unique


def parse_reference(documents: Mapping[str, Any]) -> Reference:
    """Build a validated Reference from the parsed JSON of the files (keyed by file name); the optional
    files (chairmanships.json) may be left out."""
    for name in FILES:
        if name not in documents:
            raise InputError(name, "file missing")
    organisation = _organisation(Row(documents["organisation.json"], "organisation.json"))
    languages = organisation.languages

    states = tuple(_states(documents["states.json"], languages))
    state_codes = {s.code for s in states}

    statuses = tuple(_statuses(documents["statuses.json"], organisation, state_codes))
    bodies = tuple(_bodies(documents["bodies.json"], languages))
    body_codes = {b.code for b in bodies}
    sessions = tuple(_sessions(documents["sessions.json"], languages, state_codes, body_codes))
    offices = _offices(Row(documents["offices.json"], "offices.json"), languages, state_codes, bodies)
    chairmanships = tuple(_chairmanships(documents.get("chairmanships.json", []), state_codes, bodies))

    rotations: dict[str, Rotation] = {}
    for index, body in enumerate(bodies):
        if body.chair is None:
            continue
        try:
            rotation_code = resolve_chair_rule(bodies, body.code)
        except InputError as error:
            raise InputError(f"bodies.json[{index}].chair", error.message) from None
        if rotation_code not in rotations:
            rotations[rotation_code] = _rotation(
                rotation_code, organisation, states, statuses, sessions, bodies, chairmanships
            )
    return Reference(
        organisation,
        states,
        statuses,
        bodies,
        sessions,
        offices,
        MappingProxyType(rotations),
        chairmanships,
    )


def _rotation(
    code: str,
    organisation: Organisation,
    states: tuple[State, ...],
    statuses: tuple[StatusInterval, ...],
    sessions: tuple[Session, ...],
    bodies: tuple[Body, ...],
    chairmanships: tuple[Chairmanship, ...],
) -> Rotation:
    term = next(b.term for b in bodies if b.code == code)
    calendar = term == "calendar_year"
    return Rotation(
        body=code,
        members=[
            Membership(s.state, s.start, s.end, ref=f"statuses.json[{i}]")
            for i, s in enumerate(statuses)
            if s.status == MEMBER
        ],
        names={
            s.code: s.collation.get(organisation.collation_language)
            or s.name[organisation.collation_language]
            for s in states
        },
        language=organisation.collation_language,
        sessions=[]
        if calendar
        else [
            RecordedSession(s.host, s.start, s.end, ref=f"sessions.json[{i}]")
            for i, s in enumerate(sessions)
            if s.body == code and s.regular
        ],
        term=term,
        chairs=[
            RecordedChair(c.state, c.year, ref=f"chairmanships.json[{i}]")
            for i, c in enumerate(chairmanships)
            if c.rotation == code and c.status != "forgone"
        ],
    )


def _organisation(row: Row) -> Organisation:
    languages = tuple(row.text_list("languages"))
    if not languages:
        row.fail("languages", "at least one language is needed")
    collation_language = row.text("collation_language")
    if collation_language not in languages:
        row.fail(
            "collation_language", f"{collation_language!r} is not one of the languages {list(languages)}"
        )
    timezone = row.text("timezone")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        row.fail("timezone", f"unknown time zone {timezone!r}")
    statuses = tuple(row.text_list("statuses"))
    if MEMBER not in statuses:
        row.fail("statuses", f"must include {MEMBER!r}")
    official = tuple(row.optional_text_list("official_languages") or languages)
    for language in official:
        if language not in languages:
            row.fail("official_languages", f"{language!r} is not one of the languages {list(languages)}")
    currency = row.optional_code("currency", CURRENCY) or "USD"
    rules = [] if row.optional_list("decision_rules") is None else row.rows("decision_rules")
    decision_rules = []
    for rule_row in rules:
        decision_rules.append(
            DecisionRule(
                rule_row.known("code", DECISION_RULES),
                rule_row.names("name", languages),
                rule_row.text("source"),
            )
        )
        rule_row.done()
    unique((r.code for r in decision_rules), "organisation.json.decision_rules", "code")
    organisation = Organisation(
        code=row.code("code", ORG_CODE),
        name=row.names("name", languages),
        founded=row.day("founded"),
        languages=languages,
        collation_language=collation_language,
        timezone=timezone,
        secretariat_city=row.names("secretariat_city", languages),
        statuses=statuses,
        sources=tuple(row.text_list("sources")),
        official_languages=official,
        currency=currency,
        decision_rules=tuple(decision_rules),
    )
    row.done()
    return organisation


def _states(data: Any, languages: tuple[str, ...]) -> list[State]:
    states: list[State] = []
    for row in rows_of(data, "states.json"):
        states.append(
            State(
                row.code("code", STATE_CODE),
                row.names("name", languages),
                row.text("source"),
                row.flag("secondary"),
                some_names(row.optional_row("collation"), languages),
            )
        )
        row.done()
    unique((s.code for s in states), "states.json", "code")
    return states


def _statuses(data: Any, organisation: Organisation, state_codes: set[str]) -> list[StatusInterval]:
    intervals: list[StatusInterval] = []
    for row in rows_of(data, "statuses.json"):
        interval = StatusInterval(
            state=row.known("state", state_codes),
            status=row.known("status", organisation.statuses),
            **row.interval(),
        )
        row.done()
        if interval.start < organisation.founded:
            row.fail(
                "start", f"{interval.start} is before the organisation was founded ({organisation.founded})"
            )
        if interval.end is not None and interval.end < interval.start:
            row.fail("end", f"{interval.end} is before the start {interval.start}")
        for other_index, other in enumerate(intervals):
            if other.state == interval.state and overlap(
                other.start, other.end, interval.start, interval.end
            ):
                row.fail("start", f"{interval.state}'s intervals overlap: see statuses.json[{other_index}]")
        intervals.append(interval)
    return intervals


def _bodies(data: Any, languages: tuple[str, ...]) -> list[Body]:
    bodies: list[Body] = []
    for row in rows_of(data, "bodies.json"):
        meets_row = row.optional_row("meets")
        meets = None
        if meets_row is not None:
            meets = Meets(
                meets_row.names("text", languages), meets_row.optional_integer("min_per_year", minimum=0)
            )
            meets_row.done()
        chair_row = row.optional_row("chair")
        chair = None
        term: TermPattern = "between_sessions"
        if chair_row is not None:
            rule = chair_row.known("rule", ("rotation", "follows"))
            target = chair_row.code("rotation" if rule == "rotation" else "body", CODE)
            if rule == "rotation":
                term = cast(TermPattern, chair_row.optional_known("term", TERM_PATTERNS) or term)
            chair_row.done()
            chair = ChairRule(cast(Literal["rotation", "follows"], rule), target)
        bodies.append(
            Body(
                row.code("code", CODE),
                row.names("name", languages),
                meets,
                chair,
                row.text("source"),
                row.flag("secondary"),
                some_names(row.optional_row("abbreviation"), languages),
                term,
            )
        )
        row.done()
    unique((b.code for b in bodies), "bodies.json", "code")
    codes = {b.code for b in bodies}
    for index, body in enumerate(bodies):
        if body.chair is not None and body.chair.code not in codes:
            key = "rotation" if body.chair.rule == "rotation" else "body"
            raise InputError(f"bodies.json[{index}].chair.{key}", f"unknown body {body.chair.code!r}")
    return bodies


def _sessions(
    data: Any, languages: tuple[str, ...], state_codes: set[str], body_codes: set[str]
) -> list[Session]:
    sessions: list[Session] = []
    for row in rows_of(data, "sessions.json"):
        city = row.optional_row("city")
        session = Session(
            body=row.known("body", body_codes),
            number=row.optional_integer("number", minimum=1),
            year=row.integer("year", minimum=1),
            host=row.known("host", state_codes),
            city=None if city is None else city.names_here(languages),
            start=row.optional_day("start"),
            end=row.optional_day("end"),
            status=cast(SessionStatus, row.known("status", ("held", "announced"))),
            regular=row.flag("regular", default=True),
            format=cast(SessionFormat, row.known("format", ("in_person", "video", "hybrid"))),
            source=row.text("source"),
            secondary=row.flag("secondary"),
            approximate=row.flag("approximate"),
        )
        row.done()
        for key, day in (("start", session.start), ("end", session.end)):
            if day is not None and day.year != session.year:
                row.fail(key, f"{day} is not in the session's year {session.year}")
        if session.start is not None and session.end is not None and session.end < session.start:
            row.fail("end", f"{session.end} is before the start {session.start}")
        earlier = [s for s in sessions if s.body == session.body]
        if earlier and session.year < earlier[-1].year:
            row.fail("year", f"{session.body} sessions must be listed in chronological order")
        if session.number is not None and any(s.number == session.number for s in earlier):
            row.fail("number", f"{session.body} already has a session number {session.number}")
        sessions.append(session)
    return sessions


def _chairmanships(data: Any, state_codes: set[str], bodies: tuple[Body, ...]) -> list[Chairmanship]:
    calendar = {
        b.code: b.chair.code
        for b in bodies
        if b.chair is not None and b.chair.rule == "rotation" and b.term == "calendar_year"
    }
    rotations = set(calendar.values())
    chairs: list[Chairmanship] = []
    for row in rows_of(data, "chairmanships.json"):
        chair = Chairmanship(
            rotation=row.known("rotation", rotations),
            year=row.integer("year", minimum=1),
            state=row.known("state", state_codes),
            status=cast(ChairStatus, row.known("status", ("held", "announced", "forgone"))),
            instead_of=None
            if row.optional_text("instead_of") is None
            else row.known("instead_of", state_codes),
            source=row.text("source"),
            secondary=row.flag("secondary"),
        )
        row.done()
        if chair.instead_of == chair.state:
            row.fail("instead_of", "names the chairing state itself")
        if chair.status == "forgone":
            if chair.instead_of is not None:
                row.fail("instead_of", "a forgone turn names only the state that gave it up")
        else:
            for other_index, other in enumerate(chairs):
                if (
                    other.rotation == chair.rotation
                    and other.status != "forgone"
                    and other.year == chair.year
                ):
                    row.fail(
                        "year", f"{chair.year} is already chaired: see chairmanships.json[{other_index}]"
                    )
        chairs.append(chair)
    for index, chair in enumerate(chairs):
        if chair.status == "forgone" and any(
            c.year == chair.year and c.state == chair.state and c.status != "forgone" for c in chairs
        ):
            raise InputError(
                f"chairmanships.json[{index}].state", f"{chair.state} chairs {chair.year} on record"
            )
    return chairs


def _offices(
    row: Row, languages: tuple[str, ...], state_codes: set[str], bodies: tuple[Body, ...]
) -> tuple[Office, ...]:
    chaired = {b.code for b in bodies if b.chair is not None}
    offices: list[Office] = []
    for office_row in row.rows("offices"):
        office = Office(
            code=office_row.code("code", CODE),
            name=office_row.names("name", languages),
            body=office_row.known("body", {b.code for b in bodies}),
            kind=cast(OfficeKind, office_row.known("kind", ("chair", "appointed"))),
            term_years=office_row.optional_integer("term_years", minimum=1),
            renewable=office_row.optional_flag("renewable"),
            rule=office_row.text("rule"),
            source=office_row.text("source"),
            secondary=office_row.flag("secondary"),
        )
        office_row.done()
        if office.kind == "chair" and office.body not in chaired:
            office_row.fail("body", f"{office.body} has no chair rule in bodies.json")
        offices.append(office)
    unique((o.code for o in offices), "offices.json.offices", "code")
    appointed = {o.code for o in offices if o.kind == "appointed"}

    terms: list[OfficeTerm] = []
    for term_row in row.rows("terms"):
        term = OfficeTerm(
            office=term_row.known("office", appointed),
            holder=term_row.names("holder", languages),
            state=term_row.known("state", state_codes),
            **term_row.interval(),
        )
        term_row.done()
        if term.end is not None and term.end < term.start:
            term_row.fail("end", f"{term.end} is before the start {term.start}")
        for other in terms:
            if other.office == term.office and overlap(other.start, other.end, term.start, term.end):
                term_row.fail("start", f"overlaps the {other.office} term from {other.start}")
        terms.append(term)
    row.done()
    return tuple(replace(o, terms=tuple(t for t in terms if t.office == o.code)) for o in offices)

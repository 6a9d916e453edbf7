"""Reference organisations shipped as data (``accord/data/<code>/*.json``), loaded into typed records.

Pure: no Django. Everything organisation-specific lives in the data folder; adding another
organisation (ASEAN, OSCE) means adding a folder with the same six files:

- organisation.json  code, name, founded, languages, collation_language, timezone, secretariat_city,
                     statuses (the status kinds; "member" must be one), sources
- states.json        [{code (ISO 3166-1 alpha-2), name, collation {lang: what the name sorts as,
                      e.g. pinyin for Chinese} | absent, source, secondary}]
- statuses.json      [{state, status, start, end (last day, inclusive; null = ongoing), source, ...}]
- bodies.json        [{code, name, abbreviation {lang: text} (any of the languages) | absent,
                      meets {text {lang: text}, min_per_year} | null, chair | null, source, ...}]
                     chair: {"rule": "rotation", "rotation": BODY} | {"rule": "follows", "body": BODY}
- sessions.json      [{body, number, year, host, city, start, end, status, regular, format, source, ...}],
                     in chronological order per body; dates null while not announced; only
                     regular sessions (the default) hand a rotating chair over
- offices.json       {"offices": [{code, name, body, kind, term_years, renewable, rule, source}],
                      "terms": [{office, holder, state, start, end, source, ...}]}; a "chair" office's
                     terms come from its body's chair rule, an "appointed" office's are listed

Rows with a source may carry "secondary" (the fact was read only in a paraphrase); dated rows
(statuses, sessions, office terms) may carry "approximate" (a date stands in for an unknown exact
one; the source says which). Names are {language: text} for every language of the organisation.
Unknown fields are errors. Errors name the file, row and field: ``sessions.json[3].host``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal, NoReturn, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from accord.core.errors import InputError
from accord.core.rotation import ChairRule, Membership, RecordedSession, Rotation, resolve_chair_rule

MEMBER = "member"  # the status whose holders take part in rotations
FILES = ("organisation.json", "states.json", "statuses.json", "bodies.json", "sessions.json", "offices.json")

Names = Mapping[str, str]
SessionStatus = Literal["held", "announced"]
SessionFormat = Literal["in_person", "video", "hybrid"]
OfficeKind = Literal["chair", "appointed"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STATE_CODE = re.compile(r"[A-Z]{2}")
_CODE = re.compile(r"[A-Z][A-Z0-9_]*")
_ORG_CODE = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Organisation:
    code: str
    name: Names
    founded: date
    languages: tuple[str, ...]
    collation_language: str
    timezone: str
    secretariat_city: Names
    statuses: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class State:
    code: str
    name: Names
    source: str
    secondary: bool
    # What the name sorts as where its script does not say (Chinese: pinyin with tone numbers).
    collation: Names = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class StatusInterval:
    state: str
    status: str
    start: date
    end: date | None  # last day, inclusive
    source: str
    secondary: bool
    approximate: bool


@dataclass(frozen=True)
class Meets:
    text: Names  # how often it meets, in every language of the organisation
    min_per_year: int | None


@dataclass(frozen=True)
class Body:
    code: str
    name: Names
    meets: Meets | None
    chair: ChairRule | None
    source: str
    secondary: bool
    # Short forms where a language uses one (CHS, СГГ).
    abbreviation: Names = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Session:
    body: str
    number: int | None
    year: int
    host: str
    city: Names | None
    start: date | None
    end: date | None
    status: SessionStatus
    regular: bool  # only regular sessions hand the chair over; extraordinary ones do not
    format: SessionFormat
    source: str
    secondary: bool
    approximate: bool


@dataclass(frozen=True)
class OfficeTerm:
    office: str
    holder: Names
    state: str
    start: date
    end: date | None
    source: str
    secondary: bool
    approximate: bool


@dataclass(frozen=True)
class Office:
    code: str
    name: Names
    body: str
    kind: OfficeKind  # "chair": terms come from the body's chair rule; "appointed": terms are listed
    term_years: int | None
    renewable: bool | None
    rule: str
    source: str
    secondary: bool
    terms: tuple[OfficeTerm, ...] = ()  # listed terms of an appointed office, in file order


@dataclass(frozen=True)
class Reference:
    organisation: Organisation
    states: tuple[State, ...]
    statuses: tuple[StatusInterval, ...]
    bodies: tuple[Body, ...]
    sessions: tuple[Session, ...]
    offices: tuple[Office, ...]
    rotations: Mapping[str, Rotation]  # by rotation code (the body whose sessions drive it)

    def rotation_for(self, body_code: str) -> Rotation:
        """The rotation choosing `body_code`'s chair (its own, or the one it follows)."""
        return self.rotations[resolve_chair_rule(self.bodies, body_code)]

    def status_on(self, state: str, day: date) -> StatusInterval | None:
        return next(
            (
                s
                for s in self.statuses
                if s.state == state and s.start <= day and (s.end is None or day <= s.end)
            ),
            None,
        )


def available_references() -> list[str]:
    """Codes of the organisations shipped as data, e.g. ["sco"]."""
    root = resources.files("accord.data")
    return sorted(
        entry.name
        for entry in root.iterdir()
        if entry.is_dir() and entry.joinpath("organisation.json").is_file()
    )


@cache
def load_reference(code: str) -> Reference:
    """Read and validate the reference organisation `code` (a folder of accord/data)."""
    if not _ORG_CODE.fullmatch(code) or code not in available_references():
        raise InputError(
            "org", f"unknown reference organisation {code!r}; available: {available_references()}"
        )
    folder = resources.files("accord.data").joinpath(code)
    documents: dict[str, Any] = {}
    for name in FILES:
        try:
            documents[name] = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(name, "file missing") from None
        except json.JSONDecodeError as error:
            raise InputError(name, f"not valid JSON: {error}") from None
    reference = parse_reference(documents)
    if reference.organisation.code != code:
        raise InputError(
            "organisation.json.code", f"{reference.organisation.code!r} but the folder is {code!r}"
        )
    return reference


def parse_reference(documents: Mapping[str, Any]) -> Reference:
    """Build a validated Reference from the parsed JSON of the six files (keyed by file name)."""
    for name in FILES:
        if name not in documents:
            raise InputError(name, "file missing")
    organisation = _organisation(_Row(documents["organisation.json"], "organisation.json"))
    languages = organisation.languages

    states = tuple(_states(documents["states.json"], languages))
    state_codes = {s.code for s in states}

    statuses = tuple(_statuses(documents["statuses.json"], organisation, state_codes))
    bodies = tuple(_bodies(documents["bodies.json"], languages))
    body_codes = {b.code for b in bodies}
    sessions = tuple(_sessions(documents["sessions.json"], languages, state_codes, body_codes))
    offices = _offices(_Row(documents["offices.json"], "offices.json"), languages, state_codes, bodies)

    rotations: dict[str, Rotation] = {}
    for index, body in enumerate(bodies):
        if body.chair is None:
            continue
        try:
            rotation_code = resolve_chair_rule(bodies, body.code)
        except InputError as error:
            raise InputError(f"bodies.json[{index}].chair", error.message) from None
        if rotation_code not in rotations:
            rotations[rotation_code] = _rotation(rotation_code, organisation, states, statuses, sessions)
    return Reference(organisation, states, statuses, bodies, sessions, offices, MappingProxyType(rotations))


def _rotation(
    code: str,
    organisation: Organisation,
    states: tuple[State, ...],
    statuses: tuple[StatusInterval, ...],
    sessions: tuple[Session, ...],
) -> Rotation:
    return Rotation(
        body=code,
        members=[
            Membership(s.state, s.start, s.end, ref=f"statuses.json[{i}]")
            for i, s in enumerate(statuses)
            if s.status == MEMBER
        ],
        names={s.code: s.name[organisation.collation_language] for s in states},
        language=organisation.collation_language,
        sessions=[
            RecordedSession(s.host, s.start, s.end, ref=f"sessions.json[{i}]")
            for i, s in enumerate(sessions)
            if s.body == code and s.regular
        ],
    )


def _organisation(row: _Row) -> Organisation:
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
    organisation = Organisation(
        code=row.code("code", _ORG_CODE),
        name=row.names("name", languages),
        founded=row.day("founded"),
        languages=languages,
        collation_language=collation_language,
        timezone=timezone,
        secretariat_city=row.names("secretariat_city", languages),
        statuses=statuses,
        sources=tuple(row.text_list("sources")),
    )
    row.done()
    return organisation


def _states(data: Any, languages: tuple[str, ...]) -> list[State]:
    states: list[State] = []
    for row in _rows(data, "states.json"):
        states.append(
            State(
                row.code("code", _STATE_CODE),
                row.names("name", languages),
                row.text("source"),
                row.flag("secondary"),
                _some_names(row.optional_row("collation"), languages),
            )
        )
        row.done()
    _unique((s.code for s in states), "states.json", "code")
    return states


def _statuses(data: Any, organisation: Organisation, state_codes: set[str]) -> list[StatusInterval]:
    intervals: list[StatusInterval] = []
    for row in _rows(data, "statuses.json"):
        interval = StatusInterval(
            state=row.known("state", state_codes),
            status=row.known("status", organisation.statuses),
            start=row.day("start"),
            end=row.optional_day("end"),
            source=row.text("source"),
            secondary=row.flag("secondary"),
            approximate=row.flag("approximate"),
        )
        row.done()
        if interval.start < organisation.founded:
            row.fail(
                "start", f"{interval.start} is before the organisation was founded ({organisation.founded})"
            )
        if interval.end is not None and interval.end < interval.start:
            row.fail("end", f"{interval.end} is before the start {interval.start}")
        for other_index, other in enumerate(intervals):
            if other.state == interval.state and _overlap(
                other.start, other.end, interval.start, interval.end
            ):
                row.fail("start", f"{interval.state}'s intervals overlap: see statuses.json[{other_index}]")
        intervals.append(interval)
    return intervals


def _bodies(data: Any, languages: tuple[str, ...]) -> list[Body]:
    bodies: list[Body] = []
    for row in _rows(data, "bodies.json"):
        meets_row = row.optional_row("meets")
        meets = None
        if meets_row is not None:
            meets = Meets(
                meets_row.names("text", languages), meets_row.optional_integer("min_per_year", minimum=0)
            )
            meets_row.done()
        chair_row = row.optional_row("chair")
        chair = None
        if chair_row is not None:
            rule = chair_row.known("rule", ("rotation", "follows"))
            target = chair_row.code("rotation" if rule == "rotation" else "body", _CODE)
            chair_row.done()
            chair = ChairRule(cast(Literal["rotation", "follows"], rule), target)
        bodies.append(
            Body(
                row.code("code", _CODE),
                row.names("name", languages),
                meets,
                chair,
                row.text("source"),
                row.flag("secondary"),
                _some_names(row.optional_row("abbreviation"), languages),
            )
        )
        row.done()
    _unique((b.code for b in bodies), "bodies.json", "code")
    codes = {b.code for b in bodies}
    for index, body in enumerate(bodies):
        if body.chair is not None and body.chair.code not in codes:
            key = "rotation" if body.chair.rule == "rotation" else "body"
            raise InputError(f"bodies.json[{index}].chair.{key}", f"unknown body {body.chair.code!r}")
    return bodies


def _some_names(row: _Row | None, languages: tuple[str, ...]) -> Names:
    """Texts for some of the languages (none required), e.g. abbreviations only some languages use."""
    if row is None:
        return MappingProxyType({})
    names = {language: row.optional_text(language) for language in languages}
    row.done()
    return MappingProxyType({language: text for language, text in names.items() if text is not None})


def _sessions(
    data: Any, languages: tuple[str, ...], state_codes: set[str], body_codes: set[str]
) -> list[Session]:
    sessions: list[Session] = []
    for row in _rows(data, "sessions.json"):
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


def _offices(
    row: _Row, languages: tuple[str, ...], state_codes: set[str], bodies: tuple[Body, ...]
) -> tuple[Office, ...]:
    chaired = {b.code for b in bodies if b.chair is not None}
    offices: list[Office] = []
    for office_row in row.rows("offices"):
        office = Office(
            code=office_row.code("code", _CODE),
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
    _unique((o.code for o in offices), "offices.json.offices", "code")
    appointed = {o.code for o in offices if o.kind == "appointed"}

    terms: list[OfficeTerm] = []
    for term_row in row.rows("terms"):
        term = OfficeTerm(
            office=term_row.known("office", appointed),
            holder=term_row.names("holder", languages),
            state=term_row.known("state", state_codes),
            start=term_row.day("start"),
            end=term_row.optional_day("end"),
            source=term_row.text("source"),
            secondary=term_row.flag("secondary"),
            approximate=term_row.flag("approximate"),
        )
        term_row.done()
        if term.end is not None and term.end < term.start:
            term_row.fail("end", f"{term.end} is before the start {term.start}")
        for other in terms:
            if other.office == term.office and _overlap(other.start, other.end, term.start, term.end):
                term_row.fail("start", f"overlaps the {other.office} term from {other.start}")
        terms.append(term)
    row.done()
    return tuple(replace(o, terms=tuple(t for t in terms if t.office == o.code)) for o in offices)


def _overlap(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)


def _unique(codes: Iterable[str], where: str, key: str) -> None:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            raise InputError(f"{where}[{index}].{key}", f"duplicate {code!r}")
        seen.add(code)


def _rows(data: Any, where: str) -> list[_Row]:
    if not isinstance(data, list):
        raise InputError(where, "expected a JSON array")
    return [_Row(item, f"{where}[{index}]") for index, item in enumerate(data)]


class _Row:
    """One JSON object; typed accessors name the failing field. done() rejects unknown keys."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise InputError(path, "expected a JSON object")
        self._data: dict[str, Any] = data
        self._path = path
        self._read: set[str] = set()

    def fail(self, key: str, message: str) -> NoReturn:
        raise InputError(f"{self._path}.{key}", message)

    def done(self) -> None:
        for key in self._data:
            if key not in self._read:
                self.fail(key, "unknown field")

    def _get(self, key: str, check: Callable[[Any], bool], expected: str, *, optional: bool = False) -> Any:
        self._read.add(key)
        if key not in self._data:
            if optional:
                return None
            self.fail(key, "missing")
        value = self._data[key]
        if value is None and optional:
            return None
        if not check(value):
            self.fail(key, f"expected {expected}, got {json.dumps(value, ensure_ascii=False)}")
        return value

    def text(self, key: str) -> str:
        return cast(
            str, self._get(key, lambda v: isinstance(v, str) and v.strip() != "", "a non-empty string")
        )

    def optional_text(self, key: str) -> str | None:
        value = self._get(
            key, lambda v: isinstance(v, str) and v.strip() != "", "a non-empty string", optional=True
        )
        return cast(str | None, value)

    def text_list(self, key: str) -> list[str]:
        def is_texts(value: Any) -> bool:
            return isinstance(value, list) and all(isinstance(v, str) and v for v in value)

        return cast(list[str], self._get(key, is_texts, "a list of non-empty strings"))

    def code(self, key: str, pattern: re.Pattern[str]) -> str:
        return cast(
            str, self._get(key, lambda v: isinstance(v, str) and bool(pattern.fullmatch(v)), pattern.pattern)
        )

    def known(self, key: str, allowed: Collection[str]) -> str:
        value = self._get(key, lambda v: isinstance(v, str), "a string")
        if value not in allowed:
            self.fail(key, f"unknown {key} {value!r}")
        return cast(str, value)

    def flag(self, key: str, *, default: bool = False) -> bool:
        value = self._get(key, lambda v: isinstance(v, bool), "true or false", optional=True)
        return default if value is None else cast(bool, value)

    def optional_flag(self, key: str) -> bool | None:
        return cast(
            "bool | None", self._get(key, lambda v: isinstance(v, bool), "true or false", optional=True)
        )

    def integer(self, key: str, *, minimum: int) -> int:
        value = self.optional_integer(key, minimum=minimum)
        if value is None:
            self.fail(key, "missing")
        return value

    def optional_integer(self, key: str, *, minimum: int) -> int | None:
        def is_integer(value: Any) -> bool:
            return isinstance(value, int) and not isinstance(value, bool) and value >= minimum

        return cast("int | None", self._get(key, is_integer, f"an integer >= {minimum}", optional=True))

    def day(self, key: str) -> date:
        value = self.optional_day(key)
        if value is None:
            self.fail(key, "missing")
        return value

    def optional_day(self, key: str) -> date | None:
        value = self._get(
            key, lambda v: isinstance(v, str) and bool(_DATE.fullmatch(v)), "YYYY-MM-DD", optional=True
        )
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(key, f"{value!r} is not a calendar date")

    def names(self, key: str, languages: tuple[str, ...]) -> Names:
        row = self.optional_row(key)
        if row is None:
            self.fail(key, "missing")
        return row.names_here(languages)

    def names_here(self, languages: tuple[str, ...]) -> Names:
        names = {language: self.text(language) for language in languages}
        self.done()
        return MappingProxyType(names)

    def optional_row(self, key: str) -> _Row | None:
        value = self._get(key, lambda v: isinstance(v, dict), "an object", optional=True)
        return None if value is None else _Row(value, f"{self._path}.{key}")

    def rows(self, key: str) -> list[_Row]:
        self._read.add(key)
        if key not in self._data:
            self.fail(key, "missing")
        return _rows(self._data[key], f"{self._path}.{key}")

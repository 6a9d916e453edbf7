"""The typed records of a reference organisation, as read from its data folder."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Literal

from accord.core.rotation import ChairRule, Rotation, TermPattern, resolve_chair_rule

MEMBER = "member"  # the status whose holders take part in rotations
# The files every organisation has; OPTIONAL_FILES may be absent (read as an empty list).
FILES = ("organisation.json", "states.json", "statuses.json", "bodies.json", "sessions.json", "offices.json")
OPTIONAL_FILES = ("chairmanships.json",)

Names = Mapping[str, str]
SessionStatus = Literal["held", "announced"]
SessionFormat = Literal["in_person", "video", "hybrid"]
OfficeKind = Literal["chair", "appointed"]
ChairStatus = Literal["held", "announced", "forgone"]
# The decision rules the negotiation engine knows; an organisation may name them its own way.
DECISION_RULES = ("consensus", "consensus_minus_one", "interested_members")


@dataclass(frozen=True)
class DecisionRule:
    code: str  # one of DECISION_RULES
    name: Names  # what the organisation calls it ("ASEAN minus X" for interested_members)
    source: str


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
    official_languages: tuple[str, ...] = ()  # defaults to `languages`
    currency: str = "USD"  # what dashboards total amounts in (ISO 4217)
    decision_rules: tuple[DecisionRule, ...] = ()


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
    # How its own rotation's terms are cut (only for chair rule "rotation").
    term: TermPattern = "between_sessions"


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
class Chairmanship:
    """A state chairing a calendar-year rotation for a year (held or announced), or giving up its turn."""

    rotation: str
    year: int
    state: str
    status: ChairStatus
    instead_of: str | None  # whose turn it was by the alphabetical rule, when the record departs from it
    source: str
    secondary: bool


@dataclass(frozen=True)
class Reference:
    organisation: Organisation
    states: tuple[State, ...]
    statuses: tuple[StatusInterval, ...]
    bodies: tuple[Body, ...]
    sessions: tuple[Session, ...]
    offices: tuple[Office, ...]
    rotations: Mapping[str, Rotation]  # by rotation code (the body whose sessions drive it)
    chairmanships: tuple[Chairmanship, ...] = ()

    def rotation_for(self, body_code: str) -> Rotation:
        """The rotation choosing `body_code`'s chair (its own, or the one it follows)."""
        return self.rotations[resolve_chair_rule(self.bodies, body_code)]


"""Rotating chairmanships: who chairs a body on a given day, from the record or by forecast.

Generic on purpose: an organisation's rotation is data (membership intervals, state names in the
language whose alphabet sets the order, recorded sessions). No organisation is a special case here.

The rule (SCO Charter Art. 5 is one instance):
- a term runs from the day after one regular session ends to the last day of the next one, and is
  chaired by that next session's host; the first recorded session's term starts on its first day;
- recorded sessions always win over the alphabetical default ("generally" in the Charter);
- a recorded session without a date (announced host, no date yet) is estimated to end on the
  anniversary of the previous session's last day; read "as of" a day (normally today), the undated
  sessions after the last dated one are not held yet, so the first of them ends no earlier than that
  day (the announced host goes on chairing until the Secretariat records the session's date);
- after the record, the chair passes in alphabetical order of names to the next state that is a
  member for the whole term, one session a year on the anniversary of the previous last day.

A rotation whose terms are calendar years (ASEAN Charter Art. 31) takes its record from recorded
chairmanships (state and year) instead of sessions: each term is 1 January to 31 December, recorded
years must follow each other without a gap, and after them the chair passes in alphabetical order one
year at a time. Departures from the order (a swap, a skipped turn, an announced chair) are simply the
record: the rule resumes from the last recorded holder.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice
from typing import Literal, Protocol

from accord.core.errors import InputError

Basis = Literal["recorded", "forecast"]
# How a rotation's terms are cut: from one recorded session to the next (SCO), or calendar years (ASEAN).
TermPattern = Literal["between_sessions", "calendar_year"]
TERM_PATTERNS: tuple[TermPattern, ...] = ("between_sessions", "calendar_year")
# Terms after the current one that the API and the CLI list: half a century of a yearly chair.
MAX_FORECAST = 50
_DAY = timedelta(days=1)

# --- collation ------------------------------------------------------------------------------------
#
# Why not PyICU: it needs the ICU C++ library (and a compiler where no wheel fits), and the quick
# start must work on a fresh machine with only Python. The rotation needs one alphabet done right:
# Russian, whose letters are already in code-point order except YO, which sorts with IE and differs
# from it only at the secondary level (CLDR, ISO 14651). Tests cross-check with ICU where installed.

CollationKey = tuple[tuple[tuple[int, str], ...], str, tuple[bool, ...], str]


@dataclass(frozen=True)
class _Tailoring:
    """How a language's alphabet departs from plain code-point order."""

    script: tuple[int, int]  # code points of the language's own letters; they sort before other letters
    secondary: Mapping[str, str]  # letter -> base letter it sorts with (differing only at level 2)


_TAILORINGS: Mapping[str, _Tailoring] = {
    "ru": _Tailoring(
        script=(0x0400, 0x04FF), secondary={"\N{CYRILLIC SMALL LETTER IO}": "\N{CYRILLIC SMALL LETTER IE}"}
    ),
}


def collation_key(name: str, language: str) -> CollationKey:
    """Sort key giving dictionary order of `name` in `language`.

    Levels as in the Unicode Collation Algorithm: letters (case-insensitive; Russian YO counts as IE),
    then secondary differences (IE before YO), then case (lower before upper), then the exact string.
    Languages without a tailoring fall back to case-folded code-point order.
    """
    text = unicodedata.normalize("NFC", name)
    folded = text.casefold()
    tailoring = _TAILORINGS.get(language.split("-", maxsplit=1)[0].lower())
    if tailoring is None:
        primary = tuple((0, ch) for ch in folded)
    else:
        low, high = tailoring.script
        primary = tuple(
            (
                # ICU's default script order: spaces and punctuation, digits, own script, other scripts.
                0 if not ch.isalnum() else 1 if ch.isdigit() else 2 if low <= ord(ch) <= high else 3,
                tailoring.secondary.get(ch, ch),
            )
            for ch in folded
        )
    return primary, folded, tuple(ch.isupper() for ch in text), text


# --- rotation data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Membership:
    """A state's membership interval; `end` is the last day (inclusive), None while it lasts."""

    state: str
    start: date
    end: date | None = None
    ref: str = ""  # where the row came from (e.g. "statuses.json[4]"), to name it in errors


@dataclass(frozen=True)
class RecordedSession:
    """A regular session on record: its host chairs the term the session ends. Dates may be unknown."""

    host: str
    start: date | None = None
    end: date | None = None
    ref: str = ""


@dataclass(frozen=True)
class RecordedChair:
    """A chairmanship on record for a calendar year (rotations with calendar-year terms)."""

    holder: str
    year: int
    ref: str = ""


@dataclass(frozen=True)
class Term:
    holder: str
    start: date
    end: date
    basis: Basis
    end_estimated: bool  # the end is an estimate: a forecast, or a recorded session not yet dated
    session_index: int | None  # index into Rotation.sessions (or .chairs) for recorded terms


@dataclass(frozen=True)
class Rotation:
    """One rotating chair (e.g. the SCO CHS), validated on construction."""

    body: str
    members: Sequence[Membership]
    names: Mapping[str, str]  # state -> name in `language`, which sets the alphabetical order
    language: str
    sessions: Sequence[RecordedSession] = ()
    term: TermPattern = "between_sessions"
    chairs: Sequence[RecordedChair] = ()  # the record of a calendar-year rotation, in year order
    _spans: Mapping[str, tuple[tuple[date, date | None], ...]] = field(init=False, repr=False, compare=False)
    _order: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _recorded: tuple[Term, ...] = field(init=False, repr=False, compare=False)
    _ends: tuple[date, ...] = field(init=False, repr=False, compare=False)
    _pending: int = field(init=False, repr=False, compare=False)  # first of the trailing undated terms

    def __post_init__(self) -> None:
        object.__setattr__(self, "members", tuple(self.members))
        object.__setattr__(self, "sessions", tuple(self.sessions))
        object.__setattr__(self, "chairs", tuple(self.chairs))
        if self.term not in TERM_PATTERNS:
            raise InputError("term", f"{self.term!r} is not one of {list(TERM_PATTERNS)}")
        object.__setattr__(self, "_spans", _membership_spans(self.members))
        for index, membership in enumerate(self.members):
            if not self.names.get(membership.state):
                where = membership.ref or f"members[{index}]"
                raise InputError("names", f"no name for {membership.state} ({where}) in {self.language!r}")
        order = sorted(
            self._spans, key=lambda state: (collation_key(self.names[state], self.language), state)
        )
        object.__setattr__(self, "_order", tuple(order))
        recorded = self._recorded_years() if self.term == "calendar_year" else self._recorded_terms()
        object.__setattr__(self, "_recorded", recorded)
        object.__setattr__(self, "_ends", tuple(term.end for term in recorded))
        pending = len(recorded)
        while (
            self.term == "between_sessions"
            and pending
            and self.sessions[pending - 1].start is None
            and self.sessions[pending - 1].end is None
        ):
            pending -= 1
        object.__setattr__(self, "_pending", pending)

    def is_member(self, state: str, start: date, end: date) -> bool:
        """Whether `state` is a member on every day from `start` to `end`."""
        return any(s <= start and (e is None or end <= e) for s, e in self._spans.get(state, ()))

    def _recorded_terms(self) -> tuple[Term, ...]:
        if not self.sessions:
            raise InputError("sessions", f"{self.body}: no recorded session, so no term can start")
        terms: list[Term] = []
        for index, session in enumerate(self.sessions):
            where = session.ref or f"sessions[{index}]"
            first, last = session.start or session.end, session.end or session.start
            estimated = False
            if first is None or last is None:
                if not terms:
                    raise InputError(
                        f"{where}.start", "the first recorded session needs a date: terms start there"
                    )
                first = last = self._estimated_end(index, terms[-1].end, where)
                estimated = True
            elif last < first:
                raise InputError(f"{where}.end", f"{last} is before the start {first}")
            elif terms and first <= terms[-1].end:
                raise InputError(
                    f"{where}.start",
                    f"{first} is not after the previous session's last day {terms[-1].end} "
                    "(sessions must be in chronological order and not overlap)",
                )
            start = terms[-1].end + _DAY if terms else first
            if not self.is_member(session.host, start, last):
                raise InputError(
                    f"{where}.host", f"{session.host} is not a member for its whole term {start} to {last}"
                )
            terms.append(Term(session.host, start, last, "recorded", estimated, index))
        return tuple(terms)

    def _recorded_years(self) -> tuple[Term, ...]:
        if not self.chairs:
            raise InputError("chairs", f"{self.body}: no recorded chairmanship, so no term can start")
        terms: list[Term] = []
        for index, chair in enumerate(self.chairs):
            where = chair.ref or f"chairs[{index}]"
            if not date.min.year <= chair.year < date.max.year:
                raise InputError(f"{where}.year", f"{chair.year} is out of range")
            if terms and chair.year != terms[-1].end.year + 1:
                raise InputError(
                    f"{where}.year",
                    f"{chair.year} does not follow {terms[-1].end.year}: recorded years must be "
                    "consecutive, in order",
                )
            start, end = date(chair.year, 1, 1), date(chair.year, 12, 31)
            if not self.is_member(chair.holder, start, end):
                raise InputError(
                    f"{where}.state", f"{chair.holder} is not a member for its whole term {start} to {end}"
                )
            terms.append(Term(chair.holder, start, end, "recorded", False, index))
        return tuple(terms)

    def _estimated_end(self, index: int, previous_end: date, where: str) -> date:
        """Anniversary of the previous session, kept early enough to leave each undated session up to
        the next dated one a day of its own before that dated session."""
        estimate = _anniversary(previous_end)
        for ahead, session in enumerate(self.sessions[index + 1 :], start=1):
            next_first = session.start or session.end
            if next_first is not None:
                estimate = min(estimate, next_first - _DAY * ahead)
                break
        if estimate <= previous_end:
            raise InputError(
                f"{where}.start", "no day left for this undated session before the next dated one"
            )
        return estimate

    def _following(self, previous: Term) -> Term:
        """The forecast term after `previous`: next state in alphabetical order that can chair it."""
        if self.term == "calendar_year":
            if previous.end.year == date.max.year:
                raise InputError("day", "beyond the last supported year (9999)")
            start, end = previous.end + _DAY, date(previous.end.year + 1, 12, 31)
        else:
            start, end = previous.end + _DAY, _anniversary(previous.end)
        at = self._order.index(previous.holder)
        for step in range(1, len(self._order) + 1):
            candidate = self._order[(at + step) % len(self._order)]
            if self.is_member(candidate, start, end):
                # A calendar year's end is known even in a forecast; only its holder is not.
                return Term(candidate, start, end, "forecast", self.term == "between_sessions", None)
        raise InputError("members", f"{self.body}: no state is a member for the whole term {start} to {end}")

    def _record(self, as_of: date | None) -> tuple[tuple[Term, ...], tuple[date, ...]]:
        """The recorded terms read on `as_of`: undated sessions after the last dated one have not been
        held before that day, so the first of them ends on it at the earliest, the next a year later."""
        pending = self._recorded[self._pending :]
        if as_of is None or not pending or pending[0].end >= as_of:
            return self._recorded, self._ends
        terms = list(self._recorded[: self._pending])
        for index, term in enumerate(pending):
            start = terms[-1].end + _DAY
            end = max(as_of, _anniversary(terms[-1].end)) if index == 0 else _anniversary(terms[-1].end)
            if not self.is_member(term.holder, start, end):
                if index == 0:
                    return self._recorded, self._ends  # the host's membership ends first: keep the estimate
                break  # the rule takes over after the last announced host that can still chair
            terms.append(Term(term.holder, start, end, "recorded", True, term.session_index))
        return tuple(terms), tuple(term.end for term in terms)

    def _terms_from(self, day: date, as_of: date | None = None) -> Iterator[Term]:
        """The term containing `day`, then every later term (forecast without end)."""
        first = self._recorded[0]
        if day < first.start:
            what = "chairmanship" if self.term == "calendar_year" else "session"
            raise InputError(
                "day", f"{day} is before the first recorded {what} of {self.body} ({first.start}): no record"
            )
        recorded, ends = self._record(as_of)
        yield from recorded[bisect.bisect_left(ends, day) :]
        term = recorded[-1]
        while True:
            term = self._following(term)
            if term.end >= day:
                yield term


def _membership_spans(members: Sequence[Membership]) -> dict[str, tuple[tuple[date, date | None], ...]]:
    """Per state, its membership intervals sorted and merged when they touch; overlaps are errors."""
    by_state: dict[str, list[tuple[int, Membership]]] = {}
    for index, membership in enumerate(members):
        where = membership.ref or f"members[{index}]"
        if membership.end is not None and membership.end < membership.start:
            raise InputError(f"{where}.end", f"{membership.end} is before the start {membership.start}")
        by_state.setdefault(membership.state, []).append((index, membership))
    spans: dict[str, tuple[tuple[date, date | None], ...]] = {}
    for state, rows in by_state.items():
        rows.sort(key=lambda row: row[1].start)
        merged: list[tuple[date, date | None]] = []
        for index, membership in rows:
            if merged:
                start, end = merged[-1]
                if end is None or membership.start <= end:
                    where = membership.ref or f"members[{index}]"
                    raise InputError(
                        f"{where}.start", f"{state}'s membership overlaps another interval of it"
                    )
                if membership.start == end + _DAY:
                    merged[-1] = (start, membership.end)
                    continue
            merged.append((membership.start, membership.end))
        spans[state] = tuple(merged)
    return spans


def _anniversary(day: date) -> date:
    """Same day next year; 29 February becomes 28 February."""
    if day.year == date.max.year:
        raise InputError("day", "beyond the last supported year (9999)")
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


# --- queries --------------------------------------------------------------------------------------


# `as_of` is the day the record is read on (the application passes today): without it, an undated
# announced session is taken to end on its anniversary estimate even when that day has passed.


def chair_on(rotation: Rotation, day: date, as_of: date | None = None) -> Term:
    """The term containing `day`. InputError before the first recorded session."""
    return next(rotation._terms_from(day, as_of))


def recorded_terms(rotation: Rotation, as_of: date | None = None) -> tuple[Term, ...]:
    """The terms the record decides, in order; the one at position i ends at recorded session i
    (fewer when an announced host's membership ends before its undated session)."""
    return rotation._record(as_of)[0]


def terms_between(rotation: Rotation, start: date, end: date, as_of: date | None = None) -> list[Term]:
    """Every term overlapping the days from `start` to `end` (inclusive), in order."""
    if end < start:
        raise InputError("end", f"{end} is before the start {start}")
    terms: list[Term] = []
    for term in rotation._terms_from(start, as_of):
        if term.start > end:
            break
        terms.append(term)
    return terms


def forecast(rotation: Rotation, day: date, n: int, as_of: date | None = None) -> list[Term]:
    """The term containing `day` and the `n` terms after it."""
    if n < 0:
        raise InputError("n", f"must be 0 or more, not {n}")
    return list(islice(rotation._terms_from(day, as_of), n + 1))


# --- bodies chaired by another body's rotation ----------------------------------------------------


@dataclass(frozen=True)
class ChairRule:
    """How a body's chair is chosen: its own `rotation` (code names the rotation), or it `follows`
    another body's chair (code names that body), as the SCO CMFA and CNC follow the CHS."""

    rule: Literal["rotation", "follows"]
    code: str


class ChairedBody(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def chair(self) -> ChairRule | None: ...


def resolve_chair_rule(bodies: Iterable[ChairedBody], body_code: str) -> str:
    """The code of the rotation that chooses `body_code`'s chair, following "follows" rules."""
    rules = {body.code: body.chair for body in bodies}
    path = [body_code]
    while True:
        code = path[-1]
        if code not in rules:
            raise InputError("body", f"unknown body {code!r}")
        rule = rules[code]
        if rule is None:
            raise InputError("body", f"{code} has no rotating chair")
        if rule.rule == "rotation":
            return rule.code
        if rule.code in path:
            raise InputError(
                "body", "chair rules follow each other in a circle: " + " -> ".join([*path, rule.code])
            )
        path.append(rule.code)

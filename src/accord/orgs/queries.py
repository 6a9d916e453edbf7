"""Reads for the organisation: each function runs a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404

from accord.base import clock
from accord.core import rotation as rot
from accord.core.errors import InputError
from accord.core.reference import load_reference

from .models import (
    Affiliation,
    AffiliationKind,
    Body,
    Chairmanship,
    ChairRule,
    Office,
    Organisation,
    Person,
    Session,
    State,
    Status,
    StatusKind,
    Term,
    TermPattern,
    active_language,
)
from .permissions import Actor


def organisation(code: str) -> Organisation:
    o = find_organisation(code)
    if o is None:
        raise Http404(f"no organisation {code!r}")
    return o


def find_organisation(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code).first()


def statuses_on(org: Organisation, day: date) -> dict[str, list[State]]:
    """States by status kind on a date (one query)."""
    out: dict[str, list[State]] = {k: [] for k in StatusKind.values}
    for st in Status.objects.filter(Status.on(day), organisation=org).select_related("state"):
        out[st.kind].append(st.state)
    for states in out.values():
        states.sort(key=lambda s: s.sort_key)
    return out


@dataclass(frozen=True)
class ChairView:
    body: Body
    rotation_body: str
    term: rot.Term
    state: State

    @property
    def awaiting_session(self) -> bool:
        """The term ends at a session on record whose date is not: its end is only an estimate."""
        return self.term.basis == "recorded" and self.term.end_estimated


class Rotations:
    """The chair rotations of one organisation's bodies.

    Built from the database (the live record the Secretariat maintains) or, where nothing is loaded yet,
    from the shipped reference data; both give the same core Rotation objects. The record is read as of
    today: an announced session not yet dated has not been held, so its host still chairs.
    """

    def __init__(
        self,
        org: Organisation,
        bodies: dict[str, Body],
        states: dict[str, State],
        rotations: dict[str, rot.Rotation],
    ):
        self.org = org
        self.bodies = bodies
        self.states = states
        self.rotations = rotations
        self.as_of = clock.today()
        # Database session pk -> (body, its rotation, position among the rotation's recorded sessions),
        # when built from the database.
        self.session_positions: dict[int, tuple[str, str, int]] = {}
        self._chairs: dict[date, dict[str, str]] = {}

    # (organisation pk, its roster, today) -> rotations built from the database: a process's copy, for reads.
    _kept: dict[tuple[int, str, date], Rotations] = {}

    @classmethod
    def of(cls, org: Organisation) -> Rotations:
        """The rotations for reading: this process's copy while the organisation's roster is the one it was
        built for (on the same day), else freshly built. `org` as loaded by the request is current enough:
        a change made after it was loaded shows on the next request. Writes use from_db."""
        return _kept_for_roster(cls._kept, (org.pk, org.roster, clock.today()), lambda: cls.from_db(org))

    @classmethod
    def from_db(cls, org: Organisation) -> Rotations:
        """Four queries: bodies, member statuses, regular sessions, recorded chairmanships."""

        bodies = {b.code: b for b in Body.objects.filter(organisation=org)}
        statuses = list(
            Status.objects.filter(organisation=org, kind=StatusKind.MEMBER).select_related("state")
        )
        states = {s.state.code: s.state for s in statuses}
        lang = org.collation_language
        # What each name sorts as in the rotation's language, as the files' reading does.
        names = {
            s.state.code: s.state.collation.get(lang)
            or getattr(s.state, f"name_{lang}", "")
            or s.state.name_en
            for s in statuses
        }
        memberships = tuple(rot.Membership(s.state.code, s.start, s.end) for s in statuses)
        sessions: dict[str, list[rot.RecordedSession]] = {}
        positions: dict[int, tuple[str, int]] = {}
        for s in (
            Session.objects.filter(organisation=org, regular=True, host__isnull=False)
            .select_related("body", "host")
            # A session not yet dated comes after the dated ones of its year, on every database.
            .order_by("year", F("start").asc(nulls_last=True), "pk")
        ):
            recorded = sessions.setdefault(s.body.code, [])
            positions[s.pk] = (s.body.code, len(recorded))
            recorded.append(rot.RecordedSession(s.host.code, s.start, s.end))
        chairs: dict[str, list[rot.RecordedChair]] = {}
        for c in (
            Chairmanship.objects.filter(organisation=org)
            .exclude(status="forgone")
            .select_related("state")
            .order_by("year")
        ):
            chairs.setdefault(c.rotation, []).append(rot.RecordedChair(c.state.code, c.year))
            states.setdefault(c.state.code, c.state)
        rotations = {}
        for code, b in bodies.items():
            if b.chair_rule != ChairRule.ROTATION:
                continue
            calendar = b.chair_term == TermPattern.CALENDAR_YEAR
            rotation_code = b.chair_source or code
            rotations[rotation_code] = rot.Rotation(
                body=rotation_code,
                members=memberships,
                names=names,
                language=lang,
                sessions=() if calendar else tuple(sessions.get(code, ())),
                term=b.chair_term,
                chairs=tuple(chairs.get(rotation_code, ())),
            )
        built = cls(org, bodies, states, rotations)
        # Only a rotating body's own regular sessions are the sessions of its rotation.
        built.session_positions = {
            pk: (code, bodies[code].chair_source or code, index)
            for pk, (code, index) in positions.items()
            if code in bodies
            and bodies[code].chair_rule == ChairRule.ROTATION
            and bodies[code].chair_term == TermPattern.BETWEEN_SESSIONS
        }
        return built

    @classmethod
    def from_reference(cls, code: str) -> Rotations:
        """From the shipped data files, without a database (unsaved model instances carry the names)."""
        ref = load_reference(code)
        o = ref.organisation
        org = Organisation(
            code=o.code,
            founded=o.founded,
            collation_language=o.collation_language,
            timezone=o.timezone,
            official_languages=list(o.official_languages),
            currency=o.currency,
            decision_rules={r.code: dict(r.name) for r in o.decision_rules},
            **_names(o.name),
        )
        states = {s.code: State(code=s.code, **_names(s.name)) for s in ref.states}
        bodies = {}
        for i, b in enumerate(ref.bodies):
            rule = ChairRule(b.chair.rule) if b.chair else ChairRule.NONE
            bodies[b.code] = Body(
                code=b.code,
                chair_rule=rule,
                chair_source=b.chair.code if b.chair else "",
                chair_term=b.term,
                order=i,
                **_names(b.name),
            )
        return cls(org, bodies, states, dict(ref.rotations))

    def default_body(self) -> str:
        """The body asked about when none is named: the first, in the files' order, with its own rotation."""
        chaired = [b for b in self.bodies.values() if b.chair_rule == ChairRule.ROTATION]
        if not chaired:
            raise InputError("body", f"{self.org.code} has no body with a rotating chair")
        return min(chaired, key=lambda b: (b.order, b.code)).code

    def rotation_body(self, body_code: str) -> str:
        """The body whose rotation decides this body's chair (a body may follow another's chair)."""
        seen = set()
        code = body_code
        while True:
            body = self.bodies.get(code)
            if body is None:
                raise InputError("body", f"unknown body {body_code!r} in {self.org.code}")
            if body.chair_rule == ChairRule.ROTATION:
                return body.chair_source or code
            if body.chair_rule != ChairRule.FOLLOWS or code in seen:
                raise InputError("body", f"{body_code} has no rotating chair")
            seen.add(code)
            code = body.chair_source

    def chair_on(self, body_code: str, day: date) -> ChairView:
        code = self.rotation_body(body_code)
        if day < self.org.founded:
            raise InputError(
                "on", f"{day.isoformat()} is before {self.org.code} existed ({self.org.founded})"
            )
        term = rot.chair_on(self.rotations[code], day, self.as_of)
        return ChairView(self.bodies[body_code], code, term, self.states[term.holder])

    def forecast(self, body_code: str, day: date, n: int) -> list[ChairView]:
        code = self.rotation_body(body_code)
        if day < self.org.founded:
            raise InputError(
                "on", f"{day.isoformat()} is before {self.org.code} existed ({self.org.founded})"
            )
        return [
            ChairView(self.bodies[body_code], code, t, self.states[t.holder])
            for t in rot.forecast(self.rotations[code], day, n, self.as_of)
        ]

    def term_ended_by(self, session_pk: int) -> ChairView | None:
        """The term that a recorded regular session ends (its host's), dated or not; None for others."""
        if session_pk not in self.session_positions:
            return None
        body, code, index = self.session_positions[session_pk]
        terms = rot.recorded_terms(self.rotations[code], self.as_of)
        if index >= len(terms):
            return None
        term = terms[index]
        return ChairView(self.bodies[body], code, term, self.states[term.holder])

    def chairs_on(self, day: date) -> dict[str, str]:
        """Body code -> state code chairing it on `day`, for every body with a chair (kept: a copy from
        Rotations.of answers every request of the day)."""
        if day in self._chairs:
            return dict(self._chairs[day])
        out = {}
        for code, body in self.bodies.items():
            if body.chair_rule == ChairRule.NONE:
                continue
            try:
                out[code] = self.chair_on(code, day).term.holder
            except InputError:
                continue
        self._chairs[day] = out
        return dict(out)


def organisations() -> list[Organisation]:
    """Every organisation loaded, for the landing page and the switcher."""
    return list(Organisation.objects.order_by("code"))


def decision_rule_name(org: Organisation, rule: str, language: str | None = None) -> str | None:
    """What `org` calls a decision rule (ASEAN: "ASEAN minus X" for the interested members' rule), in
    the active language or else its first official one; None where the organisation gives no name."""
    names = org.decision_rules.get(rule) or {}
    language = language or active_language()
    fallback = next((names[lang] for lang in org.official_languages if lang in names), None)
    return names.get(language) or names.get("en") or fallback


def _names(names) -> dict[str, str]:
    return {"name_en": names.get("en", ""), "name_ru": names.get("ru", ""), "name_zh": names.get("zh", "")}


def _kept_for_roster(store: dict, key: tuple, build):
    """`store[key]`, built once: key = (organisation pk, its roster, a day), so a change to what decides
    the chairs or the statuses (a new roster) or a new day is read afresh. A process's copy, for reads."""
    if key not in store:
        if len(store) > 64:  # old rosters and days: nothing reads them again
            store.clear()
        store[key] = build()
    return store[key]


# (organisation pk, roster, day) -> (member codes, partner codes): statuses change the roster too.
_STATUS_CODES: dict[tuple[int, str, date], tuple[frozenset[str], frozenset[str]]] = {}


def _status_codes(org: Organisation, day: date) -> tuple[frozenset[str], frozenset[str]]:
    """The members' and the partners' codes on `day`."""

    def build() -> tuple[frozenset[str], frozenset[str]]:
        statuses = statuses_on(org, day)
        partners = (StatusKind.OBSERVER, StatusKind.DIALOGUE_PARTNER, StatusKind.PARTNER)
        return (
            frozenset(s.code for s in statuses[StatusKind.MEMBER]),
            frozenset(s.code for k in partners for s in statuses[k]),
        )

    return _kept_for_roster(_STATUS_CODES, (org.pk, org.roster, day), build)


def actor_for(person: Person | None, org: Organisation, on: date | None = None) -> Actor:
    """What a person may act as in `org` on a date (default today): their delegations and offices."""
    day = on or clock.today()
    members, partners = _status_codes(org, day)
    if person is None or not person.is_authenticated:
        return Actor(None, "", org.code, day, member_states=members, partner_states=partners)
    affs = list(
        Affiliation.objects.filter(Status.on(day), person=person, organisation=org).select_related("state")
    )
    roles = frozenset((a.state.code, a.role) for a in affs if a.kind == AffiliationKind.DELEGATION)
    chairs = Rotations.of(org).chairs_on(day) if roles else {}
    return Actor(
        person_id=person.pk,
        username=person.username,
        organisation=org.code,
        on=day,
        roles=roles,
        secretariat=any(a.kind == AffiliationKind.SECRETARIAT for a in affs),
        investor=any(a.kind == AffiliationKind.INVESTOR for a in affs),
        superuser=person.is_superuser,
        member_states=members,
        partner_states=partners,
        chairs=chairs,
    )


def request_actor(request, org: Organisation) -> Actor:
    """The actor behind a web or API request, cached on the request."""
    cache = getattr(request, "_accord_actors", None)
    if cache is None:
        cache = request._accord_actors = {}
    if org.code not in cache:
        cache[org.code] = actor_for(request.user if request.user.is_authenticated else None, org)
    return cache[org.code]


def member_codes_on(org: Organisation, day: date) -> frozenset[str]:
    """The member states' codes on `day` (one query)."""
    return frozenset(
        Status.objects.filter(Status.on(day), organisation=org, kind=StatusKind.MEMBER).values_list(
            "state__code", flat=True
        )
    )


def delegation_people(org: Organisation, day: date) -> dict[str, list]:
    """State code -> people in its delegation on `day` (one query)."""
    out: dict[str, list] = defaultdict(list)
    for a in Affiliation.objects.filter(
        Status.on(day), organisation=org, kind=AffiliationKind.DELEGATION
    ).select_related("person", "state"):
        out[a.state.code].append(a.person)
    return out


def secretariat_people(org: Organisation, day: date) -> list:
    return [
        a.person
        for a in Affiliation.objects.filter(
            Status.on(day), organisation=org, kind=AffiliationKind.SECRETARIAT
        ).select_related("person")
    ]


def secretary_general(org: Organisation, day: date) -> Term | None:
    """The Secretary-General's term in force on a date, with the state, or None."""
    return (
        Term.objects.filter(Status.on(day), office__organisation=org, office__code="SECRETARY_GENERAL")
        .select_related("state")
        .first()
    )


@dataclass
class StateRecord:
    """What the organisation records of one state: its statuses, the sessions it hosted, its offices."""

    state: State
    history: list[Status]
    hosted: list[Session]
    offices: list[Office]
    terms: list[Term]


def state_record(org: Organisation, code: str) -> StateRecord:
    """A state by its code (any case) and its record in the organisation (five queries); else a 404."""
    st = get_object_or_404(State, code=code.upper())
    return StateRecord(
        state=st,
        history=list(Status.objects.filter(organisation=org, state=st).order_by("start")),
        hosted=list(
            Session.objects.filter(organisation=org, host=st).select_related("body").order_by("start", "year")
        ),
        offices=list(Office.objects.filter(organisation=org, terms__state=st).distinct()),
        terms=list(Term.objects.filter(office__organisation=org, state=st).select_related("office")),
    )


def states_ever(org: Organisation) -> list[State]:
    """Every state that has had any status in the organisation, by code."""
    seen = {st.state.code: st.state for st in Status.objects.filter(organisation=org).select_related("state")}
    return sorted(seen.values(), key=lambda s: s.code)


def statuses_in_force(org: Organisation, day: date) -> list[Status]:
    """The statuses in force on a date, with their state, by state code."""
    return list(
        Status.objects.filter(Status.on(day), organisation=org)
        .select_related("state")
        .order_by("state__code")
    )


def bodies(org: Organisation) -> list[Body]:
    return list(Body.objects.filter(organisation=org))


def body_codes(org: Organisation) -> list[str]:
    return list(Body.objects.filter(organisation=org).values_list("code", flat=True))

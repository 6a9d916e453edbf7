"""Every write to the organisation's reference data and people: permission, validation, one transaction,
one audit event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.log import record
from accord.core.errors import InputError
from accord.core.reference import Reference, load_reference_folder
from accord.core.reference import load_reference as read_reference

from .events import OrgsEvent
from .models import (
    Affiliation,
    AffiliationKind,
    Body,
    Chairmanship,
    ChairRule,
    Office,
    Organisation,
    Person,
    RemovedReference,
    Role,
    Session,
    State,
    Status,
    Term,
    removal_key,
)
from .permissions import Actor, require

SYSTEM = "system"
LANGS = ("en", "ru", "zh")  # the columns of every multilingual text


@dataclass(frozen=True)
class LoadResult:
    organisation: str
    created: dict[str, int]
    updated: dict[str, int]
    kept: dict[str, int]  # rows the Secretariat changed, left as they are


class _Loader:
    """Upserts rows from the data files, counting what it creates, updates and keeps."""

    def __init__(self, overwrite_edits: bool):
        self.overwrite_edits = overwrite_edits
        self.created: dict[str, int] = {}
        self.updated: dict[str, int] = {}
        self.kept: dict[str, int] = {}
        self.removed = set(RemovedReference.objects.values_list("key", flat=True))

    def upsert(self, model, key: str, lookup: dict, values: dict):
        if model.reference_key:
            removed = removal_key(model._meta.label_lower, lookup)
            if removed in self.removed:
                if not self.overwrite_edits:
                    self.kept[key] = self.kept.get(key, 0) + 1
                    return None
                RemovedReference.objects.filter(key=removed).delete()
        obj, created = model.objects.get_or_create(**lookup, defaults=values)
        if created:
            self.created[key] = self.created.get(key, 0) + 1
            return obj
        changed = [f for f, v in values.items() if getattr(obj, f) != v]
        if obj.curated and not self.overwrite_edits:
            if changed:
                self.kept[key] = self.kept.get(key, 0) + 1
            return obj
        for f in changed:
            setattr(obj, f, values[f])
        if obj.curated:  # overwriting: the row is the files' again
            obj.curated = False
            changed.append("curated")
        if changed:
            obj.save(update_fields=changed)
            self.updated[key] = self.updated.get(key, 0) + 1
        return obj


def load_reference(
    code: str, actor: Actor | None = None, *, overwrite_edits: bool = False, path: str | None = None
) -> LoadResult:
    """Load (or refresh) an organisation from its data files; running it twice changes nothing.

    `code` names a shipped organisation; with `path`, the files are read from that folder instead
    (any organisation in the documented format) and `code` is ignored.
    Rows the Secretariat changed (admin) are kept as they are, so a reload or a redeploy never undoes
    a correction such as a summit's recorded date; `overwrite_edits` puts the files' values back."""
    require(actor, "reference.manage")
    ref = read_reference(code) if path is None else load_reference_folder(path)
    if "en" not in ref.organisation.languages:
        raise InputError("organisation.json.languages", "must include 'en': every name has an English text")
    loader = _Loader(overwrite_edits)
    with transaction.atomic():
        org = _upsert_reference(ref, loader)
        record(
            OrgsEvent.REFERENCE_LOAD,
            actor=actor,
            acting_for=_acting_for(actor),
            target=org,
            payload={"created": loader.created, "updated": loader.updated, "kept": loader.kept},
        )
    return LoadResult(org.code, loader.created, loader.updated, loader.kept)


def _texts(field: str, names, languages) -> dict[str, str]:
    """The columns of a multilingual text, only in the languages the files give: a state shared by two
    organisations keeps the names the other one gave in its languages."""
    return {f"{field}_{lang}": names.get(lang, "") for lang in LANGS if lang in languages}


def _upsert_reference(ref: Reference, loader: _Loader) -> Organisation:
    """Every row of the files, created or updated (in the caller's transaction)."""
    langs = ref.organisation.languages
    o = ref.organisation
    org = loader.upsert(
        Organisation,
        "organisation",
        {"code": o.code},
        {
            **_texts("name", o.name, LANGS),
            "founded": o.founded,
            "collation_language": o.collation_language,
            "timezone": o.timezone,
            "official_languages": list(o.official_languages),
            "currency": o.currency,
            "decision_rules": {r.code: dict(r.name) for r in o.decision_rules},
        },
    )
    states = {}
    for s in ref.states:
        states[s.code] = loader.upsert(
            State,
            "states",
            {"code": s.code},
            {
                **_texts("name", s.name, langs),
                **({"collation": dict(s.collation)} if s.collation else {}),
            },
        )
    for st in ref.statuses:
        loader.upsert(
            Status,
            "statuses",
            {"organisation": org, "state": states[st.state], "kind": st.status, "start": st.start},
            {"end": st.end, "source": st.source},
        )
    bodies = {}
    for i, b in enumerate(ref.bodies):
        rule, source = ChairRule.NONE, ""
        if b.chair is not None:
            rule = ChairRule(b.chair.rule)
            source = b.chair.code
        term = {"chair_term": b.term} if b.term != "between_sessions" else {}
        bodies[b.code] = loader.upsert(
            Body,
            "bodies",
            {"organisation": org, "code": b.code},
            {
                **_texts("name", b.name, LANGS),
                "chair_rule": rule,
                "chair_source": source,
                **term,
                **{f"meets_{lang}": b.meets.text.get(lang, "") if b.meets else "" for lang in LANGS},
                **_texts("abbreviation", b.abbreviation, LANGS),
                "order": i,
            },
        )
    for s in ref.sessions:
        city = s.city or {}
        loader.upsert(
            Session,
            "sessions",
            {
                "organisation": org,
                "body": bodies[s.body],
                "year": s.year,
                "regular": s.regular,
                "number": s.number,
            },
            {
                "host": states.get(s.host) if s.host else None,
                **_texts("city", city, LANGS),
                "start": s.start,
                "end": s.end,
                "status": s.status,
                "format": s.format,
                "source": s.source,
            },
        )
    for c in ref.chairmanships:
        loader.upsert(
            Chairmanship,
            "chairmanships",
            {"organisation": org, "rotation": c.rotation, "year": c.year, "state": states[c.state]},
            {
                "status": c.status,
                "instead_of": states[c.instead_of] if c.instead_of else None,
                "source": c.source,
            },
        )
    for off in ref.offices:
        office = loader.upsert(
            Office,
            "offices",
            {"organisation": org, "code": off.code},
            _texts("name", off.name, LANGS),
        )
        for t in off.terms:
            loader.upsert(
                Term,
                "terms",
                {"office": office, "start": t.start},
                {
                    **_texts("holder", t.holder, LANGS),
                    "state": states.get(t.state) if t.state else None,
                    "end": t.end,
                    "source": t.source,
                },
            )
    return org


def set_language(person: Person, language: str) -> bool:
    """The person's language for the interface and for the notices sent to them (inbox and e-mail).
    Returns whether it changed."""
    codes = [code for code, _name in settings.LANGUAGES]
    if language not in codes:
        raise InputError("language", f"{language!r} is not one of {', '.join(codes)}")
    if person.language == language:
        return False
    with transaction.atomic():
        person.language = language
        person.save(update_fields=["language"])
        record(
            OrgsEvent.PERSON_LANGUAGE,
            actor=person,
            acting_for="self",
            target=person,
            payload={"language": language},
        )
    return True


def enrol_second_factor(person: Person, device, token: str) -> bool:
    """Confirm the person's pending TOTP device (django_otp.plugins.otp_totp) with a code it generated;
    their other devices are removed, so one phone holds the only second factor. False on a wrong code."""
    if device.user_id != person.pk:
        raise InputError("device", "the device belongs to someone else")
    token = (token or "").strip()
    if not (token.isdigit() and len(token) == device.digits):
        raise InputError("token", f"the code is {device.digits} digits")
    with transaction.atomic():
        if not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        type(device).objects.filter(user=person).exclude(pk=device.pk).delete()
        record(
            OrgsEvent.PERSON_SECOND_FACTOR,
            actor=person,
            acting_for="self",
            target=person,
            payload={"kind": "totp"},
        )
    return True


def create_person(
    actor: Actor | None,
    *,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    timezone: str = "UTC",
    is_staff: bool = False,
    is_superuser: bool = False,
    check_password: bool = True,
) -> Person:
    require(actor, "reference.manage")
    username = (username or "").strip()
    if not username:
        raise InputError("username", "is required")
    if Person.objects.filter(username=username).exists():
        raise InputError("username", f"{username!r} is taken")
    if check_password:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise InputError("password", " ".join(exc.messages)) from None
    with transaction.atomic():
        person = Person(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            timezone=timezone,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
        person.set_password(password)
        person.save()
        record(
            OrgsEvent.PERSON_CREATE,
            actor=actor,
            acting_for=_acting_for(actor),
            target=person,
            payload={"username": username, "staff": is_staff},
        )
    return person


def add_affiliation(
    actor: Actor | None,
    person: Person,
    org: Organisation,
    *,
    kind: str,
    role: str,
    state: State | None = None,
    start: date,
    end: date | None = None,
) -> Affiliation:
    require(actor, "reference.manage")
    if kind not in AffiliationKind.values:
        raise InputError("kind", f"unknown kind {kind!r}")
    if role not in Role.values:
        raise InputError("role", f"unknown role {role!r}")
    if (kind == AffiliationKind.DELEGATION) != (state is not None):
        raise InputError("state", "a delegation needs its state, and only a delegation has one")
    if kind == AffiliationKind.DELEGATION and role not in (
        Role.HEAD,
        Role.DELEGATE,
        Role.NATIONAL_COORDINATOR,
    ):
        raise InputError("role", "a delegation's roles are head, delegate and national_coordinator")
    if end is not None and end < start:
        raise InputError("end", "is before start")
    with transaction.atomic():
        aff = Affiliation.objects.create(
            person=person, organisation=org, kind=kind, role=role, state=state, start=start, end=end
        )
        record(
            OrgsEvent.AFFILIATION_ADD,
            actor=actor,
            acting_for=_acting_for(actor),
            target=aff,
            payload={
                "person": person.username,
                "kind": kind,
                "role": role,
                "state": state.code if state else None,
                "start": start,
                "end": end,
            },
        )
    return aff


def _acting_for(actor: Actor | None) -> str:
    return SYSTEM if actor is None else actor.acting_for

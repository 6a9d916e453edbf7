"""Every write to the organisation's reference data and people: permission, validation, one transaction,
one audit event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.log import record
from accord.core.errors import InputError
from accord.core.reference import load_reference as read_reference

from .models import (
    Affiliation,
    AffiliationKind,
    Body,
    ChairRule,
    Office,
    Organisation,
    Person,
    Role,
    State,
    Status,
    Term,
)
from .permissions import Actor, require

SYSTEM = "system"


@dataclass(frozen=True)
class LoadResult:
    organisation: str
    created: dict[str, int]
    updated: dict[str, int]


def _upsert(model, counts_created, counts_updated, key: str, lookup: dict, values: dict):
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if created:
        counts_created[key] = counts_created.get(key, 0) + 1
        return obj
    changed = [f for f, v in values.items() if getattr(obj, f) != v]
    if changed:
        for f in changed:
            setattr(obj, f, values[f])
        obj.save(update_fields=changed)
        counts_updated[key] = counts_updated.get(key, 0) + 1
    return obj


def load_reference(code: str, actor: Actor | None = None) -> LoadResult:
    """Load (or refresh) an organisation from its data files; running it twice changes nothing."""
    if actor is not None:
        require(actor, "reference.manage")
    ref = read_reference(code)
    from accord.meetings.models import Session

    created: dict[str, int] = {}
    updated: dict[str, int] = {}
    with transaction.atomic():
        o = ref.organisation
        org = _upsert(
            Organisation,
            created,
            updated,
            "organisation",
            {"code": o.code},
            {
                "name_en": o.name["en"],
                "name_ru": o.name.get("ru", ""),
                "name_zh": o.name.get("zh", ""),
                "founded": o.founded,
                "collation_language": o.collation_language,
                "timezone": o.timezone,
            },
        )
        states = {}
        for s in ref.states:
            states[s.code] = _upsert(
                State,
                created,
                updated,
                "states",
                {"code": s.code},
                {
                    "name_en": s.name["en"],
                    "name_ru": s.name.get("ru", ""),
                    "name_zh": s.name.get("zh", ""),
                },
            )
        for st in ref.statuses:
            _upsert(
                Status,
                created,
                updated,
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
            bodies[b.code] = _upsert(
                Body,
                created,
                updated,
                "bodies",
                {"organisation": org, "code": b.code},
                {
                    "name_en": b.name["en"],
                    "name_ru": b.name.get("ru", ""),
                    "name_zh": b.name.get("zh", ""),
                    "chair_rule": rule,
                    "chair_source": source,
                    "meets": b.meets.text if b.meets else "",
                    "order": i,
                },
            )
        for s in ref.sessions:
            city = s.city or {}
            _upsert(
                Session,
                created,
                updated,
                "sessions",
                {"organisation": org, "body": bodies[s.body], "year": s.year, "regular": s.regular},
                {
                    "host": states.get(s.host) if s.host else None,
                    "number": s.number,
                    "city_en": city.get("en", ""),
                    "city_ru": city.get("ru", ""),
                    "city_zh": city.get("zh", ""),
                    "start": s.start,
                    "end": s.end,
                    "status": s.status,
                    "format": s.format,
                    "source": s.source,
                },
            )
        for off in ref.offices:
            office = _upsert(
                Office,
                created,
                updated,
                "offices",
                {"organisation": org, "code": off.code},
                {
                    "name_en": off.name["en"],
                    "name_ru": off.name.get("ru", ""),
                    "name_zh": off.name.get("zh", ""),
                },
            )
            for t in off.terms:
                _upsert(
                    Term,
                    created,
                    updated,
                    "terms",
                    {"office": office, "start": t.start},
                    {
                        "holder_en": t.holder["en"],
                        "holder_ru": t.holder.get("ru", ""),
                        "holder_zh": t.holder.get("zh", ""),
                        "state": states.get(t.state) if t.state else None,
                        "end": t.end,
                        "source": t.source,
                    },
                )
        record(
            "reference.load",
            actor=actor,
            acting_for=_acting_for(actor),
            target=org,
            payload={"created": created, "updated": updated},
        )
    return LoadResult(code, created, updated)


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
    if actor is not None:
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
            "person.create",
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
    if actor is not None:
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
            "affiliation.add",
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


def admin_save(request_user: Person, obj, change: bool, changed_fields: list[str] | None = None) -> None:
    """Writes made in the Django admin: the Secretariat's back office, audited like any other action."""
    with transaction.atomic():
        obj.save()
        record(
            "admin.change" if change else "admin.add",
            actor=request_user,
            acting_for="secretariat",
            target=obj,
            payload={"repr": str(obj), "fields": changed_fields or []},
        )


def admin_delete(request_user: Person, obj) -> None:
    with transaction.atomic():
        label, pk, text = obj._meta.label_lower, obj.pk, str(obj)
        obj.delete()
        record(
            "admin.delete",
            actor=request_user,
            acting_for="secretariat",
            object_type=label,
            object_id=str(pk),
            payload={"repr": text},
        )


def _acting_for(actor: Actor | None) -> str:
    return SYSTEM if actor is None else actor.acting_for

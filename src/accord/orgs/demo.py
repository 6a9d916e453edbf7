"""Demo people: the Secretariat, every member state's delegation, a partner's delegation, the public.

Names are invented for the demo; the roles are what the product's permissions act on.
"""

from __future__ import annotations

from datetime import date

from accord.base.demo import DEMO_PASSWORD, DemoContext

from .actions import add_affiliation, create_person
from .models import Person, State, Status, StatusKind

MEMBERS = ["BY", "CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ"]
SINCE = date(2023, 1, 1)


def _person(
    ctx: DemoContext, username: str, first: str, last: str, tz: str = "UTC", staff: bool = False
) -> Person:
    existing = Person.objects.filter(username=username).first()
    if existing is not None:
        ctx.people[username] = existing
        return existing
    p = create_person(
        None,
        username=username,
        password=DEMO_PASSWORD,
        first_name=first,
        last_name=last,
        email=f"{username}@demo.accord.invalid",
        timezone=tz,
        is_staff=staff,
        is_superuser=staff,
        check_password=False,
    )
    ctx.people[username] = p
    return p


def _affiliate(ctx: DemoContext, person: Person, **kw) -> None:
    if not person.affiliations.filter(organisation=ctx.org).exists():
        add_affiliation(None, person, ctx.org, start=SINCE, **kw)


TIMEZONES = {
    "BY": "Europe/Minsk",
    "CN": "Asia/Shanghai",
    "IN": "Asia/Kolkata",
    "IR": "Asia/Tehran",
    "KG": "Asia/Bishkek",
    "KZ": "Asia/Almaty",
    "PK": "Asia/Karachi",
    "RU": "Europe/Moscow",
    "TJ": "Asia/Dushanbe",
    "UZ": "Asia/Tashkent",
    "MN": "Asia/Ulaanbaatar",
}


def load(ctx: DemoContext) -> None:
    sec = _person(ctx, "secretariat", "Aigerim", "Demo (Secretariat)", "Asia/Shanghai", staff=True)
    _affiliate(ctx, sec, kind="secretariat", role="staff")
    states = {s.code: s for s in State.objects.filter(code__in=[*MEMBERS, "MN"])}
    for code in MEMBERS:
        low = code.lower()
        for suffix, role, label in (
            ("head", "head", "Head of delegation"),
            ("delegate", "delegate", "Delegate"),
            ("nc", "national_coordinator", "National coordinator"),
        ):
            p = _person(ctx, f"{low}-{suffix}", label, f"{code} (demo)", TIMEZONES[code])
            _affiliate(ctx, p, kind="delegation", role=role, state=states[code])
    partner = Status.objects.filter(
        organisation=ctx.org, state__code="MN", kind__in=[StatusKind.OBSERVER, StatusKind.PARTNER]
    ).exists()
    if partner:
        p = _person(ctx, "mn-delegate", "Delegate", "MN (demo, partner)", TIMEZONES["MN"])
        _affiliate(ctx, p, kind="delegation", role="delegate", state=states["MN"])
    pub = _person(ctx, "public", "Member", "of the public")
    _affiliate(ctx, pub, kind="public", role="public")
    ctx.logins += [
        ("secretariat", "Secretariat staff: drafts, reference data (admin), optimiser, programmes"),
        ("kz-head", "Head of Kazakhstan's delegation: the chair's team in 2023-24 (package, silence)"),
        ("kz-nc", "Kazakhstan's national coordinator: chair's dashboard, reports"),
        ("in-delegate", "Delegate of India: states India's positions"),
        ("cn-head", "Head of China's delegation: may break silence"),
        ("mn-delegate", "Delegate of Mongolia (partner): sees and comments, cannot block"),
        ("public", "Member of the public: public pages only"),
        (
            "(xx-head, xx-delegate, xx-nc)",
            "the same for every member state, xx = by cn in ir kg kz pk ru tj uz",
        ),
    ]

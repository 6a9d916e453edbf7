"""`accord demo`: the SCO and a demo scenario of the Kazakh chairmanship 2023-24, loaded idempotently."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field

from django.db import transaction

DEMO_PASSWORD = "accord-demo"
# The demo clock starts inside the Kazakh chairmanship (term 5 Jul 2023 - 4 Jul 2024).
DEMO_CLOCK_START = "2024-06-10T06:00:00+00:00"

# Each app's demo module has load(context: DemoContext); run in this order.
DEMO_MODULES = [
    "accord.orgs.demo",
    "accord.meetings.demo",
    "accord.negotiations.demo",
    "accord.programmes.demo",
    "accord.projects.demo",
]


@dataclass
class DemoContext:
    org: object
    people: dict[str, object] = field(default_factory=dict)  # username -> Person
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, what they can do)


@dataclass
class DemoLogins:
    password: str
    people: list[tuple[str, str]]


def load_demo() -> DemoLogins:
    from accord.orgs.actions import load_reference

    load_reference("sco")
    from accord.orgs.models import Organisation

    ctx = DemoContext(org=Organisation.objects.get(code="sco"))
    for module in DEMO_MODULES:
        if importlib.util.find_spec(module) is None:
            continue
        with transaction.atomic():
            importlib.import_module(module).load(ctx)
    # Several scenarios may describe the same login: one line each, what they can do joined.
    merged: dict[str, list[str]] = {}
    for username, what in ctx.logins:
        merged.setdefault(username, []).append(what)
    return DemoLogins(DEMO_PASSWORD, [(username, "; ".join(whats)) for username, whats in merged.items()])

"""`accord demo`: every shipped organisation (the SCO, ASEAN) and a demo scenario of the SCO's Kazakh
chairmanship 2023-24, loaded idempotently. ASEAN comes with its reference data only."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from django.db import transaction

from accord.base.demo import DEMO_PASSWORD, DemoContext
from accord.core.reference import available_references
from accord.orgs.actions import load_reference
from accord.orgs.models import Organisation

# The organisation the demo scenario is written for.
SCENARIO_ORG = "sco"

# (app's demo module, function of a DemoContext), run in this order.
DEMO_STEPS = [
    ("accord.orgs.demo", "load"),
    ("accord.meetings.demo", "load_sessions"),
    ("accord.negotiations.demo", "load"),
    ("accord.programmes.demo", "load"),
    ("accord.projects.demo", "load"),
    ("accord.meetings.demo", "load"),  # agendas take up the other apps' drafts and programmes
]


@dataclass
class DemoLogins:
    password: str
    people: list[tuple[str, str]]


def load_demo() -> DemoLogins:
    for code in available_references():
        load_reference(code)
    ctx = DemoContext(org=Organisation.objects.get(code=SCENARIO_ORG))
    for module, step in DEMO_STEPS:
        if importlib.util.find_spec(module) is None:
            continue
        with transaction.atomic():
            getattr(importlib.import_module(module), step)(ctx)
    # Several scenarios may describe the same login: one line each, what they can do joined.
    merged: dict[str, list[str]] = {}
    for username, what in ctx.logins:
        merged.setdefault(username, []).append(what)
    return DemoLogins(DEMO_PASSWORD, [(username, "; ".join(whats)) for username, whats in merged.items()])

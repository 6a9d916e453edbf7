"""The reminder sweep: what concerns whom, derived from stored dates only.

Each app contributes its notices (base.registry.ReminderSource). Every notice has a key made of what it
is about and the date it is about (an item's deadline, a report's year, a silence's deadline), and notify()
sends each key once per person. So the sweep can run any number of times, and a missed run loses nothing:
the next one finds the same facts and sends what is due.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from accord.base.registry import REMINDER_SOURCES
from accord.orgs.models import Organisation
from accord.orgs.queries import delegation_people


@dataclass
class SweepResult:
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def total(self) -> int:
        return sum(self.sent.values())


def sweep(org: Organisation, now: datetime) -> SweepResult:
    result = SweepResult()
    people = delegation_people(org, now.date())
    for source in REMINDER_SOURCES:
        for kind, n in source.send(org, now, people).items():
            result.sent[kind] += n
    return result

"""What each app's demo module (load(context)) shares; `accord demo` (accord.demo) runs them in order."""

from __future__ import annotations

from dataclasses import dataclass, field

DEMO_PASSWORD = "accord-demo"
# The demo clock starts inside the Kazakh chairmanship (term 5 Jul 2023 - 4 Jul 2024).
DEMO_CLOCK_START = "2024-06-10T06:00:00+00:00"


@dataclass
class DemoContext:
    org: object
    people: dict[str, object] = field(default_factory=dict)  # username -> Person
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, what they can do)

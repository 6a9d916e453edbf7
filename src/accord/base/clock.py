"""The application's clock. Everything that asks "what time is it?" asks here.

Normally this is the real time. A demo can start the clock at a chosen instant (ACCORD_CLOCK_START,
ISO 8601 with zone), after which it runs forward at real speed, so that the demo shows, for example, the
Kazakh chairmanship of 2023-24 with deadlines that really expire. Tests freeze time with freezegun.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

_STARTED = datetime.now(UTC)


def _start() -> datetime | None:
    value = os.environ.get("ACCORD_CLOCK_START")
    if not value:
        return None
    start = datetime.fromisoformat(value)
    return start if start.tzinfo else start.replace(tzinfo=UTC)


_CLOCK_START = _start()


def now() -> datetime:
    if _CLOCK_START is None:
        return datetime.now(UTC)
    return _CLOCK_START + (datetime.now(UTC) - _STARTED)


def today() -> date:
    """Today's date in UTC (the organisation's calendar day for terms and statuses)."""
    return now().astimezone(UTC).date()


def shifted() -> bool:
    return _CLOCK_START is not None

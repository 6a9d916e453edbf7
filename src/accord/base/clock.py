"""The application's clock. Everything that asks "what time is it?" asks here.

Normally this is the real time. A demo runs on a shifted clock: the real time plus an offset, stored in a
small file in the data directory (ACCORD_CLOCK_FILE), so the server, the worker and `accord clock` agree on
one time, and `accord clock advance 2h` moves it forward for all of them at once (for demos and training).
Without that file, ACCORD_CLOCK_START (ISO 8601 with zone) starts this process's clock at a chosen instant.
The file is never read in production (ACCORD_ENV=production). Tests freeze time with freezegun.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

_STARTED = datetime.now(UTC)


def _start() -> datetime | None:
    value = os.environ.get("ACCORD_CLOCK_START")
    if not value:
        return None
    start = datetime.fromisoformat(value)
    return start if start.tzinfo else start.replace(tzinfo=UTC)


_CLOCK_START = _start()
_cache: dict[str, object] = {"key": None, "offset": None}


def clock_file() -> Path | None:
    from django.conf import settings

    return None if settings.PRODUCTION else Path(settings.ACCORD_CLOCK_FILE)


def _file_offset() -> timedelta | None:
    path = clock_file()
    try:
        st = path.stat() if path else None
    except OSError:
        st = None
    if st is None:
        return None
    key = (str(path), st.st_mtime_ns, st.st_size)
    if _cache["key"] != key:  # read again only when the file changed: a stat per call, no parsing
        try:
            seconds = float(json.loads(path.read_text(encoding="utf-8"))["offset_seconds"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        _cache.update(key=key, offset=timedelta(seconds=seconds))
    return _cache["offset"]


def offset() -> timedelta:
    """How far the application's time is ahead of the real time (negative: behind)."""
    shared = _file_offset()
    if shared is not None:
        return shared
    if _CLOCK_START is not None:
        return _CLOCK_START - _STARTED
    return timedelta(0)


def now() -> datetime:
    return datetime.now(UTC) + offset()


def today() -> date:
    """Today's date in UTC (the organisation's calendar day for terms and statuses)."""
    return now().astimezone(UTC).date()


def real(moment: datetime) -> datetime:
    """The real instant at which the application's clock shows `moment` (when a deferred task is due)."""
    return moment - offset()


def shifted() -> bool:
    return _CLOCK_START is not None or _file_offset() is not None


def start_demo_clock(at: datetime) -> Path:
    """Set the shared clock to show `at` now; it runs on at real speed from there."""
    return _write(at - datetime.now(UTC))


def advance(by: timedelta) -> datetime:
    """Move the shared demo clock forward by `by`; refused when no demo clock runs."""
    current = _file_offset()
    if current is None:
        raise LookupError("no demo clock runs here (it starts with `accord demo`)")
    _write(current + by)
    return now()


def _write(shift: timedelta) -> Path:
    path = clock_file()
    if path is None:
        raise LookupError("the demo clock is off in production")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"offset_seconds": shift.total_seconds()}), encoding="utf-8")
    os.replace(tmp, path)  # readers see the old offset or the new one, never half a file
    return path


_DURATION = re.compile(r"(?:(\d{1,5})d)?(?:(\d{1,6})h)?(?:(\d{1,7})m)?")


def parse_duration(text: str) -> timedelta:
    """'2h', '3d', '90m', '1d12h' -> timedelta; ValueError otherwise."""
    m = _DURATION.fullmatch((text or "").strip().lower())
    if not m or not any(m.groups()):
        raise ValueError(f"not a duration such as 2h, 3d, 90m or 1d12h: {text!r}")
    d, h, mins = (int(g or 0) for g in m.groups())
    return timedelta(days=d, hours=h, minutes=mins)

"""Meeting calendar rules: timely circulation of documents, and stable calendar UIDs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from accord.core.errors import InputError

DEFAULT_CIRCULATION_DAYS = 20

_CODE = re.compile(r"[a-z0-9_.]+")
# The session key comes last in the UID, so it alone may contain hyphens without making two
# different (org, body, session) triples collide.
_SESSION_KEY = re.compile(r"[a-z0-9_.-]+")
_DOMAIN = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


@dataclass(frozen=True)
class CirculationWarning:
    """Documents circulated late. `latest_on` is the last day that would have met the rule."""

    days_before: int
    min_days: int
    latest_on: date


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(value: object) -> object:
    """Let only YYYY-MM-DD (or a date) through to a date parser: pydantic alone reads `0` as 1970-01-01
    (Unix time) and `2024-01-01T05:00` as a day. The parser still checks the day exists."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return value
    raise ValueError("must be a date, YYYY-MM-DD")


def _day(value: object, field: str) -> date:
    # A datetime is a date subclass; subtracting it from a date fails far from the cause.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InputError(field, "must be a date (without a time)")
    return value


def circulation_warning(
    session_start: date, circulated_on: date, min_days: int = DEFAULT_CIRCULATION_DAYS
) -> CirculationWarning | None:
    """Warn when drafts or an agenda reach delegations fewer than `min_days` days before a session.

    "Days before" is the difference of calendar dates: circulated on 1 March for a session opening
    on 21 March is 20 days before, which meets a 20-day rule; 2 March (19 days) does not. Both dates
    are days in the organisation's calendar, so no time zone enters here.
    """
    session_start = _day(session_start, "session_start")
    circulated_on = _day(circulated_on, "circulated_on")
    if isinstance(min_days, bool) or not isinstance(min_days, int) or min_days < 0:
        raise InputError("min_days", "must be a whole number of days, 0 or more")
    days_before = (session_start - circulated_on).days
    if days_before >= min_days:
        return None
    return CirculationWarning(days_before, min_days, session_start - timedelta(days=min_days))


def stable_uid(org: str, body: str, session_key: str, *, domain: str) -> str:
    """The iCalendar UID of a session, e.g. ``sco-chs-2024@meetings.example.org``.

    Derived only from what identifies the session, so re-exporting updates calendar entries in
    place instead of duplicating them. Case is folded: ``SCO`` and ``sco`` are the same organisation.
    `domain` is the site's host name (RFC 5545 wants UIDs unique across calendars, hence a domain the
    installation owns); it must stay the same for a site, or subscribers see every session twice.
    """
    parts = []
    for field, value, pattern, allowed in (
        ("org", org, _CODE, "letters, digits, '.' or '_'"),
        ("body", body, _CODE, "letters, digits, '.' or '_'"),
        ("session_key", session_key, _SESSION_KEY, "letters, digits, '.', '_' or '-'"),
    ):
        if not isinstance(value, str) or not value.isascii() or not pattern.fullmatch(value.lower()):
            raise InputError(field, f"must be {allowed} (got {value!r})")
        parts.append(value.lower())
    if not isinstance(domain, str) or not _DOMAIN.fullmatch(domain.lower()):
        raise InputError("domain", f"must be a host name such as accord.example.org (got {domain!r})")
    return f"{'-'.join(parts)}@{domain.lower()}"

"""Silence procedure: a text is adopted at an exact expiry unless a member breaks silence first.

Sources: OSCE Rules of Procedure Annex 1(A), EU Council Rules of Procedure Art. 12(2), UNGA decision
74/544 (at least 72 hours). Silence is broken only by a written objection or amendment from a member
before expiry; otherwise the text is adopted at expiry.

The state is derived from stored timestamps alone (never from whether a job ran), so evaluating it
again, late, or twice gives the same answer.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal, get_args

from accord.core.errors import Conflict, InputError

DEFAULT_MINIMUM_HOURS = 72
# A procedure is counted in days or weeks; a year bounds it (and keeps datetime arithmetic in range).
MAX_MINIMUM_HOURS = 24 * 366
DEFAULT_REMINDERS = (timedelta(hours=48), timedelta(hours=24))

BreakKind = Literal["objection", "amendment"]
SilenceState = Literal["running", "broken", "adopted"]


class DeadlinePassed(Conflict):
    """A break arrived at or after expiry: not bad input but too late (HTTP 409, not 422)."""

    def __init__(self, deadline: datetime) -> None:
        super().__init__(f"silence expired at {deadline.isoformat()}")
        self.deadline = deadline


@functools.cache
def _zone_names() -> frozenset[str]:
    # Only canonical IANA keys: ZoneInfo() alone also accepts file paths such as "posix/Asia/Almaty".
    return frozenset(zoneinfo.available_timezones())


def _aware(value: object, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise InputError(field, "must be a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(field, "must have a time zone (naive date and time given)")
    return value


def _zone(name: object) -> zoneinfo.ZoneInfo:
    if not isinstance(name, str) or name not in _zone_names():
        raise InputError("timezone", f"unknown time zone {name!r}; use an IANA name such as 'Asia/Almaty'")
    return zoneinfo.ZoneInfo(name)


@dataclass(frozen=True)
class SilenceProcedure:
    """`opened_at` and `deadline` are held in UTC; `timezone` is the zone members are told the deadline in."""

    opened_at: datetime
    deadline: datetime
    timezone: str
    minimum_hours: int = DEFAULT_MINIMUM_HOURS

    def __post_init__(self) -> None:
        opened_at = _aware(self.opened_at, "opened_at")
        deadline = _aware(self.deadline, "deadline")
        zone = _zone(self.timezone)
        hours = self.minimum_hours
        if isinstance(hours, bool) or not isinstance(hours, int) or not 0 <= hours <= MAX_MINIMUM_HOURS:
            raise InputError(
                "minimum_hours", f"must be a whole number of hours from 0 to {MAX_MINIMUM_HOURS}"
            )
        if deadline <= opened_at:
            raise InputError("deadline", "must be after the opening of the procedure")
        earliest = opened_at + timedelta(hours=hours)
        if deadline < earliest:
            raise InputError(
                "deadline",
                f"must be at least {hours} hours after opening: "
                f"{earliest.astimezone(zone).isoformat()} ({self.timezone}) at the earliest",
            )
        object.__setattr__(self, "opened_at", opened_at.astimezone(UTC))
        object.__setattr__(self, "deadline", deadline.astimezone(UTC))


@dataclass(frozen=True)
class Break:
    """A written objection or amendment by a member, breaking silence."""

    at: datetime
    by_member: str
    kind: BreakKind
    text: str

    def __post_init__(self) -> None:
        at = _aware(self.at, "at")
        if not isinstance(self.by_member, str) or not self.by_member.strip():
            raise InputError("by_member", "must name the member breaking silence")
        if self.kind not in get_args(BreakKind):
            raise InputError("kind", f"must be one of {', '.join(get_args(BreakKind))}")
        # Silence is broken only in writing: an empty break would block a decision with no reason given.
        if not isinstance(self.text, str) or not self.text.strip():
            raise InputError("text", "must give the objection or amendment in writing")
        object.__setattr__(self, "at", at.astimezone(UTC))


@dataclass(frozen=True)
class SilenceOutcome:
    """`decided_at`: the first valid break, or the deadline when adopted; None while running."""

    state: SilenceState
    decided_at: datetime | None
    broken_by: tuple[Break, ...]


def validate_procedure(
    opened_at: datetime, deadline: datetime, tz: str, minimum_hours: int = DEFAULT_MINIMUM_HOURS
) -> SilenceProcedure:
    """Check a procedure about to be opened; raise InputError naming the field at fault."""
    return SilenceProcedure(opened_at, deadline, tz, minimum_hours)


def can_break(proc: SilenceProcedure, at: datetime) -> None:
    """Refuse a break at `at` unless it falls within [opened_at, deadline)."""
    at = _aware(at, "at")
    if at < proc.opened_at:
        raise InputError("at", "is before the procedure opened")
    if at >= proc.deadline:
        raise DeadlinePassed(local_deadline(proc))


def _counts(proc: SilenceProcedure, brk: Break, now: datetime) -> bool:
    # The same window can_break enforces, so outcome() agrees with what would have been accepted;
    # `brk.at <= now` makes the outcome the state as of `now`, not a view of later records.
    return proc.opened_at <= brk.at < proc.deadline and brk.at <= now


def outcome(proc: SilenceProcedure, breaks: Iterable[Break], now: datetime) -> SilenceOutcome:
    """The state of the procedure at `now`, from the stored timestamps only."""
    now = _aware(now, "now")
    valid = sorted(
        (brk for brk in breaks if _counts(proc, brk, now)),
        key=lambda brk: (brk.at, brk.by_member, brk.kind, brk.text),
    )
    if valid:
        return SilenceOutcome("broken", valid[0].at, tuple(valid))
    if now >= proc.deadline:
        return SilenceOutcome("adopted", proc.deadline, ())
    return SilenceOutcome("running", None, ())


def reminders_due(
    proc: SilenceProcedure,
    now: datetime,
    offsets: Iterable[timedelta] = DEFAULT_REMINDERS,
    *,
    breaks: Iterable[Break] = (),
) -> list[timedelta]:
    """Offsets before the deadline whose reminder moment has come while the procedure still runs.

    Earliest moment first. The job records what it sent and skips those, so a missed run catches up.
    A moment at or before the opening is skipped: the circulation itself told members the deadline.
    """
    offsets = set(offsets)
    for offset in offsets:
        if not isinstance(offset, timedelta) or offset <= timedelta(0):
            raise InputError("offsets", "each reminder must be a positive duration before the deadline")
    if outcome(proc, breaks, now).state != "running":
        return []
    return sorted(
        (offset for offset in offsets if proc.opened_at < proc.deadline - offset <= now),
        reverse=True,
    )


def local_deadline(proc: SilenceProcedure) -> datetime:
    """The deadline in the procedure's own zone, as members are told it."""
    return proc.deadline.astimezone(zoneinfo.ZoneInfo(proc.timezone))

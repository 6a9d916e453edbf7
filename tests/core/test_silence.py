import random
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.core.errors import Conflict, InputError
from accord.core.silence import (
    Break,
    DeadlinePassed,
    SilenceProcedure,
    can_break,
    local_deadline,
    outcome,
    reminders_due,
    validate_procedure,
)

OPENED = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)
DEADLINE = OPENED + timedelta(hours=72)
ALMATY = timezone(timedelta(hours=5))


def proc(**changes: object) -> SilenceProcedure:
    fields: dict[str, object] = {"opened_at": OPENED, "deadline": DEADLINE, "timezone": "Asia/Almaty"}
    fields.update(changes)
    return SilenceProcedure(**fields)  # type: ignore[arg-type]


def brk(
    at: datetime, member: str = "IN", kind: str = "objection", text: str = "OP3 is unacceptable"
) -> Break:
    return Break(at, member, kind, text)  # type: ignore[arg-type]


def field_of(excinfo: pytest.ExceptionInfo[InputError]) -> str:
    return excinfo.value.field


# validate_procedure


def test_valid_procedure_is_held_in_utc() -> None:
    p = validate_procedure(OPENED.astimezone(ALMATY), DEADLINE.astimezone(ALMATY), "Asia/Almaty")
    assert p.opened_at == OPENED and p.opened_at.tzinfo is UTC
    assert p.deadline.tzinfo is UTC
    assert p.minimum_hours == 72


def test_exactly_minimum_hours_is_allowed() -> None:
    assert validate_procedure(OPENED, OPENED + timedelta(hours=72), "UTC").deadline == DEADLINE


def test_one_second_short_of_minimum_is_refused() -> None:
    with pytest.raises(InputError) as excinfo:
        validate_procedure(OPENED, DEADLINE - timedelta(seconds=1), "Asia/Almaty")
    assert field_of(excinfo) == "deadline"
    assert "72 hours" in excinfo.value.message
    assert "2024-06-04T14:00:00+05:00" in excinfo.value.message


def test_minimum_hours_is_configurable() -> None:
    p = validate_procedure(OPENED, OPENED + timedelta(hours=24), "Europe/Brussels", minimum_hours=24)
    assert p.minimum_hours == 24
    with pytest.raises(InputError, match="at least 96 hours"):
        validate_procedure(OPENED, DEADLINE, "UTC", minimum_hours=96)


def test_zero_minimum_still_needs_deadline_after_opening() -> None:
    assert validate_procedure(OPENED, OPENED + timedelta(minutes=1), "UTC", minimum_hours=0)
    with pytest.raises(InputError) as excinfo:
        validate_procedure(OPENED, OPENED, "UTC", minimum_hours=0)
    assert field_of(excinfo) == "deadline"


@pytest.mark.parametrize(
    ("opened_at", "deadline", "field"),
    [
        (OPENED, DEADLINE.replace(tzinfo=None), "deadline"),
        (OPENED.replace(tzinfo=None), DEADLINE, "opened_at"),
        (OPENED, "2024-06-04T09:00:00Z", "deadline"),
        (OPENED, OPENED - timedelta(hours=1), "deadline"),
    ],
)
def test_bad_times_name_the_field(opened_at: object, deadline: object, field: str) -> None:
    with pytest.raises(InputError) as excinfo:
        validate_procedure(opened_at, deadline, "UTC")  # type: ignore[arg-type]
    assert field_of(excinfo) == field


@pytest.mark.parametrize("tz", ["Asia/Alma_Ata_Nowhere", "", "posix/Asia/Almaty", "../etc/passwd", None, 5])
def test_unknown_zone_is_refused(tz: object) -> None:
    with pytest.raises(InputError) as excinfo:
        validate_procedure(OPENED, DEADLINE, tz)  # type: ignore[arg-type]
    assert field_of(excinfo) == "timezone"


@pytest.mark.parametrize("hours", [-1, 1.5, True, "72"])
def test_bad_minimum_hours_is_refused(hours: object) -> None:
    with pytest.raises(InputError) as excinfo:
        validate_procedure(OPENED, DEADLINE, "UTC", hours)  # type: ignore[arg-type]
    assert field_of(excinfo) == "minimum_hours"


# Break and can_break


def test_break_is_held_in_utc() -> None:
    b = brk(DEADLINE.astimezone(ALMATY) - timedelta(hours=1))
    assert b.at == DEADLINE - timedelta(hours=1) and b.at.tzinfo is UTC


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   \n"}, "text"),
        ({"kind": "abstention"}, "kind"),
        ({"member": ""}, "by_member"),
        ({"at": OPENED.replace(tzinfo=None)}, "at"),
    ],
)
def test_bad_break_is_refused(changes: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"at": OPENED, **changes}
    with pytest.raises(InputError) as excinfo:
        brk(**args)  # type: ignore[arg-type]
    assert field_of(excinfo) == field


def test_break_before_deadline_is_allowed() -> None:
    can_break(proc(), OPENED)
    can_break(proc(), DEADLINE - timedelta(microseconds=1))


@pytest.mark.parametrize("late", [timedelta(0), timedelta(seconds=1), timedelta(days=30)])
def test_break_at_or_after_deadline_is_a_conflict(late: timedelta) -> None:
    with pytest.raises(DeadlinePassed) as excinfo:
        can_break(proc(), DEADLINE + late)
    assert isinstance(excinfo.value, Conflict) and not isinstance(excinfo.value, InputError)
    assert excinfo.value.deadline == DEADLINE
    assert "2024-06-04T14:00:00+05:00" in str(excinfo.value)


def test_break_before_opening_is_refused() -> None:
    with pytest.raises(InputError) as excinfo:
        can_break(proc(), OPENED - timedelta(seconds=1))
    assert field_of(excinfo) == "at"


def test_naive_break_time_is_refused() -> None:
    with pytest.raises(InputError) as excinfo:
        can_break(proc(), DEADLINE.replace(tzinfo=None) - timedelta(hours=1))
    assert field_of(excinfo) == "at"


# outcome


def test_running_before_deadline_without_breaks() -> None:
    result = outcome(proc(), [], DEADLINE - timedelta(microseconds=1))
    assert (result.state, result.decided_at, result.broken_by) == ("running", None, ())


def test_adopted_exactly_at_deadline() -> None:
    result = outcome(proc(), [], DEADLINE)
    assert (result.state, result.decided_at, result.broken_by) == ("adopted", DEADLINE, ())


def test_broken_by_earliest_break_listing_all() -> None:
    first = brk(OPENED + timedelta(hours=10), "IN")
    second = brk(OPENED + timedelta(hours=20), "PK", "amendment", "replace OP3 by ...")
    result = outcome(proc(), [second, first], DEADLINE + timedelta(days=1))
    assert result.state == "broken"
    assert result.decided_at == first.at
    assert result.broken_by == (first, second)


def test_break_one_microsecond_before_deadline_counts() -> None:
    last_moment = brk(DEADLINE - timedelta(microseconds=1))
    assert outcome(proc(), [last_moment], DEADLINE).state == "broken"


def test_breaks_at_or_after_deadline_or_before_opening_are_ignored() -> None:
    stray = [brk(DEADLINE), brk(DEADLINE + timedelta(hours=1)), brk(OPENED - timedelta(hours=1))]
    assert outcome(proc(), stray, DEADLINE).state == "adopted"


def test_outcome_is_as_of_now() -> None:
    later = brk(OPENED + timedelta(hours=50))
    assert outcome(proc(), [later], later.at - timedelta(seconds=1)).state == "running"
    assert outcome(proc(), [later], later.at).state == "broken"


def test_outcome_needs_aware_now() -> None:
    with pytest.raises(InputError) as excinfo:
        outcome(proc(), [], DEADLINE.replace(tzinfo=None))
    assert field_of(excinfo) == "now"


# reminders_due and local_deadline


def test_reminders_come_due_in_turn() -> None:
    p = proc()
    assert reminders_due(p, DEADLINE - timedelta(hours=48, seconds=1)) == []
    assert reminders_due(p, DEADLINE - timedelta(hours=48)) == [timedelta(hours=48)]
    assert reminders_due(p, DEADLINE - timedelta(hours=1)) == [timedelta(hours=48), timedelta(hours=24)]


def test_no_reminders_once_decided() -> None:
    p = proc()
    assert reminders_due(p, DEADLINE) == []
    objection = brk(OPENED + timedelta(hours=1))
    assert reminders_due(p, DEADLINE - timedelta(hours=1), breaks=[objection]) == []


def test_reminder_at_or_before_opening_is_skipped() -> None:
    p = proc()
    offsets = [timedelta(hours=72), timedelta(hours=100), timedelta(hours=71)]
    assert reminders_due(p, DEADLINE - timedelta(minutes=1), offsets) == [timedelta(hours=71)]


@pytest.mark.parametrize("offset", [timedelta(0), timedelta(hours=-1), 24])
def test_bad_reminder_offset_is_refused(offset: object) -> None:
    with pytest.raises(InputError) as excinfo:
        reminders_due(proc(), OPENED, [offset])  # type: ignore[list-item]
    assert field_of(excinfo) == "offsets"


def test_local_deadline_is_in_the_procedure_zone() -> None:
    local = local_deadline(proc())
    assert local == DEADLINE
    assert local.isoformat() == "2024-06-04T14:00:00+05:00"
    assert str(local.tzinfo) == "Asia/Almaty"


# properties

HOURS = 24 * 10
instants = st.integers(min_value=-HOURS * 3600, max_value=2 * HOURS * 3600).map(
    lambda s: OPENED + timedelta(seconds=s)
)
procedures = st.integers(min_value=72 * 3600, max_value=HOURS * 3600).map(
    lambda s: SilenceProcedure(OPENED, OPENED + timedelta(seconds=s), "Europe/Moscow")
)
breaks = st.builds(
    Break,
    at=instants,
    by_member=st.sampled_from(["CN", "IN", "KZ", "RU"]),
    kind=st.sampled_from(["objection", "amendment"]),
    text=st.sampled_from(["no", "amend OP2"]),
)


@given(procedures, st.lists(breaks, max_size=6), instants, instants)
def test_outcome_is_monotone_in_time(
    p: SilenceProcedure, bs: list[Break], t1: datetime, t2: datetime
) -> None:
    early, late = sorted([t1, t2])
    before, after = outcome(p, bs, early), outcome(p, bs, late)
    if before.state != "running":
        assert after.state == before.state
        assert after.decided_at == before.decided_at
        assert set(before.broken_by) <= set(after.broken_by)


@given(procedures, st.lists(breaks, max_size=6), st.lists(breaks, max_size=4), instants)
def test_breaks_after_deadline_change_nothing(
    p: SilenceProcedure, bs: list[Break], extra: list[Break], now: datetime
) -> None:
    late = [
        Break(p.deadline + (b.at - OPENED) % timedelta(days=5), b.by_member, b.kind, b.text) for b in extra
    ]
    assert outcome(p, bs + late, now) == outcome(p, bs, now)


@given(procedures, st.lists(breaks, max_size=6), instants, st.randoms(use_true_random=False))
def test_order_of_breaks_does_not_matter(
    p: SilenceProcedure, bs: list[Break], now: datetime, rnd: random.Random
) -> None:
    shuffled = list(bs)
    rnd.shuffle(shuffled)
    assert outcome(p, shuffled, now) == outcome(p, bs, now)


@given(procedures, st.lists(breaks, max_size=6), instants)
def test_outcome_agrees_with_can_break(p: SilenceProcedure, bs: list[Break], now: datetime) -> None:
    accepted = []
    for b in bs:
        try:
            can_break(p, b.at)
        except (DeadlinePassed, InputError):
            continue
        accepted.append(b)
    assert outcome(p, bs, now) == outcome(p, accepted, now)
    expected = (
        "broken" if any(b.at <= now for b in accepted) else "adopted" if now >= p.deadline else "running"
    )
    assert outcome(p, bs, now).state == expected

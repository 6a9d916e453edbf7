from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.core.calendar import CirculationWarning, circulation_warning, stable_uid
from accord.core.errors import InputError

SESSION = date(2024, 7, 4)  # the Astana CHS


# circulation_warning


def test_twenty_days_before_is_in_time() -> None:
    assert circulation_warning(SESSION, date(2024, 6, 14)) is None


def test_nineteen_days_before_warns() -> None:
    assert circulation_warning(SESSION, date(2024, 6, 15)) == CirculationWarning(
        days_before=19, min_days=20, latest_on=date(2024, 6, 14)
    )


def test_earlier_circulation_is_in_time() -> None:
    assert circulation_warning(SESSION, date(2024, 1, 1)) is None


@pytest.mark.parametrize(("circulated_on", "days_before"), [(SESSION, 0), (date(2024, 7, 5), -1)])
def test_circulation_on_or_after_the_opening_warns(circulated_on: date, days_before: int) -> None:
    warning = circulation_warning(SESSION, circulated_on)
    assert warning is not None and warning.days_before == days_before


def test_days_are_counted_across_month_and_leap_day() -> None:
    assert circulation_warning(date(2024, 3, 10), date(2024, 2, 19)) is None
    assert circulation_warning(date(2024, 3, 10), date(2024, 2, 20)) is not None


def test_minimum_is_configurable() -> None:
    assert circulation_warning(SESSION, date(2024, 6, 27), min_days=7) is None
    warning = circulation_warning(SESSION, date(2024, 6, 28), min_days=7)
    assert warning == CirculationWarning(6, 7, date(2024, 6, 27))
    assert circulation_warning(SESSION, SESSION, min_days=0) is None


@pytest.mark.parametrize(
    ("session_start", "circulated_on", "min_days", "field"),
    [
        (datetime(2024, 7, 4, 10, 0), date(2024, 6, 1), 20, "session_start"),
        ("2024-07-04", date(2024, 6, 1), 20, "session_start"),
        (SESSION, datetime(2024, 6, 1, 9, 0), 20, "circulated_on"),
        (SESSION, None, 20, "circulated_on"),
        (SESSION, date(2024, 6, 1), -1, "min_days"),
        (SESSION, date(2024, 6, 1), 2.5, "min_days"),
        (SESSION, date(2024, 6, 1), True, "min_days"),
    ],
)
def test_bad_circulation_input_is_refused(
    session_start: object, circulated_on: object, min_days: object, field: str
) -> None:
    with pytest.raises(InputError) as excinfo:
        circulation_warning(session_start, circulated_on, min_days)  # type: ignore[arg-type]
    assert excinfo.value.field == field


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(min_value=-400, max_value=400),
    st.integers(min_value=0, max_value=120),
)
def test_warning_exactly_when_fewer_days_than_the_minimum(session: date, days: int, min_days: int) -> None:
    circulated_on = date.fromordinal(session.toordinal() - days)
    warning = circulation_warning(session, circulated_on, min_days)
    assert (warning is None) == (days >= min_days)
    if warning is not None:
        assert warning.days_before == days
        assert circulation_warning(session, warning.latest_on, min_days) is None
        assert warning.latest_on < circulated_on


# stable_uid

D = "accord.example.org"


def test_uid_of_a_summit() -> None:
    assert stable_uid("sco", "chs", "2024", domain=D) == "sco-chs-2024@accord.example.org"


def test_uid_folds_case() -> None:
    assert stable_uid("SCO", "CHS", "2024", domain=D) == stable_uid("sco", "chs", "2024", domain=D)


def test_session_key_may_hold_hyphens_and_dots() -> None:
    assert stable_uid("sco", "cnc", "2024-03-12.2", domain=D) == "sco-cnc-2024-03-12.2@accord.example.org"


def test_uid_depends_on_every_part() -> None:
    uids = {
        stable_uid("sco", "chs", "2024", domain=D),
        stable_uid("sco", "chg", "2024", domain=D),
        stable_uid("sco", "chs", "2025", domain=D),
    }
    assert len(uids) == 3


@pytest.mark.parametrize(
    ("org", "body", "session_key", "field"),
    [
        ("", "chs", "2024", "org"),
        ("s-co", "chs", "2024", "org"),
        ("sco", "rats council", "2024", "body"),
        ("sco", "chs-x", "2024", "body"),
        ("sco", "ШОС", "2024", "body"),
        ("sco", "\u212a", "2024", "body"),
        ("sco", "chs", "", "session_key"),
        ("sco", "chs", "2024@x", "session_key"),
        ("sco", "chs", 2024, "session_key"),
    ],
)
def test_bad_uid_parts_are_refused(org: object, body: object, session_key: object, field: str) -> None:
    with pytest.raises(InputError) as excinfo:
        stable_uid(org, body, session_key, domain=D)  # type: ignore[arg-type]
    assert excinfo.value.field == field


@pytest.mark.parametrize("domain", ["localhost", "127.0.0.1", "Accord.Example.ORG", "xn--80aqc2a.org"])
def test_the_domain_is_the_sites_host(domain: str) -> None:
    assert stable_uid("sco", "chs", "2024", domain=domain) == f"sco-chs-2024@{domain.lower()}"


@pytest.mark.parametrize(
    "domain", ["", "-accord.org", "accord..org", "accord.org:8000", "a b", "ШОС.org", None]
)
def test_a_domain_that_is_not_a_host_name_is_refused(domain: object) -> None:
    with pytest.raises(InputError) as excinfo:
        stable_uid("sco", "chs", "2024", domain=domain)  # type: ignore[arg-type]
    assert excinfo.value.field == "domain"


codes = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_.", min_size=1, max_size=6)
keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_.-", min_size=1, max_size=10)


@given(st.tuples(codes, codes, keys), st.tuples(codes, codes, keys))
def test_distinct_sessions_get_distinct_uids(a: tuple[str, str, str], b: tuple[str, str, str]) -> None:
    assert (stable_uid(*a, domain=D) == stable_uid(*b, domain=D)) == (a == b)

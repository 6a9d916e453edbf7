from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.core.errors import InputError
from accord.core.progress import ActionItemProgress, missing_reports, roll_up
from accord.core.workflows import ACTION_ITEM

TODAY = date(2025, 6, 30)


def item(
    id: int | str = 1,
    weight: Decimal | float = 1,
    percent: Decimal | float = 0,
    deadline: date | None = None,
    state: str = "in_progress",
) -> ActionItemProgress:
    return ActionItemProgress(id, weight, percent, deadline, state)


# roll_up


def test_empty_programme_is_at_zero() -> None:
    progress = roll_up([], TODAY)
    assert progress.percent == 0.0
    assert progress.done == 0
    assert progress.overdue == ()
    assert progress.by_state == dict.fromkeys(ACTION_ITEM.states, 0)


def test_weighted_mean_mixes_decimal_and_float_weights() -> None:
    items = [item(1, Decimal("3"), 100), item(2, 1.0, Decimal("20"))]
    assert roll_up(items, TODAY).percent == 80.0


def test_cancelled_items_leave_the_mean() -> None:
    items = [item(1, 1, 50), item(2, 5, 0, state="cancelled")]
    progress = roll_up(items, TODAY)
    assert progress.percent == 50.0
    assert progress.by_state["cancelled"] == 1


def test_only_cancelled_items_give_zero() -> None:
    assert roll_up([item(1, state="cancelled")], TODAY).percent == 0.0


def test_done_counts_as_complete_whatever_percent_was_recorded() -> None:
    progress = roll_up([item(1, 1, 60, state="done"), item(2, 1, 0, state="planned")], TODAY)
    assert progress.percent == 50.0
    assert progress.done == 1


def test_overdue_means_deadline_before_today_and_not_finished() -> None:
    yesterday, tomorrow = date(2025, 6, 29), date(2025, 7, 1)
    items = [
        item("late", deadline=yesterday, state="in_progress"),
        item("due-today", deadline=TODAY, state="in_progress"),
        item("future", deadline=tomorrow, state="planned"),
        item("no-deadline", deadline=None, state="delayed"),
        item("late-delayed", deadline=yesterday, state="delayed"),
        item("late-planned", deadline=yesterday, state="planned"),
        item("late-done", deadline=yesterday, state="done"),
        item("late-cancelled", deadline=yesterday, state="cancelled"),
    ]
    assert roll_up(items, TODAY).overdue == ("late", "late-delayed", "late-planned")


def test_counts_by_state_in_workflow_order() -> None:
    items = [item(1, state="done"), item(2, state="done"), item(3, state="delayed")]
    by_state = roll_up(items, TODAY).by_state
    assert list(by_state) == list(ACTION_ITEM.states)
    assert by_state == {"planned": 0, "in_progress": 0, "delayed": 1, "done": 2, "cancelled": 0}


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(InputError) as excinfo:
        roll_up([item(7), item(8), item(7)], TODAY)
    assert excinfo.value.field == "items[2].id"


@pytest.mark.parametrize("today", [datetime(2025, 6, 30, 12, 0), "2025-06-30", None])
def test_today_must_be_a_date(today: object) -> None:
    with pytest.raises(InputError) as excinfo:
        roll_up([], today)  # type: ignore[arg-type]
    assert excinfo.value.field == "today"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weight": 0}, "weight"),
        ({"weight": -1.5}, "weight"),
        ({"weight": float("nan")}, "weight"),
        ({"weight": Decimal("Infinity")}, "weight"),
        ({"weight": True}, "weight"),
        ({"weight": "2"}, "weight"),
        ({"percent": -0.01}, "percent"),
        ({"percent": Decimal("100.5")}, "percent"),
        ({"percent": float("inf")}, "percent"),
        ({"deadline": datetime(2025, 1, 1)}, "deadline"),
        ({"state": "finished"}, "state"),
    ],
)
def test_bad_item_is_refused(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as excinfo:
        item(**changes)  # type: ignore[arg-type]
    assert excinfo.value.field == field


@pytest.mark.parametrize("percent", [0, 100, Decimal("100.00")])
def test_percent_bounds_are_allowed(percent: Decimal | float) -> None:
    assert item(percent=percent).percent == percent


# missing_reports


def test_missing_reports_for_the_year() -> None:
    responsible = {"A1": ["RU", "KZ"], "A2": {"CN"}, "A3": []}
    filed = [("A1", "KZ", 2025), ("A1", "RU", 2024), ("A2", "CN", 2025), ("A9", "UZ", 2025)]
    assert missing_reports(responsible, filed, 2025) == [("A1", "RU")]
    assert missing_reports(responsible, filed, 2024) == [("A1", "KZ"), ("A2", "CN")]
    assert missing_reports(responsible, [], 2026) == [("A1", "KZ"), ("A1", "RU"), ("A2", "CN")]


def test_responsible_state_listed_twice_owes_one_report() -> None:
    assert missing_reports({1: ["KZ", "KZ"]}, [], 2025) == [(1, "KZ")]


@pytest.mark.parametrize("year", ["2025", 2025.0, True])
def test_year_must_be_an_integer(year: object) -> None:
    with pytest.raises(InputError) as excinfo:
        missing_reports({}, [], year)  # type: ignore[arg-type]
    assert excinfo.value.field == "year"


# properties

numbers = st.one_of(
    st.integers(min_value=0, max_value=100),
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.decimals(min_value=0, max_value=100, allow_nan=False, allow_infinity=False, places=2),
)
weights = st.one_of(
    st.integers(min_value=1, max_value=50),
    st.floats(min_value=0.001, max_value=1000, allow_nan=False),
    st.decimals(min_value=Decimal("0.01"), max_value=1000, allow_nan=False, allow_infinity=False, places=2),
)
states = st.sampled_from(ACTION_ITEM.states)
item_lists = st.lists(st.tuples(weights, numbers, states), max_size=8).map(
    lambda rows: [item(i, w, p, None, s) for i, (w, p, s) in enumerate(rows)]
)


@given(item_lists)
def test_percent_stays_within_bounds(items: list[ActionItemProgress]) -> None:
    assert 0 <= roll_up(items, TODAY).percent <= 100


@given(item_lists.filter(bool), st.data())
def test_raising_one_items_percent_never_lowers_the_total(
    items: list[ActionItemProgress], data: st.DataObject
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(items) - 1))
    before = items[index]
    raised = data.draw(numbers.filter(lambda p: Fraction(p) >= Fraction(before.percent)))
    after = [*items[:index], replace(before, percent=raised), *items[index + 1 :]]
    assert roll_up(after, TODAY).percent >= roll_up(items, TODAY).percent


@given(
    weights, st.lists(st.tuples(numbers, st.sampled_from(["planned", "in_progress", "delayed"])), min_size=1)
)
def test_equal_weights_give_the_plain_mean(
    weight: Decimal | float, rows: list[tuple[Decimal | float, str]]
) -> None:
    items = [item(i, weight, p, None, s) for i, (p, s) in enumerate(rows)]
    plain = sum(Fraction(p) for p, _ in rows) / len(rows)
    assert roll_up(items, TODAY).percent == float(plain)

"""Programme progress: a weighted roll-up of action items, and who still owes a yearly report."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from accord.core.errors import InputError
from accord.core.workflows import ACTION_ITEM

ItemId = int | str
Item = TypeVar("Item", bound=Hashable)

DONE = "done"
CANCELLED = "cancelled"


def _exact(value: object, field: str) -> Fraction:
    # Fractions keep the mean exact, so equal weights give exactly the plain mean and raising one
    # item's percent can never lower the total through rounding.
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InputError(field, "must be a number")
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite:
        raise InputError(field, "must be a finite number")
    return Fraction(value)


def _day(value: object, field: str) -> date:
    # A datetime is a date subclass; comparing it with dates fails later and far from the cause.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InputError(field, "must be a date (without a time)")
    return value


@dataclass(frozen=True)
class ActionItemProgress:
    id: ItemId
    weight: Decimal | float
    percent: Decimal | float
    deadline: date | None
    state: str

    def __post_init__(self) -> None:
        if _exact(self.weight, "weight") <= 0:
            raise InputError("weight", "must be greater than 0")
        if not 0 <= _exact(self.percent, "percent") <= 100:
            raise InputError("percent", "must be between 0 and 100")
        if self.deadline is not None:
            _day(self.deadline, "deadline")
        if self.state not in ACTION_ITEM.states:
            raise InputError(
                "state", f"unknown state {self.state!r}; states: {', '.join(ACTION_ITEM.states)}"
            )


@dataclass(frozen=True)
class ProgrammeProgress:
    """`by_state` has every action item state, in workflow order, zeros included."""

    percent: float
    done: int
    overdue: tuple[ItemId, ...]
    by_state: dict[str, int]


def roll_up(items: Iterable[ActionItemProgress], today: date) -> ProgrammeProgress:
    """Weighted mean percent of the items that still count, with done and overdue items.

    Cancelled items drop out of the mean: cancelling work must not make a programme look further
    behind or ahead. A done item counts as 100% whatever percent was last recorded, since the state
    is the decision. No counting item gives 0.
    """
    today = _day(today, "today")
    items = list(items)
    seen: set[ItemId] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise InputError(f"items[{index}].id", f"duplicate action item {item.id!r}")
        seen.add(item.id)
    by_state = dict.fromkeys(ACTION_ITEM.states, 0)
    total = Fraction(0)
    weights = Fraction(0)
    for item in items:
        by_state[item.state] += 1
        if item.state == CANCELLED:
            continue
        weight = Fraction(item.weight)
        total += weight * (100 if item.state == DONE else Fraction(item.percent))
        weights += weight
    return ProgrammeProgress(
        percent=float(total / weights) if weights else 0.0,
        done=by_state[DONE],
        overdue=tuple(
            item.id
            for item in items
            if item.deadline is not None and item.deadline < today and item.state not in (DONE, CANCELLED)
        ),
        by_state=by_state,
    )


def missing_reports(
    items_with_responsible_states: Mapping[Item, Iterable[str]],
    reports_filed: Iterable[tuple[Item, str, int]],
    year: int,
) -> list[tuple[Item, str]]:
    """The (item, responsible member state) pairs with no report filed for `year`.

    `reports_filed` holds (item, state, year) records; reports for other years do not count. Pass
    only items that owe a report (not cancelled). Items keep their order; states are sorted.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise InputError("year", "must be a year such as 2025")
    filed = {(item, state) for item, state, filed_year in reports_filed if filed_year == year}
    return [
        (item, state)
        for item, states in items_with_responsible_states.items()
        for state in sorted(set(states))
        if (item, state) not in filed
    ]

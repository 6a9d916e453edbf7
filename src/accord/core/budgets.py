"""A project's cost spread over its timeline in budget periods of at most a year.

IATI asks for activity budgets broken down into periods of no more than a year. The periods here are
calendar years (1 January to 31 December), clipped to the timeline: the first and last may be partial, so a
three-year project starting mid-year has four periods, and every project's budget for a year covers the
same dates, so budgets add up by year across projects. The cost is spread in proportion to the days in each
period, in exact decimals to the cent; the cents left over by rounding down go to the periods with the
largest remainders (the earlier on a tie), so the periods sum to exactly the cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from accord.core.errors import InputError

CENT = Decimal("0.01")


@dataclass(frozen=True)
class BudgetPeriod:
    """`start` and `end` are both inside the period (IATI's period-start and period-end)."""

    start: date
    end: date
    amount: Decimal


def calendar_years(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar years from `start` to `end` (both included), the first and last clipped to them."""
    for field, day in (("start", start), ("end", end)):
        if isinstance(day, datetime) or not isinstance(day, date):
            raise InputError(field, "must be a date (without a time)")
    if end < start:
        raise InputError("end", f"{end.isoformat()} is before the start {start.isoformat()}")
    return [
        (max(start, date(year, 1, 1)), min(end, date(year, 12, 31)))
        for year in range(start.year, end.year + 1)
    ]


def yearly_budgets(start: date, end: date, cost: Decimal) -> list[BudgetPeriod]:
    """`cost` over the calendar years of the timeline, in proportion to their days, summing exactly to it."""
    if not isinstance(cost, Decimal) or not cost.is_finite() or cost < 0:
        raise InputError("cost", "must be a finite decimal of 0 or more")
    if cost != cost.quantize(CENT):
        raise InputError("cost", "has more than two decimal places")
    years = calendar_years(start, end)
    days = [(last - first).days + 1 for first, last in years]
    total_days, cents = sum(days), int(cost.scaleb(2))
    shares = [divmod(cents * d, total_days) for d in days]
    left = cents - sum(whole for whole, _ in shares)
    # Rounding down leaves fewer cents than periods; the largest remainders take one each.
    extra = set(sorted(range(len(years)), key=lambda i: (-shares[i][1], i))[:left])
    return [
        BudgetPeriod(first, last, Decimal(shares[i][0] + (i in extra)).scaleb(-2))
        for i, (first, last) in enumerate(years)
    ]

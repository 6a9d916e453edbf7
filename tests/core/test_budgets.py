from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.core.budgets import BudgetPeriod, calendar_years, yearly_budgets
from accord.core.errors import InputError


def test_three_calendar_years_share_the_cost_by_days():
    periods = yearly_budgets(date(2025, 1, 1), date(2027, 12, 31), Decimal("120000000.00"))
    assert [(p.start, p.end) for p in periods] == [
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 12, 31)),
    ]
    assert [p.amount for p in periods] == [Decimal("40000000.00")] * 3


def test_a_three_year_project_starting_mid_year_has_four_periods():
    periods = yearly_budgets(date(2025, 7, 1), date(2028, 6, 30), Decimal("1096.00"))
    assert [(p.start, p.end) for p in periods] == [
        (date(2025, 7, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 12, 31)),
        (date(2028, 1, 1), date(2028, 6, 30)),
    ]
    # 184 + 365 + 365 + 182 = 1096 days: one unit a day.
    assert [p.amount for p in periods] == [Decimal(n) for n in (184, 365, 365, 182)]


def test_leftover_cents_go_to_the_largest_remainders_then_the_earlier_period():
    periods = yearly_budgets(date(2025, 1, 1), date(2027, 12, 31), Decimal("0.02"))
    assert [p.amount for p in periods] == [Decimal("0.01"), Decimal("0.01"), Decimal("0.00")]


def test_a_one_day_project_is_one_period():
    assert yearly_budgets(date(2024, 2, 29), date(2024, 2, 29), Decimal("5")) == [
        BudgetPeriod(date(2024, 2, 29), date(2024, 2, 29), Decimal("5.00"))
    ]


@pytest.mark.parametrize(
    "start,end,cost,field",
    [
        (date(2025, 1, 2), date(2025, 1, 1), Decimal("1"), "end"),
        (datetime(2025, 1, 1, 9), date(2025, 2, 1), Decimal("1"), "start"),
        (date(2025, 1, 1), date(2025, 2, 1), Decimal("-1"), "cost"),
        (date(2025, 1, 1), date(2025, 2, 1), Decimal("1.001"), "cost"),
        (date(2025, 1, 1), date(2025, 2, 1), Decimal("NaN"), "cost"),
        (date(2025, 1, 1), date(2025, 2, 1), 1.5, "cost"),
    ],
)
def test_bad_input_names_the_field(start, end, cost, field):
    with pytest.raises(InputError) as err:
        yearly_budgets(start, end, cost)
    assert err.value.field == field


@given(
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    length=st.integers(min_value=0, max_value=5000),
    cents=st.integers(min_value=0, max_value=10**18 - 1),
)
def test_periods_tile_the_timeline_and_sum_exactly_to_the_cost(start, length, cents):
    end = start + timedelta(days=length)
    cost = Decimal(cents).scaleb(-2)
    periods = yearly_budgets(start, end, cost)
    assert periods[0].start == start and periods[-1].end == end
    for before, after in zip(periods, periods[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    for p in periods:
        # Within one calendar year: never more than twelve months.
        assert p.start <= p.end and p.start.year == p.end.year
        assert p.amount >= 0 and p.amount == p.amount.quantize(Decimal("0.01"))
        exact = cost * ((p.end - p.start).days + 1) / (length + 1)
        assert abs(p.amount - exact) < Decimal("0.01")
    assert len(periods) == end.year - start.year + 1
    assert sum((p.amount for p in periods), Decimal(0)) == cost
    assert [(p.start, p.end) for p in periods] == calendar_years(start, end)

"""The shared bounds (accord.base.validators): numbers, amounts, weights, codes, and the API text types."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

import accord
from accord.base import validators
from accord.core.errors import InputError

IATI = Path(accord.__file__).parent / "projects/schemas/iati-rules/codelists.json"


def test_iso_codes_are_the_active_codes_of_the_vendored_iati_codelists():
    lists = json.loads(IATI.read_text(encoding="utf-8"))
    for name, codes in (("Currency", validators.CURRENCIES), ("Country", validators.COUNTRIES)):
        active = {code for code, status in lists[name]["codes"].items() if status == "active"}
        assert codes == active, name
    assert {"USD", "CNY", "RUB", "KZT", "INR"} <= validators.CURRENCIES and "XYZ" not in validators.CURRENCIES
    assert {"KZ", "CN", "RU", "IN", "PK"} <= validators.COUNTRIES and "XX" not in validators.COUNTRIES


@given(st.decimals(allow_nan=True, allow_infinity=True) | st.floats() | st.integers() | st.text(max_size=30))
def test_amount_is_in_bounds_or_refused_naming_the_field(value):
    try:
        result = validators.amount(value, "cost")
    except InputError as e:
        assert e.field == "cost"
        return
    assert Decimal(0) < result <= validators.MAX_AMOUNT and result == result.quantize(Decimal("0.01"))


@given(st.decimals(allow_nan=True, allow_infinity=True) | st.floats() | st.integers())
def test_weight_is_in_bounds_or_refused(value):
    try:
        result = validators.weight(value)
    except InputError as e:
        assert e.field == "weight"
        return
    assert Decimal(0) < result <= 100


@pytest.mark.parametrize("value", ["1000000000000000", Decimal("0.01"), 1, "1,000.50", 12.5])
def test_amounts_accepted(value):
    assert validators.amount(value, "cost") > 0


@pytest.mark.parametrize(
    "value",
    [
        "1000000000000000.01",
        "1e30",
        1e30,
        "NaN",
        "Infinity",
        "0",
        "-5",
        "0.001",
        True,
        [1],
        pytest.param(10**5000, id="5001-digits"),
    ],
)
def test_amounts_refused(value):
    with pytest.raises(InputError):
        validators.amount(value, "cost")


@pytest.mark.parametrize("value", ["²", "٣", "1.5", 1.0, True, "9" * 30, 40000, -1])
def test_integer_refuses_what_is_not_a_plain_whole_number_in_bounds(value):
    with pytest.raises(InputError):
        validators.integer(value, "order", low=1, high=validators.MAX_SMALL)


def test_currency_and_country():
    assert validators.currency(" usd ") == "USD" and validators.country("kz") == "KZ"
    for bad in ("XYZ", "US", "", None, 840):
        with pytest.raises(InputError):
            validators.currency(bad)
    with pytest.raises(InputError):
        validators.country("XX")


@given(st.text(max_size=20))
def test_api_text_type_and_text_validator_agree_on_control_characters(value):
    """What the API's Text type lets through, validators.text accepts (it may also strip the ends)."""
    try:
        TypeAdapter(validators.Text(300)).validate_python(value)
    except ValidationError:
        return
    assert validators.text(value, "title", required=False) == value.strip()

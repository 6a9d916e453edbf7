"""The shared validators: every app's actions check text (and, through the API schemas, the same bounds)
here, so a rule is written once. Each raises InputError naming the field."""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

from django.db import IntegrityError, transaction
from django.utils.translation import gettext, ngettext
from pydantic import Field

from accord.core.errors import InputError

# C0 controls (NUL included) and DEL, which no text needs; a multi-line text keeps its newlines and tabs.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n\t\u2028\u2029]")


def text(value, field: str, *, max_length: int = 300, required: bool = True, multiline: bool = False) -> str:
    """Stripped text of at most `max_length` characters; single-line unless `multiline`."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(field, gettext("must be text"))
    value = value.strip()
    if not value:
        if required:
            raise InputError(field, gettext("is required"))
        return ""
    if _CONTROL.search(value):
        raise InputError(field, gettext("must not contain control characters"))
    if not multiline and _LINE_BREAK.search(value):
        raise InputError(field, gettext("must be one line"))
    if len(value) > max_length:
        raise InputError(
            field,
            ngettext("is longer than %(count)d character", "is longer than %(count)d characters", max_length)
            % {"count": max_length},
        )
    return value


def url(value, field: str, *, required: bool = False) -> str:
    """A web address (http or https) or a path on this site: a stored link can never run script
    (javascript:, data:) nor leave for another scheme."""
    value = text(value, field, max_length=500, required=required)
    if value and not re.match(r"(https?://[^\s/]+|/(?!/))", value, re.IGNORECASE):
        raise InputError(field, gettext("must be an http(s) address or a path on this site"))
    return value


# Numbers and codes. Each bound is declared here once; actions call the functions, the API schemas use
# the Annotated types below, and model fields carry the same limits (max_digits, CHECK constraints).

MAX_AMOUNT = Decimal(10) ** 15  # any amount, in its own currency
AMOUNT_DIGITS = {"max_digits": 18, "decimal_places": 2}  # 10^15 with cents
MAX_RATE = Decimal(10) ** 9  # units of the base currency per unit of another
MAX_WEIGHT = Decimal(100)
MAX_SMALL = 32767  # a PositiveSmallIntegerField (orders, session numbers)

_CODES = json.loads((Path(__file__).parent / "iso_codes.json").read_text(encoding="utf-8"))
CURRENCIES = frozenset(_CODES["currencies"])  # ISO 4217, active, from the IATI Currency codelist
COUNTRIES = frozenset(_CODES["countries"])  # ISO 3166-1 alpha-2, from the IATI Country codelist


def number(
    value,
    field: str,
    *,
    low: Decimal | int,
    high: Decimal | int,
    places: int = 2,
    low_open: bool = False,
    exact: bool = True,
    required: bool = True,
) -> Decimal | None:
    """An exact decimal in [low, high] (or (low, high] if `low_open`) with at most `places` decimals
    (rounded to them unless `exact`)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(field, gettext("is required"))
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise InputError(field, gettext("must be a number"))
    try:
        if isinstance(value, (int, Decimal)):
            result = Decimal(value)
        else:  # a float as the shortest decimal that prints it (what the user typed), never its binary
            result = Decimal((repr(value) if isinstance(value, float) else value).replace(",", "").strip())
    except InvalidOperation:
        raise InputError(field, gettext("%(value)s is not a number") % {"value": repr(value)[:40]}) from None
    if not result.is_finite():
        raise InputError(field, gettext("must be a finite number"))
    step = Decimal(1).scaleb(-places)
    if not exact and abs(result) <= abs(Decimal(high)) + 1:
        result = result.quantize(step)  # rounded before the bounds: 0.001 is 0.00, refused when low_open
    if result < low or (low_open and result == low) or result > high:
        message = gettext("must be more than %(low)s and at most %(high)s") if low_open else None
        raise InputError(
            field,
            (message or gettext("must be between %(low)s and %(high)s")) % {"low": low, "high": high},
        )
    if result != result.quantize(step):
        raise InputError(field, gettext("has more than %(places)d decimal places") % {"places": places})
    return result


def integer(value, field: str, *, low: int, high: int, required: bool = True) -> int | None:
    """A whole number in [low, high]; text is accepted only as plain ASCII digits (not '²' or '٣')."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(field, gettext("is required"))
        return None
    if isinstance(value, str) and re.fullmatch(r"\s*[-+]?[0-9]{1,20}\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, gettext("must be a whole number"))
    if not low <= value <= high:
        raise InputError(field, gettext("must be between %(low)s and %(high)s") % {"low": low, "high": high})
    return value


def amount(value, field: str, *, positive: bool = True, required: bool = True) -> Decimal | None:
    """Money in its own currency: at most 10^15, in cents, more than 0 (or 0 allowed if not `positive`)."""
    return number(value, field, low=0, high=MAX_AMOUNT, low_open=positive, required=required)


def weight(value, field: str = "weight") -> Decimal:
    """A relative weight: more than 0 and at most 100, rounded to hundredths."""
    return number(value, field, low=0, high=MAX_WEIGHT, low_open=True, exact=False)


def percent(value, field: str = "percent") -> Decimal:
    """A share from 0 to 100, rounded to hundredths."""
    return number(value, field, low=0, high=100, exact=False)


def currency(value, field: str = "currency") -> str:
    """An ISO 4217 currency code in use (upper-cased)."""
    code = value.strip().upper() if isinstance(value, str) else ""
    if code not in CURRENCIES:
        raise InputError(
            field,
            gettext("%(value)s is not an ISO 4217 currency code such as USD") % {"value": repr(value)[:40]},
        )
    return code


def country(value, field: str = "country") -> str:
    """An ISO 3166-1 alpha-2 country code (upper-cased)."""
    code = value.strip().upper() if isinstance(value, str) else ""
    if code not in COUNTRIES:
        raise InputError(
            field,
            gettext("%(value)s is not an ISO 3166 country code such as KZ") % {"value": repr(value)[:40]},
        )
    return code


@contextmanager
def unique(field: str, message: str):
    """One transaction whose unique-constraint failure (a concurrent create of the same code, after the
    action's own check) is an InputError naming the field, not a 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise InputError(field, message) from None


def amount_problem(value, code) -> str | None:
    """Why a stored (amount, currency) cannot be shown or summed, or None: reads mark such a row instead
    of failing the page, whatever a legacy import or a hand edit put there."""
    if not isinstance(code, str) or code not in CURRENCIES:
        return gettext("unknown currency %(code)s") % {"code": repr(code)[:40]}
    if not isinstance(value, Decimal) or not value.is_finite() or not 0 <= value <= MAX_AMOUNT:
        return gettext("amount out of bounds")
    return None


# The same bounds for the API schemas (pydantic), so a bad number is a 422 before any action runs.
Amount = Annotated[Decimal, Field(gt=0, le=MAX_AMOUNT, decimal_places=2, description="at most 10^15")]
# Weights and percents are rounded to hundredths by the actions, so the API takes any number in bounds.
Weight = Annotated[float, Field(gt=0, le=float(MAX_WEIGHT), description="more than 0, at most 100")]
Percent = Annotated[float, Field(ge=0, le=100, description="0 to 100")]
Currency = Annotated[str, Field(min_length=3, max_length=3, description="ISO 4217 code")]


def Text(max_length: int = 300, *, multiline: bool = False):  # noqa: N802 (a type factory, read as a type)
    """A string of at most `max_length` characters without control characters (nor line breaks, unless
    `multiline`), as `text` checks it."""
    pattern = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$" if multiline else r"^[^\x00-\x1f\x7f\u2028\u2029]*$"
    return Annotated[str, Field(max_length=max_length, pattern=pattern)]

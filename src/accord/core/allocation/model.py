"""Portfolio files: the projects and funders `allocate` reads, the plan it writes, and their rules.

Validation choices (the dataclasses validate themselves, so no invalid portfolio can exist):
- unknown keys are rejected, so a typo such as ``min_tiket`` cannot silently become a default;
- numbers are JSON numbers (not booleans, not strings), finite (no NaN or Infinity) and bounded:
  amounts up to MAX_AMOUNT, priority up to MAX_PRIORITY; cost and capital > 0, tickets and
  priority >= 0, max_ticket > 0 or null (meaning: the capital), min_ticket <= max_ticket and <= capital;
- ids, sectors and country codes are non-empty strings; countries are ISO 3166 alpha-2 codes in upper
  case (a lower-case "kz" would silently match nothing); lists are non-empty and without repeats;
- currency is three upper-case letters (ISO 4217 form; the list of codes is not hard-coded);
- empty project or funder lists are valid: the plan is then empty.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from accord.core.errors import InputError
from accord.core.limits import json_number

TOLERANCE = 1e-6
"""Relative tolerance of the contract ("amounts are exact to 1e-6 relative"), used by `check_plan`."""

MAX_AMOUNT = 1e15
"""The largest cost, capital or ticket: 10^15 in the portfolio's currency, beyond any real budget, so
that sums of a few thousand amounts stay far inside floating point (1.7e308 would overflow to inf)."""
MAX_PRIORITY = 1e6
"""The largest priority; value (priority x cost) then stays below 1e21 per project."""

_CURRENCY = re.compile(r"[A-Z]{3}")
_COUNTRY = re.compile(r"[A-Z]{2}")


# ---------------------------------------------------------------------------------------------------
# Input


def _number(value: object, name: str, *, positive: bool, high: float = MAX_AMOUNT) -> float:
    # bool is an int in Python but never a meaningful amount in a portfolio file.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(name, f"must be a number, not {_kind(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(name, f"must be a finite number, not {json_number(value)}")
    # Compared before any conversion: a 5,000-digit integer is refused here, not by an overflow.
    if value > high:
        raise InputError(name, f"must be at most {high:g}")
    shown = f", not {value:g}" if value >= -high else ""
    if positive and value <= 0:
        raise InputError(name, f"must be greater than 0{shown}")
    if value < 0:
        raise InputError(name, f"must not be negative{shown}")
    return float(value)


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise InputError(name, f"must be a string, not {_kind(value)}")
    if not value.strip():
        raise InputError(name, "must not be empty")
    return value


def _texts(value: object, name: str, pattern: re.Pattern[str] | None = None) -> tuple[str, ...]:
    # A bare string is a sequence too; "KZ" must not turn into ("K", "Z").
    if not isinstance(value, (list, tuple)):
        raise InputError(name, f"must be a list, not {_kind(value)}")
    if not value:
        raise InputError(name, "must not be empty")
    seen: dict[str, int] = {}
    for index, item in enumerate(value):
        text = _text(item, f"{name}[{index}]")
        if pattern is not None and not pattern.fullmatch(text):
            raise InputError(f"{name}[{index}]", f"{text!r} is not a two-letter upper-case country code")
        if text in seen:
            raise InputError(f"{name}[{index}]", f"{text!r} repeats {name}[{seen[text]}]")
        seen[text] = index
    return tuple(value)


def _kind(value: object) -> str:
    names = {bool: "a boolean", str: "a string", list: "a list", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class Project:
    """A project to finance: it is funded in full (allocations adding up to its cost) or not at all."""

    id: str
    cost: float
    sector: str
    countries: tuple[str, ...]
    priority: float = 1.0

    def __post_init__(self) -> None:
        _text(self.id, "id")
        object.__setattr__(self, "cost", _number(self.cost, "cost", positive=True))
        _text(self.sector, "sector")
        object.__setattr__(self, "countries", _texts(self.countries, "countries", _COUNTRY))
        object.__setattr__(
            self, "priority", _number(self.priority, "priority", positive=False, high=MAX_PRIORITY)
        )


@dataclass(frozen=True)
class Funder:
    """A funder: capital to spend, a mandate (sectors, countries) and a ticket range per project."""

    id: str
    capital: float
    sectors: tuple[str, ...]
    countries: tuple[str, ...]
    min_ticket: float = 0.0
    max_ticket: float | None = None

    def __post_init__(self) -> None:
        _text(self.id, "id")
        object.__setattr__(self, "capital", _number(self.capital, "capital", positive=True))
        object.__setattr__(self, "sectors", _texts(self.sectors, "sectors"))
        object.__setattr__(self, "countries", _texts(self.countries, "countries", _COUNTRY))
        object.__setattr__(self, "min_ticket", _number(self.min_ticket, "min_ticket", positive=False))
        if self.max_ticket is not None:
            object.__setattr__(self, "max_ticket", _number(self.max_ticket, "max_ticket", positive=True))
        if self.min_ticket > self.ticket_max:
            bound = "capital" if self.max_ticket is None else "max_ticket"
            raise InputError("min_ticket", f"{self.min_ticket:g} exceeds {bound} {self.ticket_max:g}")
        if self.min_ticket > self.capital:
            raise InputError("min_ticket", f"{self.min_ticket:g} exceeds capital {self.capital:g}")

    @property
    def ticket_max(self) -> float:
        """The largest ticket: max_ticket, or the whole capital when none is given."""
        return self.capital if self.max_ticket is None else self.max_ticket


@dataclass(frozen=True)
class Portfolio:
    """Projects and funders in one currency: the input of `allocate`."""

    currency: str
    projects: tuple[Project, ...]
    funders: tuple[Funder, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.currency, str) or not _CURRENCY.fullmatch(self.currency):
            raise InputError("currency", f"{self.currency!r} is not a three-letter ISO 4217 code such as USD")
        for name, items, kind in (("projects", self.projects, Project), ("funders", self.funders, Funder)):
            if not isinstance(items, (list, tuple)):
                raise InputError(name, f"must be a list, not {_kind(items)}")
            first: dict[str, int] = {}
            for index, item in enumerate(items):
                if not isinstance(item, kind):
                    raise InputError(f"{name}[{index}]", f"must be a {kind.__name__}")
                if item.id in first:
                    raise InputError(
                        f"{name}[{index}].id", f"duplicate id {item.id!r} (also {name}[{first[item.id]}])"
                    )
                first[item.id] = index
            object.__setattr__(self, name, tuple(items))

    def to_json(self) -> dict[str, object]:
        """The portfolio file form that `parse_portfolio` reads back."""
        return {
            "currency": self.currency,
            "projects": [
                {
                    "id": p.id,
                    "cost": p.cost,
                    "sector": p.sector,
                    "countries": list(p.countries),
                    "priority": p.priority,
                }
                for p in self.projects
            ],
            "funders": [
                {
                    "id": f.id,
                    "capital": f.capital,
                    "sectors": list(f.sectors),
                    "countries": list(f.countries),
                    "min_ticket": f.min_ticket,
                    "max_ticket": f.max_ticket,
                }
                for f in self.funders
            ],
        }


_Item = TypeVar("_Item", Project, Funder)
_PROJECT_KEYS = ({"id", "cost", "sector", "countries"}, {"priority"})
_FUNDER_KEYS = ({"id", "capital", "sectors", "countries"}, {"min_ticket", "max_ticket"})


def _fields(value: object, name: str, required: set[str], optional: set[str]) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise InputError(name or "portfolio", f"must be an object, not {_kind(value)}")
    prefix = f"{name}." if name else ""
    for key in value:
        if key not in required and key not in optional:
            expected = ", ".join(sorted(required | optional))
            raise InputError(f"{prefix}{key}", f"unknown field (expected: {expected})")
    for key in sorted(required):
        if key not in value:
            raise InputError(f"{prefix}{key}", "is required")
    return value


def _items(value: object, name: str) -> list[object]:
    if not isinstance(value, list):
        raise InputError(name, f"must be a list, not {_kind(value)}")
    return value


def _build(name: str, kind: type[_Item], fields: Mapping[str, object]) -> _Item:
    # The dataclass names the field; the file path in front of it is only known here.
    try:
        return kind(**fields)  # type: ignore[arg-type]  # the dataclass checks every value itself
    except InputError as error:
        raise InputError(f"{name}.{error.field}", error.message) from None


def parse_portfolio(data: object) -> Portfolio:
    """Validate a decoded portfolio file; raise InputError naming the field (``funders[2].min_ticket``)."""
    root = _fields(data, "", {"currency", "projects", "funders"}, set())
    projects = []
    for index, item in enumerate(_items(root["projects"], "projects")):
        name = f"projects[{index}]"
        projects.append(_build(name, Project, _fields(item, name, *_PROJECT_KEYS)))
    funders = []
    for index, item in enumerate(_items(root["funders"], "funders")):
        funders.append(_build(f"funders[{index}]", Funder, _fields(item, f"funders[{index}]", *_FUNDER_KEYS)))
    return Portfolio(root["currency"], tuple(projects), tuple(funders))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------
# Output


@dataclass(frozen=True)
class Allocation:
    project: str
    funder: str
    amount: float


@dataclass(frozen=True)
class Gap:
    project: str
    gap: float


@dataclass(frozen=True)
class AllocationResult:
    """A plan. Lists follow the portfolio's order of projects, then of funders."""

    funded: list[str]
    allocations: list[Allocation]
    value: float
    unfunded: list[Gap]
    optimal: bool
    gap: float = 0.0
    """How far the plan may be from the best, relative to a proven upper bound U: (U - value) / U;
    0 when `optimal`. A time limit can stop the search before the proof."""

    def to_json(self) -> dict[str, object]:
        """The `accord finance allocate --json` output (README)."""
        return {
            "funded": list(self.funded),
            "allocations": [
                {"project": a.project, "funder": a.funder, "amount": a.amount} for a in self.allocations
            ],
            "value": self.value,
            "unfunded": [{"project": g.project, "gap": g.gap} for g in self.unfunded],
            "optimal": self.optimal,
            "gap": self.gap,
        }


def eligible(project: Project, funder: Funder) -> bool:
    """May `funder` fund `project`: its sector is in the mandate and so is every one of its countries."""
    return project.sector in funder.sectors and set(project.countries) <= set(funder.countries)

"""Funding allocation: which projects to fund, and by whom, to maximise priority-weighted cost.

The rules are those of the funding portfolio file in DESIGN.md. `allocate` is exact: reductions that
provably keep an optimal plan, independent components, and a mixed-integer model per component that
HiGHS solves to a zero gap. Its amounts are then repaired so that every constraint holds to floating
point rounding, far inside the 1e-6 relative contract that `check_plan` enforces.

Validation choices (the dataclasses validate themselves, so no invalid portfolio can exist):
- unknown keys are rejected, so a typo such as ``min_tiket`` cannot silently become a default;
- numbers are JSON numbers (not booleans, not strings), finite; cost and capital > 0, tickets and
  priority >= 0, max_ticket > 0 or null (meaning: the capital), min_ticket <= max_ticket and <= capital;
- ids, sectors and country codes are non-empty strings; countries are ISO 3166 alpha-2 codes in upper
  case (a lower-case "kz" would silently match nothing); lists are non-empty and without repeats;
- currency is three upper-case letters (ISO 4217 form; the list of codes is not hard-coded);
- empty project or funder lists are valid: the plan is then empty.
"""

from __future__ import annotations

import heapq
import math
import re
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from highspy import HighsModelStatus, HighsVarType, ObjSense

# `highspy.Highs()` prints a banner on stdout when constructed, before any option can be set, which
# would corrupt `accord finance allocate --json`; the extension class underneath takes options first.
from highspy._core import _Highs

from accord.core.errors import InputError

TOLERANCE = 1e-6
"""Relative tolerance of the contract ("amounts are exact to 1e-6 relative"), used by `check_plan`."""

_CURRENCY = re.compile(r"[A-Z]{3}")
_COUNTRY = re.compile(r"[A-Z]{2}")
# Below this relative size a repair step is float noise.
_NOISE = 1e-13
# HiGHS's feasibility tolerances (mip, primal) for the first solve: its defaults, which were faster than
# tight ones on the benchmark before `_fill` existed (on the hard portfolios left to the whole search
# neither setting wins on every seed). A plan is kept only if, once repaired, it holds to _STRICT;
# otherwise the tolerances were exploited (two projects "fitting" a capital they exceed by 1e-7) and
# the portfolio is solved again at _STRICT.
_FAST = (1e-6, 1e-7)
_STRICT = 1e-9
# A reduced cost above this (objective in units of the least valuable project) is not zero; see _fill.
_REDUCED_COST = 1e-6
# `_fill` counts money in the largest unit that makes every marginal cost whole, down to a thousandth,
# and gives up (leaving the search to HiGHS) when its table of sums times its items would pass this.
_FILL_WORK = 200_000_000
# HiGHS's absolute gap, in the same units: a plan within it of the bound is optimal.
_GAP = 1e-6


# ---------------------------------------------------------------------------------------------------
# Input


def _number(value: object, name: str, *, positive: bool) -> float:
    # bool is an int in Python but never a meaningful amount in a portfolio file.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(name, f"must be a number, not {_kind(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise InputError(name, "must be a finite number")
    if positive and number <= 0:
        raise InputError(name, f"must be greater than 0, not {value}")
    if number < 0:
        raise InputError(name, f"must not be negative, not {value}")
    return number


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
        object.__setattr__(self, "priority", _number(self.priority, "priority", positive=False))


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
        """The portfolio file form (DESIGN.md) that `parse_portfolio` reads back."""
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

    def to_json(self) -> dict[str, object]:
        """The `accord finance allocate --json` output of DESIGN.md."""
        return {
            "funded": list(self.funded),
            "allocations": [
                {"project": a.project, "funder": a.funder, "amount": a.amount} for a in self.allocations
            ],
            "value": self.value,
            "unfunded": [{"project": g.project, "gap": g.gap} for g in self.unfunded],
            "optimal": self.optimal,
        }


def eligible(project: Project, funder: Funder) -> bool:
    """May `funder` fund `project`: its sector is in the mandate and so is every one of its countries."""
    return project.sector in funder.sectors and set(project.countries) <= set(funder.countries)


# ---------------------------------------------------------------------------------------------------
# Solver


class _Problem:
    """Index form of a portfolio: eligible pairs with tightened ticket bounds, and the plan being built.

    A pair k joins project `pair_project[k]` and funder `pair_funder[k]`; its amount is 0 or within
    [lo[k], hi[k]], where hi = min(max ticket, cost, capital). Pairs with lo > hi cannot be used at all
    and are not created.
    """

    def __init__(self, portfolio: Portfolio) -> None:
        projects, funders = portfolio.projects, portfolio.funders
        self.cost = [p.cost for p in projects]
        self.value = [p.priority * p.cost for p in projects]
        self.capital = [f.capital for f in funders]
        self.pair_project: list[int] = []
        self.pair_funder: list[int] = []
        self.lo: list[float] = []
        self.hi: list[float] = []
        self.of_project: list[list[int]] = [[] for _ in projects]
        self.of_funder: list[list[int]] = [[] for _ in funders]
        by_sector: dict[str, list[int]] = {}
        for j, funder in enumerate(funders):
            for sector in funder.sectors:
                by_sector.setdefault(sector, []).append(j)
        coverage = [frozenset(f.countries) for f in funders]
        for i, project in enumerate(projects):
            countries = frozenset(project.countries)
            for j in by_sector.get(project.sector, ()):
                funder = funders[j]
                hi = min(funder.ticket_max, project.cost, funder.capital)
                if countries <= coverage[j] and funder.min_ticket <= hi:
                    k = len(self.lo)
                    self.pair_project.append(i)
                    self.pair_funder.append(j)
                    self.lo.append(funder.min_ticket)
                    self.hi.append(hi)
                    self.of_project[i].append(k)
                    self.of_funder[j].append(k)
        self.amount = [0.0] * len(self.lo)
        self.funded = [False] * len(projects)
        # Pairs a funded project may use: those the solver chose, plus every pair without a minimum
        # ticket (an amount there may grow from 0 while repairing rounding).
        self.usable: list[list[int]] = [[] for _ in projects]
        self.open = [False] * len(projects)
        self.roomy = [False] * len(funders)

    def reduce(self) -> None:
        """Settle what needs no search; leaves `open` the projects still undecided.

        A project that no mix of tickets can cover, or that adds no value, stays unfunded. A funder is
        roomy when its capital covers the largest ticket to every open project it may fund: its capital
        constraint then binds nothing, so a project it can fund alone is funded by it alone in some
        optimal plan (moving the project there only lowers other funders' use). Funding such a project
        shrinks other funders' demand, which can make them roomy in turn.
        """
        for i, pairs in enumerate(self.of_project):
            reach = math.fsum(self.hi[k] for k in pairs)
            self.open[i] = self.value[i] > 0 and reach >= self.cost[i] * (1 - _NOISE)
        self.capital_left = list(self.capital)
        demand = [
            math.fsum(self.hi[k] for k in pairs if self.open[self.pair_project[k]])
            for pairs in self.of_funder
        ]
        queue = [j for j in range(len(demand)) if self.capital_left[j] >= demand[j]]
        for j in queue:
            self.roomy[j] = True
        heapq.heapify(queue)
        while queue:
            j = heapq.heappop(queue)
            for k in self.of_funder[j]:
                i = self.pair_project[k]
                if not self.open[i] or self.hi[k] < self.cost[i]:
                    continue
                self.open[i] = False
                self.funded[i] = True
                self.amount[k] = self.cost[i]
                self.usable[i] = [k]
                self.capital_left[j] -= self.cost[i]
                for other in self.of_project[i]:
                    g = self.pair_funder[other]
                    demand[g] -= self.hi[other]
                    if not self.roomy[g] and self.capital_left[g] >= demand[g]:
                        self.roomy[g] = True
                        heapq.heappush(queue, g)

    def components(self) -> list[list[int]]:
        """Open projects grouped by shared non-roomy funders: each group is solved on its own."""
        parent = list(range(len(self.open)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for j, pairs in enumerate(self.of_funder):
            if self.roomy[j]:
                continue
            members = [self.pair_project[k] for k in pairs if self.open[self.pair_project[k]]]
            for i in members[1:]:
                a, b = root(members[0]), root(i)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        groups: dict[int, list[int]] = {}
        for i, is_open in enumerate(self.open):
            if is_open:
                groups.setdefault(root(i), []).append(i)
        return list(groups.values())

    def solve(self, projects: list[int], time_limit: float | None, tolerances: tuple[float, float]) -> bool:
        """Solve one component exactly; True when proven optimal.

        Variables: z_i in {0,1} (project i funded), x_k in [0, hi_k] (amount of pair k), and w_k in
        {0,1} (ticket used) for pairs with a minimum ticket. Rows: sum_k x_k = cost_i z_i per project;
        sum_k x_k <= capital per funder that is not roomy; lo_k w_k <= x_k <= hi_k w_k. No w_k <= z_i:
        z_i = 0 forces x_k = 0 and so w_k = 0 already, and measured over seeded portfolios the extra rows
        only slowed HiGHS down. HiGHS starts from the greedy plan, which is also what is kept when no
        time is left (time_limit <= 0) or HiGHS finds nothing in time.

        Money is counted in a power of two near the smallest cost (exact in binary), so amounts are at
        least about 1 and HiGHS's absolute tolerances act about as relative ones. Value is counted in
        units of the least valuable project (at most a millionth of the most valuable), so HiGHS's
        absolute gap of 1e-6 is far below any project's worth.
        """
        index = np.array(projects)
        position = np.full(len(self.cost), -1, dtype=np.int64)
        position[index] = np.arange(len(projects))
        pairs = np.array([k for i in projects for k in self.of_project[i]], dtype=np.int64)
        n, m = len(projects), len(pairs)
        project_of = position[np.array(self.pair_project)[pairs]]
        funder_of = np.array(self.pair_funder)[pairs]
        unit = 2.0 ** round(math.log2(min(self.cost[i] for i in projects)))
        cost = np.array(self.cost)[index] / unit
        lo = np.array(self.lo)[pairs] / unit
        hi = np.array(self.hi)[pairs] / unit
        semi = np.flatnonzero(lo > 0)
        q = len(semi)
        x_col, w_col = n + np.arange(m), n + m + np.arange(q)

        binding = sorted({int(j) for j in funder_of if not self.roomy[j]})
        row_of_funder = np.full(len(self.capital), -1, dtype=np.int64)
        row_of_funder[binding] = n + np.arange(len(binding))
        capped = np.flatnonzero(row_of_funder[funder_of] >= 0)
        upper_rows, lower_rows = n + len(binding) + np.arange(q), n + len(binding) + q + np.arange(q)
        entries = [  # (rows, columns, coefficients)
            (project_of, x_col, np.ones(m)),
            (np.arange(n), np.arange(n), -cost),
            (row_of_funder[funder_of[capped]], x_col[capped], np.ones(len(capped))),
            (upper_rows, x_col[semi], np.ones(q)),
            (upper_rows, w_col, -hi[semi]),
            (lower_rows, x_col[semi], np.ones(q)),
            (lower_rows, w_col, -lo[semi]),
        ]
        row, col, val = (np.concatenate(parts) for parts in zip(*entries, strict=True))
        order = np.argsort(row, kind="stable")
        num_rows = n + len(binding) + 2 * q
        starts = np.searchsorted(row[order], np.arange(num_rows)).astype(np.int32)
        capital = np.array(self.capital_left)[binding] / unit
        lower = np.concatenate(
            [np.zeros(n), np.full(len(binding), -np.inf), np.full(q, -np.inf), np.zeros(q)]
        )
        upper = np.concatenate([np.zeros(n), capital, np.zeros(q), np.full(q, np.inf)])

        value = np.array(self.value)[index]
        highs = _Highs()
        for option, setting in (
            ("output_flag", False),
            ("mip_rel_gap", 0.0),
            ("mip_abs_gap", _GAP),
            ("mip_feasibility_tolerance", tolerances[0]),
            ("primal_feasibility_tolerance", tolerances[1]),
        ):
            highs.setOptionValue(option, setting)
        num_cols = n + m + q
        highs.addVars(num_cols, np.zeros(num_cols), np.concatenate([np.ones(n), hi, np.ones(q)]))
        weight = value / max(value.min(), 1e-6 * value.max())
        highs.changeColsCost(n, np.arange(n, dtype=np.int32), weight)
        integer = np.concatenate([np.arange(n), w_col]).astype(np.int32)
        kinds = np.full(len(integer), HighsVarType.kInteger, np.uint8)
        highs.changeColsIntegrality(len(integer), integer, kinds)
        highs.changeObjectiveSense(ObjSense.kMaximize)
        highs.addRows(num_rows, lower, upper, len(val), starts, col[order].astype(np.int32), val[order])
        start = np.zeros(num_cols)
        for t, amount in self._greedy(projects, pairs.tolist()).items():
            start[project_of[t]] = 1.0
            start[n + t] = amount / unit
        start[w_col] = start[n + semi] > 0
        if time_limit is not None and time_limit <= 0:
            solution, optimal = start, False
        else:
            deadline = None if time_limit is None else time.monotonic() + time_limit
            solution, optimal = self._search(highs, start, weight, integer, projects, deadline)

        chosen = np.ones(m, dtype=bool)
        chosen[semi] = solution[w_col] > 0.5
        funded = solution[:n] > 0.5
        amounts = solution[x_col] * unit
        for t in np.flatnonzero(funded[project_of] & chosen).tolist():
            k = int(pairs[t])
            i = projects[int(project_of[t])]
            self.funded[i] = True
            self.usable[i].append(k)
            self.amount[k] = float(amounts[t])
        return optimal

    def _search(
        self,
        highs: _Highs,
        start: np.ndarray,
        weight: np.ndarray,
        integer: np.ndarray,
        projects: list[int],
        deadline: float | None,
    ) -> tuple[np.ndarray, bool]:
        """Run HiGHS on the model in `highs`: (the best plan, whether it is proven optimal).

        First the LP relaxation, whose value U bounds every plan. On pipelines with a few priority
        levels U is usually reached, yet a general MILP search takes long to find a plan worth it:
        money is fungible along the pairs, so what is left is a subset-sum over the projects at the
        margin (see `_fill`). The funded set `_fill` proposes is checked by HiGHS with every project
        fixed (only the tickets are left to choose); if it is feasible and worth U, it is optimal and
        nothing else runs. Otherwise the whole model is solved, starting from the best plan seen.
        """
        n = len(weight)
        num_cols = len(start)
        columns = np.arange(num_cols, dtype=np.int32)
        best, funded = start, None
        if self._time_left(highs, deadline):
            continuous = np.full(len(integer), HighsVarType.kContinuous, np.uint8)
            highs.changeColsIntegrality(len(integer), integer, continuous)
            highs.run()
            relaxed = highs.getModelStatus() == HighsModelStatus.kOptimal
            if relaxed:
                bound = highs.getInfo().objective_function_value
                lp = highs.getSolution()
                funded = self._fill(projects, np.array(lp.col_value[:n]), np.array(lp.col_dual[:n]))
            highs.changeColsIntegrality(
                len(integer), integer, np.full(len(integer), HighsVarType.kInteger, np.uint8)
            )
            highs.clearSolver()
            if relaxed and funded is not None and self._time_left(highs, deadline):
                highs.changeColsBounds(n, columns[:n], funded, funded)
                highs.run()
                if highs.getInfo().primal_solution_status == 2 and self._consistent(highs, weight, n):
                    plan = np.array(highs.getSolution().col_value)
                    if highs.getInfo().objective_function_value >= bound - _GAP:
                        return plan, True
                    if weight @ plan[:n] > weight @ start[:n]:
                        best = plan
                highs.changeColsBounds(n, columns[:n], np.zeros(n), np.ones(n))
                highs.clearSolver()
        if not self._time_left(highs, deadline):
            return best, False
        highs.setSolution(num_cols, columns, best)
        highs.run()
        if not self._consistent(highs, weight, n):
            # highspy 1.16.0 can report the optimum yet hand back the start plan (seen on a 4-project
            # portfolio): the plan must be worth what HiGHS says, so solve again without the start.
            highs.clearSolver()
            highs.run()
        optimal = highs.getModelStatus() == HighsModelStatus.kOptimal
        found = optimal or highs.getInfo().primal_solution_status == 2  # 2: a feasible plan
        if found and not self._consistent(highs, weight, n):
            raise RuntimeError("HiGHS returned a plan that is not worth its reported value")
        return (np.array(highs.getSolution().col_value) if found else best), optimal

    def _fill(self, projects: list[int], share: np.ndarray, reduced: np.ndarray) -> np.ndarray | None:
        """A funded set (0/1 per project of the component) that spends what the LP relaxation spends at
        the margin, exactly, or None.

        Projects whose reduced cost is positive are funded in every plan worth the LP's value U, those
        with a negative one in none (complementary slackness). The LP funds a few projects in part; a
        plan worth U re-spends their money on projects of the same value per unit of money (the
        margin: a degenerate LP gives zero reduced costs elsewhere too, but only these can trade
        places without changing the value), adding some and dropping others so that each level spends
        exactly what the LP spends on it.
        """
        funded = np.where(np.abs(reduced) <= _REDUCED_COST, share >= 1 - 1e-9, reduced > 0).astype(float)
        cost = np.array([self.cost[i] for i in projects])
        density = np.array([self.value[i] for i in projects]) / cost
        part = (share > 1e-9) & (share < 1 - 1e-9)
        levels: list[float] = []
        for level in density[part]:
            if all(abs(level - seen) > 1e-9 * level for seen in levels):
                levels.append(float(level))
        for level in levels:
            margin = np.flatnonzero(
                (np.abs(reduced) <= _REDUCED_COST) & (np.abs(density - level) <= 1e-9 * level)
            )
            units = _whole_units(cost[margin])
            if units is None:
                return None
            unit_money = cost[margin[0]] / units[0]
            here = part & (np.abs(density - level) <= 1e-9 * level)
            left = math.fsum(share[here] * cost[here])
            is_in = share[margin] >= 1 - 1e-9
            # Part-funded projects first, then the unfunded, then dropping funded ones: the first way
            # found to reach a sum prefers them.
            order = np.argsort(np.where(is_in, 2, np.where(share[margin] > 1e-9, 0, 1)), kind="stable")
            moves = _subset_sum(np.where(is_in, -units, units)[order], math.floor(left / unit_money + 1e-9))
            if moves is None:
                return None
            for item in order[moves]:
                funded[margin[item]] = 0.0 if is_in[item] else 1.0
        return funded

    @staticmethod
    def _time_left(highs: _Highs, deadline: float | None) -> bool:
        # HiGHS's time limit counts from each run; give each run what is left of the component's time.
        if deadline is None:
            return True
        left = deadline - time.monotonic()
        highs.setOptionValue("time_limit", max(left, 0.0))
        return left > 0

    @staticmethod
    def _consistent(highs: _Highs, weight: np.ndarray, n: int) -> bool:
        # True when there is no plan yet, or the plan's worth is the objective HiGHS reports for it.
        if highs.getInfo().primal_solution_status != 2:
            return True
        worth = float(np.dot(weight, np.array(highs.getSolution().col_value[:n])))
        return abs(worth - highs.getInfo().objective_function_value) <= 1e-6 * max(1.0, abs(worth))

    def _greedy(self, projects: list[int], pairs: list[int]) -> dict[int, float]:
        """A quick plan for HiGHS to start from: {position in `pairs`: amount}.

        Projects in order of priority, large ones first within a priority (first-fit decreasing); each
        takes the largest tickets still available. A roomy funder's capital needs no tracking.
        """
        by_project: dict[int, list[int]] = {}
        for t, k in enumerate(pairs):
            by_project.setdefault(self.pair_project[k], []).append(t)
        left = {j: self.capital_left[j] for j in {self.pair_funder[k] for k in pairs} if not self.roomy[j]}
        plan: dict[int, float] = {}
        for i in sorted(projects, key=lambda i: (-self.value[i] / self.cost[i], -self.cost[i], i)):
            offers = []
            for t in by_project[i]:
                k = pairs[t]
                available = min(self.hi[k], left.get(self.pair_funder[k], math.inf))
                if available >= self.lo[k]:
                    offers.append((available, t))
            taken = self._fit(
                self.cost[i], [(self.lo[pairs[t]], available, t) for available, t in sorted(offers)[::-1]]
            )
            if taken is not None:
                for t, amount in taken.items():
                    plan[t] = amount
                    j = self.pair_funder[pairs[t]]
                    if j in left:
                        left[j] -= amount
        return plan

    @staticmethod
    def _fit(cost: float, offers: list[tuple[float, float, int]]) -> dict[int, float] | None:
        # Take from offers (minimum, available, key) in turn; a share below an offer's minimum is raised
        # to it by giving back from earlier shares above their own minimums.
        taken: dict[int, float] = {}
        minimum_of: dict[int, float] = {}
        need = cost
        for low, available, key in offers:
            if need <= _NOISE * cost:
                break
            share = min(available, need)
            if share < low:
                give_back = low - share
                if math.fsum(taken[k] - minimum_of[k] for k in taken) < give_back:
                    continue
                for k in taken:
                    step = min(give_back, taken[k] - minimum_of[k])
                    taken[k] -= step
                    give_back -= step
                share = low
            taken[key], minimum_of[key] = share, low
            need = cost - math.fsum(taken.values())
        return taken if abs(need) <= _NOISE * cost else None

    def repair(self) -> None:
        """Make every funded project's amounts add up to its cost, within tickets and capital.

        The solver's amounts are right to its tolerances. Clipping puts each amount in its ticket
        range; a project over its cost gives back from its largest amounts; then each shortfall of a
        project and each excess of a funder is moved along augmenting paths (raise a pair, lower another
        pair of that funder, raise ...) to a funder with capital to spare, as in a max-flow.
        """
        amount, lo, hi, cost = self.amount, self.lo, self.hi, self.cost
        funded = [i for i, is_funded in enumerate(self.funded) if is_funded]
        for i in funded:
            for k in self.usable[i]:
                amount[k] = min(max(amount[k], lo[k]), hi[k])
                if lo[k] == 0 and amount[k] <= _STRICT * cost[i]:
                    amount[k] = 0.0  # solver noise, not a ticket
            surplus = math.fsum(amount[k] for k in self.usable[i]) - cost[i]
            for k in sorted(self.usable[i], key=lambda k: lo[k] - amount[k]):
                if surplus <= 0:
                    break
                step = min(surplus, amount[k] - lo[k])
                amount[k] -= step
                surplus -= step
        self.funded_pairs: list[list[int]] = [[] for _ in self.capital]
        for i in funded:
            for k in self.usable[i]:
                self.funded_pairs[self.pair_funder[k]].append(k)
        self.spare = [
            c - math.fsum(amount[k] for k in pairs)
            for c, pairs in zip(self.capital, self.funded_pairs, strict=True)
        ]
        for i in funded:
            self._settle(i)
        for j in range(len(self.capital)):
            self._settle(-1 - j)
        for i in funded:
            # The last amount takes the rounding of the sum, when its ticket range and capital allow.
            last = max(k for k in self.usable[i] if amount[k] > 0)
            exact = cost[i] - math.fsum(amount[k] for k in self.usable[i] if k != last)
            change = exact - amount[last]
            if lo[last] <= exact <= hi[last] and change <= max(self.spare[self.pair_funder[last]], 0.0):
                self.spare[self.pair_funder[last]] -= change
                amount[last] = exact

    def _settle(self, node: int) -> None:
        # node >= 0 is a project short of its cost; node < 0 is funder -1 - node over its capital.
        for _ in range(len(self.amount) + 1):
            if node >= 0:
                need = self.cost[node] - math.fsum(self.amount[k] for k in self.usable[node])
                scale = self.cost[node]
            else:
                need, scale = -self.spare[-1 - node], self.capital[-1 - node]
            if need <= _NOISE * scale or not self._augment(node, need):
                return

    def _augment(self, start: int, need: float) -> bool:
        """Move up to `need` along one shortest augmenting path from `start`; False when there is none."""
        amount, lo, hi = self.amount, self.lo, self.hi
        came_from: dict[int, tuple[int, int, int]] = {}
        queue = deque([start])
        end = None
        while queue and end is None:
            node = queue.popleft()
            if node >= 0:  # a project that needs more: raise one of its pairs, those in use first
                for k in sorted(self.usable[node], key=lambda k: amount[k] <= 0):
                    funder = -1 - self.pair_funder[k]
                    if funder != start and funder not in came_from and hi[k] - amount[k] > _NOISE * hi[k]:
                        came_from[funder] = (node, k, 1)
                        if self.spare[-1 - funder] > _NOISE * self.capital[-1 - funder]:
                            end = funder
                            break
                        queue.append(funder)
            else:  # a funder that must give back: lower one of its pairs above its minimum ticket
                for k in self.funded_pairs[-1 - node]:
                    project = self.pair_project[k]
                    if (
                        project != start
                        and project not in came_from
                        and amount[k] - lo[k] > _NOISE * amount[k]
                    ):
                        came_from[project] = (node, k, -1)
                        queue.append(project)
        if end is None:
            return False
        path = []
        node = end
        while node != start:
            node, k, sign = came_from[node]
            path.append((k, sign))
        step = min(
            [need, self.spare[-1 - end]]
            + [hi[k] - amount[k] if s > 0 else amount[k] - lo[k] for k, s in path]
        )
        for k, sign in path:
            amount[k] += sign * step
        self.spare[-1 - end] -= step
        if start < 0:
            self.spare[-1 - start] += step
        return True


def _whole_units(amounts: np.ndarray) -> np.ndarray | None:
    """`amounts` as whole multiples of the largest unit that makes each whole (down to a thousandth of
    the currency unit), or None when there is none."""
    for digits in range(4):
        scaled = amounts * 10.0**digits
        if scaled.max() >= 2.0**53:  # beyond whole floats (and int64 sums): no exact units to count in
            return None
        if np.all(np.abs(scaled - np.round(scaled)) <= 1e-9 * scaled):
            units = np.round(scaled).astype(np.int64)
            return units // np.gcd.reduce(units)
    return None


def _subset_sum(weights: np.ndarray, target: int) -> np.ndarray | None:
    """Positions of items (signed whole weights, each used at most once) whose sum is the largest one
    not above `target`, or None when no sum is, or the table would be too large (_FILL_WORK).

    A dynamic programme over reachable sums that remembers the item that first reached each sum: the
    sum without that item was reached by earlier items only, so walking back uses each item once.
    """
    low, high = int(weights[weights < 0].sum()), int(weights[weights > 0].sum())
    if not low <= target <= high or (high - low) * len(weights) > _FILL_WORK:
        return None
    parent = np.full(high - low + 1, -1, dtype=np.int64)
    reached = np.zeros(high - low + 1, dtype=bool)
    reached[-low] = True
    for item, weight in enumerate(weights.tolist()):
        shifted = np.zeros_like(reached)
        if weight > 0:
            shifted[weight:] = reached[:-weight]
        elif weight < 0:
            shifted[:weight] = reached[-weight:]
        new = shifted & ~reached
        parent[new] = item
        reached |= new
        if reached[target - low]:
            break
    sums = np.flatnonzero(reached[: target - low + 1])
    if len(sums) == 0:
        return None
    items = []
    total = int(sums[-1]) + low
    while total != 0:
        item = int(parent[total - low])
        items.append(item)
        total -= int(weights[item])
    return np.array(items, dtype=np.int64)


def allocate(portfolio: Portfolio, time_limit: float | None = None) -> AllocationResult:
    """The plan of greatest value (sum of priority x cost of funded projects), proven optimal.

    With `time_limit` (seconds), the best plan found in time is returned, `optimal` telling whether it
    was proven best. Projects are funded in full or not at all; a project of priority 0 adds nothing
    and is never funded. Amounts hold to 1e-9 relative unless even the strict solve cannot get them
    there (see _FAST), and always to the contract's 1e-6.
    """
    deadline = None if time_limit is None else time.monotonic() + time_limit
    result = _plan(portfolio, deadline, _FAST)
    if check_plan(portfolio, result, tolerance=_STRICT):
        result = _plan(portfolio, deadline, (_STRICT, _STRICT))
    violations = check_plan(portfolio, result)
    if violations:  # a solver or repair defect; never hand out a plan that breaks the rules
        raise RuntimeError("allocation broke the rules: " + "; ".join(violations))
    return result


def _plan(portfolio: Portfolio, deadline: float | None, tolerances: tuple[float, float]) -> AllocationResult:
    problem = _Problem(portfolio)
    problem.reduce()
    optimal = True
    for component in problem.components():
        remaining = None if deadline is None else deadline - time.monotonic()
        optimal = problem.solve(component, remaining, tolerances) and optimal
    problem.repair()
    funded = [i for i, is_funded in enumerate(problem.funded) if is_funded]
    return AllocationResult(
        funded=[portfolio.projects[i].id for i in funded],
        allocations=[
            Allocation(
                portfolio.projects[i].id, portfolio.funders[problem.pair_funder[k]].id, problem.amount[k]
            )
            for i in funded
            for k in sorted(problem.usable[i])
            if problem.amount[k] > 0
        ],
        value=math.fsum(problem.value[i] for i in funded),
        unfunded=[
            Gap(p.id, p.cost)
            for p, is_funded in zip(portfolio.projects, problem.funded, strict=True)
            if not is_funded
        ],
        optimal=optimal,
    )


# ---------------------------------------------------------------------------------------------------
# Checking


def check_plan(portfolio: Portfolio, result: AllocationResult, tolerance: float = TOLERANCE) -> list[str]:
    """Every rule of DESIGN.md that `result` breaks for `portfolio`, amounts compared to `tolerance`
    relative; empty when the plan is valid. Does not judge optimality."""
    projects = {p.id: p for p in portfolio.projects}
    funders = {f.id: f for f in portfolio.funders}
    problems: list[str] = []
    funded: set[str] = set()
    for project_id in result.funded:
        if project_id not in projects:
            problems.append(f"funded: unknown project {project_id!r}")
        elif project_id in funded:
            problems.append(f"funded: project {project_id!r} listed twice")
        funded.add(project_id)
    received: dict[str, list[float]] = {}
    spent: dict[str, list[float]] = {}
    pairs: set[tuple[str, str]] = set()
    for a in result.allocations:
        where = f"allocation {a.project}/{a.funder}"
        project, funder = projects.get(a.project), funders.get(a.funder)
        if project is None or funder is None:
            problems.append(f"{where}: unknown project or funder")
            continue
        if (a.project, a.funder) in pairs:
            problems.append(f"{where}: listed twice")
        pairs.add((a.project, a.funder))
        if a.project not in funded:
            problems.append(f"{where}: project is not funded")
        if not eligible(project, funder):
            problems.append(f"{where}: funder's mandate does not cover the project")
        if not (isinstance(a.amount, float) and math.isfinite(a.amount) and a.amount > 0):
            problems.append(f"{where}: amount {a.amount!r} is not a positive number")
            continue
        if a.amount < funder.min_ticket * (1 - tolerance):
            problems.append(f"{where}: amount {a.amount:.12g} below min_ticket {funder.min_ticket:.12g}")
        if a.amount > funder.ticket_max * (1 + tolerance):
            problems.append(f"{where}: amount {a.amount:.12g} above max_ticket {funder.ticket_max:.12g}")
        received.setdefault(a.project, []).append(a.amount)
        spent.setdefault(a.funder, []).append(a.amount)
    for project_id in funded & projects.keys():
        total, cost = math.fsum(received.get(project_id, [])), projects[project_id].cost
        if abs(total - cost) > tolerance * cost:
            problems.append(f"project {project_id}: allocations {total:.12g} differ from cost {cost:.12g}")
    for funder_id, amounts in spent.items():
        total, capital = math.fsum(amounts), funders[funder_id].capital
        if total > capital * (1 + tolerance):
            problems.append(f"funder {funder_id}: allocations {total:.12g} exceed capital {capital:.12g}")
    gaps = {g.project: g.gap for g in result.unfunded}
    expected = {p.id: p.cost for p in portfolio.projects if p.id not in funded}
    if len(gaps) != len(result.unfunded) or gaps.keys() != expected.keys():
        problems.append("unfunded: must list every project not funded, once")
    problems.extend(
        f"unfunded {project_id}: gap {gap!r} is not the cost {expected[project_id]!r}"
        for project_id, gap in gaps.items()
        if project_id in expected and abs(gap - expected[project_id]) > tolerance * expected[project_id]
    )
    value = math.fsum(projects[i].priority * projects[i].cost for i in funded if i in projects)
    if abs(result.value - value) > tolerance * max(value, 1.0):
        problems.append(f"value {result.value!r} is not the funded projects' priority x cost {value!r}")
    return problems

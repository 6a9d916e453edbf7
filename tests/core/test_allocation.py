import copy
import itertools
import json
import math
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from accord.core.allocation import (
    Allocation,
    AllocationResult,
    Funder,
    Gap,
    Portfolio,
    Project,
    allocate,
    check_plan,
    component,
    eligible,
    parse_portfolio,
    problem,
    race,
    solver,
)
from accord.core.allocation.direct import DirectSolution, solve_direct
from accord.core.errors import InputError

README_EXAMPLE: dict[str, Any] = {
    "currency": "USD",
    "projects": [
        {"id": "P1", "cost": 120.0, "sector": "transport", "countries": ["KZ", "CN"], "priority": 3}
    ],
    "funders": [
        {
            "id": "F1",
            "capital": 500.0,
            "sectors": ["transport", "energy"],
            "countries": ["KZ", "CN", "KG"],
            "min_ticket": 5.0,
            "max_ticket": 100.0,
        }
    ],
}


def project(
    id: str,
    cost: float,
    priority: float = 1.0,
    sector: str = "transport",
    countries: tuple[str, ...] = ("KZ",),
) -> Project:
    return Project(id, cost, sector, countries, priority)


def funder(
    id: str,
    capital: float,
    min_ticket: float = 0.0,
    max_ticket: float | None = None,
    sectors: tuple[str, ...] = ("transport",),
    countries: tuple[str, ...] = ("KZ", "CN"),
) -> Funder:
    return Funder(id, capital, sectors, countries, min_ticket, max_ticket)


def solve(projects: list[Project], funders: list[Funder]) -> tuple[Portfolio, AllocationResult]:
    portfolio = Portfolio("USD", tuple(projects), tuple(funders))
    result = allocate(portfolio)
    assert check_plan(portfolio, result, tolerance=1e-12) == []
    return portfolio, result


# --- The README example and small cases -----------------------------------------------------------


def test_design_example_cannot_be_funded_by_tickets_of_at_most_100() -> None:
    result = allocate(parse_portfolio(README_EXAMPLE))
    assert result.to_json() == {
        "funded": [],
        "allocations": [],
        "value": 0.0,
        "unfunded": [{"project": "P1", "gap": 120.0}],
        "optimal": True,
        "gap": 0.0,
    }


def test_design_example_with_a_co_financier_is_funded_in_full() -> None:
    data = copy.deepcopy(README_EXAMPLE)
    data["funders"].append(
        {"id": "F2", "capital": 30.0, "sectors": ["transport"], "countries": ["KZ", "CN"], "min_ticket": 25.0}
    )
    portfolio = parse_portfolio(data)
    result = allocate(portfolio)
    output = json.loads(json.dumps(result.to_json()))
    assert output == result.to_json()
    assert output["funded"] == ["P1"] and output["value"] == 360.0 and output["unfunded"] == []
    amounts = {a["funder"]: a["amount"] for a in output["allocations"]}
    assert amounts.keys() == {"F1", "F2"} and sum(amounts.values()) == 120.0
    assert 90.0 <= amounts["F1"] <= 95.0 and 25.0 <= amounts["F2"] <= 30.0
    assert list(output) == ["funded", "allocations", "value", "unfunded", "optimal", "gap"]


def test_the_most_valuable_set_wins_over_the_largest_priority() -> None:
    # 100 of capital: one priority-5 project of 100 (value 500) loses to 70 + 30 at priority 6 (value 600).
    _, result = solve([project("big", 100, 5), project("a", 70, 6), project("b", 30, 6)], [funder("F", 100)])
    assert result.funded == ["a", "b"] and result.value == 600.0
    assert [g.project for g in result.unfunded] == ["big"]


def test_exact_fill_of_capital_is_feasible() -> None:
    _, result = solve([project("a", 60), project("b", 40)], [funder("F", 100)])
    assert result.funded == ["a", "b"]
    assert [(a.project, a.amount) for a in result.allocations] == [("a", 60.0), ("b", 40.0)]


def test_a_project_below_every_min_ticket_or_above_all_tickets_is_not_funded() -> None:
    _, result = solve(
        [project("small", 4), project("large", 250)],
        [funder("F1", 1000, min_ticket=5, max_ticket=100), funder("F2", 1000, 6, 100)],
    )
    assert result.funded == [] and [g.gap for g in result.unfunded] == [4.0, 250.0]


def test_min_tickets_force_a_split_that_respects_both_funders() -> None:
    # 50 from two funders that each need at least 20 and give at most 30.
    _, result = solve([project("P", 50)], [funder("F1", 100, 20, 30), funder("F2", 100, 20, 30)])
    assert result.funded == ["P"]
    assert all(20 <= a.amount <= 30 for a in result.allocations)


def test_eligibility_needs_the_sector_and_every_country() -> None:
    f = funder("F", 100, sectors=("energy", "transport"), countries=("KZ", "CN"))
    assert eligible(project("P", 1, countries=("KZ", "CN")), f)
    assert not eligible(project("P", 1, countries=("KZ", "KG")), f)
    assert not eligible(project("P", 1, sector="health"), f)
    _, result = solve([project("P", 10, countries=("KZ", "KG"))], [f])
    assert result.funded == []


def test_zero_priority_adds_nothing_and_is_not_funded() -> None:
    _, result = solve([project("P", 10, priority=0)], [funder("F", 100)])
    assert result.funded == [] and result.value == 0.0


def test_empty_portfolio_gives_an_empty_plan() -> None:
    result = allocate(parse_portfolio({"currency": "EUR", "projects": [], "funders": []}))
    assert result == AllocationResult([], [], 0.0, [], True)


def test_roomy_funders_fund_alone_and_competition_is_solved_exactly() -> None:
    # F-big can fund everything it may fund (energy); the transport projects compete for F-small.
    projects = [
        project("E1", 30, 2, sector="energy"),
        project("E2", 50, 1, sector="energy"),
        project("T1", 40, 3),
        project("T2", 35, 2),
        project("T3", 30, 2),
    ]
    funders = [funder("F-big", 1000, sectors=("energy",)), funder("F-small", 70)]
    _, result = solve(projects, funders)
    assert result.funded == ["E1", "E2", "T1", "T3"] and result.value == 60 + 50 + 120 + 60
    assert result.optimal


def test_order_is_the_portfolio_order_and_repeatable() -> None:
    projects = [project(f"P{i}", 10 + i, priority=1 + i % 3) for i in range(12)]
    funders = [funder("F2", 60, min_ticket=3), funder("F1", 50, max_ticket=12)]
    portfolio, first = solve(projects, funders)
    assert first.funded == [p.id for p in projects if p.id in first.funded]
    order = {f.id: n for n, f in enumerate(funders)}
    keys = [([p.id for p in projects].index(a.project), order[a.funder]) for a in first.allocations]
    assert keys == sorted(keys)
    assert allocate(portfolio) == first


def test_awkward_decimals_still_add_up_exactly() -> None:
    # 0.1 + 0.2 != 0.3 in binary floating point; the plan must still satisfy every rule.
    projects = [project("a", 0.3), project("b", 0.7, 2), project("c", 1.1, 3)]
    funders = [funder("F1", 0.4, max_ticket=0.2), funder("F2", 1.7, min_ticket=0.1)]
    _, result = solve(projects, funders)
    assert result.value == pytest.approx(brute_force_value(Portfolio("USD", tuple(projects), tuple(funders))))


def test_a_fit_that_only_holds_within_solver_tolerance_is_solved_again_strictly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 50 + 50.00001 exceed 100 by 1e-7: HiGHS's default tolerance accepts both; the plan may not.
    tolerances: list[tuple[float, float]] = []
    solve_component = component.solve_component

    def spy(
        indexed: Any, projects: list[int], time_limit: float | None, used: tuple[float, float], *rest: Any
    ) -> tuple[bool, float]:
        tolerances.append(used)
        return solve_component(indexed, projects, time_limit, used, *rest)

    monkeypatch.setattr(solver, "solve_component", spy)
    _, result = solve([project("a", 50), project("b", 50.00001)], [funder("F", 100)])
    assert result.funded == ["b"] and result.optimal
    assert tolerances == [problem.FAST, (problem.STRICT, problem.STRICT)]


def test_the_plan_is_worth_what_the_solver_reports() -> None:
    # Found by hypothesis in CI: highspy 1.16.0 reported the optimum (all four funded) but handed back
    # its start plan (P1 left out). F0's one ticket of 10.5-11 must go to P2 or P3 to fit everything.
    projects = [project("P0", 1, priority=2), project("P1", 10), project("P2", 11.5), project("P3", 13)]
    _, result = solve(projects, [funder("F0", 11, min_ticket=10.5), funder("F1", 35)])
    assert result.funded == ["P0", "P1", "P2", "P3"] and result.value == 36.5 and result.optimal


def test_time_limit_zero_returns_a_valid_plan_marked_not_optimal() -> None:
    projects = [project("R", 10, sector="energy"), project("A", 60), project("B", 50)]
    funders = [funder("roomy", 100, sectors=("energy",)), funder("F", 100)]
    portfolio = Portfolio("USD", tuple(projects), tuple(funders))
    result = allocate(portfolio, time_limit=0)
    assert not result.optimal and check_plan(portfolio, result) == []
    assert "R" in result.funded  # settled without search


# --- check_plan ----------------------------------------------------------------------------------------


def test_check_plan_names_every_broken_rule() -> None:
    portfolio = Portfolio(
        "USD",
        (project("P", 100), project("Q", 10), project("R", 10, sector="energy")),
        (funder("F", 100, min_ticket=10, max_ticket=80), funder("G", 5)),
    )
    bad = AllocationResult(
        funded=["P", "P", "X", "R"],
        allocations=[
            Allocation("P", "F", 85.0),
            Allocation("P", "G", 5.0),
            Allocation("P", "G", 5.0),
            Allocation("Q", "F", 9.0),
            Allocation("R", "F", 10.0),
            Allocation("P", "Z", 1.0),
        ],
        value=1.0,
        unfunded=[Gap("Q", 9.0)],
        optimal=True,
    )
    problems = "\n".join(check_plan(portfolio, bad))
    for fragment in [
        "listed twice",
        "unknown project 'X'",
        "above max_ticket",
        "below min_ticket",
        "exceed capital",
        "project is not funded",
        "does not cover",
        "unknown project or funder",
        "gap 9.0 is not the cost",
        "value 1.0",
    ]:
        assert fragment in problems, fragment
    assert check_plan(portfolio, allocate(portfolio)) == []


def test_check_plan_tolerance_is_relative() -> None:
    portfolio = Portfolio("USD", (project("P", 1e9),), (funder("F", 1e9, max_ticket=2e9),))
    close = AllocationResult(["P"], [Allocation("P", "F", 1e9 * (1 + 5e-7))], 1e9, [], True)
    far = AllocationResult(["P"], [Allocation("P", "F", 1e9 * (1 + 2e-6))], 1e9, [], True)
    assert check_plan(portfolio, close) == []
    assert len(check_plan(portfolio, far)) == 2  # the cost and the capital


# --- Validation ---------------------------------------------------------------------------------------


def mutated(change: str) -> object:
    data = copy.deepcopy(README_EXAMPLE)
    data["funders"].append({"id": "F2", "capital": 50, "sectors": ["energy"], "countries": ["KZ"]})
    exec(change, {"d": data, "p": data["projects"][0], "f": data["funders"][1]})
    return data


INVALID = [
    ("d.clear()", "currency", "is required"),
    ("d['extra'] = 1", "extra", "unknown field"),
    ("d['currency'] = 'usd'", "currency", "ISO 4217"),
    ("d['currency'] = 'US'", "currency", "ISO 4217"),
    ("d['currency'] = 840", "currency", "ISO 4217"),
    ("d['projects'] = {}", "projects", "must be a list"),
    ("d['funders'] = None", "funders", "must be a list"),
    ("d['projects'][0] = 'P1'", "projects[0]", "must be an object"),
    ("del p['cost']", "projects[0].cost", "is required"),
    ("p['costs'] = 1", "projects[0].costs", "unknown field"),
    ("p['cost'] = 0", "projects[0].cost", "greater than 0"),
    ("p['cost'] = -5", "projects[0].cost", "greater than 0"),
    ("p['cost'] = True", "projects[0].cost", "not a boolean"),
    ("p['cost'] = '120'", "projects[0].cost", "not a string"),
    ("p['cost'] = float('nan')", "projects[0].cost", "finite"),
    ("p['cost'] = float('inf')", "projects[0].cost", "finite"),
    ("p['cost'] = 10**400", "projects[0].cost", "at most 1e+15"),
    ("p['cost'] = 10**5000", "projects[0].cost", "at most 1e+15"),
    ("p['cost'] = -(10**5000)", "projects[0].cost", "greater than 0"),
    ("p['cost'] = 1.7e308", "projects[0].cost", "at most 1e+15"),
    ("p['cost'] = 1e15 + 1", "projects[0].cost", "at most 1e+15"),
    ("p['priority'] = 1e7", "projects[0].priority", "at most 1e+06"),
    ("p['priority'] = float('-inf')", "projects[0].priority", "finite"),
    ("p['priority'] = -1", "projects[0].priority", "negative"),
    ("p['priority'] = None", "projects[0].priority", "not null"),
    ("p['id'] = ''", "projects[0].id", "empty"),
    ("p['id'] = 7", "projects[0].id", "must be a string"),
    ("p['sector'] = ' '", "projects[0].sector", "empty"),
    ("p['countries'] = []", "projects[0].countries", "empty"),
    ("p['countries'] = 'KZ'", "projects[0].countries", "must be a list"),
    ("p['countries'] = ['KZ', 'kz']", "projects[0].countries[1]", "country code"),
    ("p['countries'] = ['KZ', 'KZ']", "projects[0].countries[1]", "repeats"),
    ("d['projects'].append(dict(p))", "projects[1].id", "duplicate id"),
    ("f['capital'] = 0", "funders[1].capital", "greater than 0"),
    ("f['capital'] = -1.5", "funders[1].capital", "greater than 0"),
    ("f['capital'] = False", "funders[1].capital", "boolean"),
    ("f['min_ticket'] = -1", "funders[1].min_ticket", "negative"),
    ("f['max_ticket'] = 1e300", "funders[1].max_ticket", "at most 1e+15"),
    ("f['capital'] = float('nan')", "funders[1].capital", "finite"),
    ("f['min_ticket'] = 60", "funders[1].min_ticket", "exceeds capital"),
    ("f['max_ticket'] = 0", "funders[1].max_ticket", "greater than 0"),
    ("f.update(min_ticket=20, max_ticket=10)", "funders[1].min_ticket", "exceeds max_ticket"),
    ("f.update(min_ticket=60, max_ticket=100)", "funders[1].min_ticket", "exceeds capital"),
    ("f['sectors'] = []", "funders[1].sectors", "empty"),
    ("f['sectors'] = ['energy', 3]", "funders[1].sectors[1]", "must be a string"),
    ("f['countries'] = ['KZ', 'KZ']", "funders[1].countries[1]", "repeats"),
    ("del f['countries']", "funders[1].countries", "is required"),
    ("f['id'] = 'F1'", "funders[1].id", "duplicate id"),
    ("f['ticket'] = 5", "funders[1].ticket", "unknown field"),
]


@pytest.mark.parametrize(("change", "field", "message"), INVALID, ids=[c for c, _, _ in INVALID])
def test_invalid_portfolios_name_the_field(change: str, field: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_portfolio(mutated(change))
    assert raised.value.field == field
    assert message in raised.value.message
    assert str(raised.value).startswith(f"{field}: ")


def test_the_top_level_must_be_an_object() -> None:
    with pytest.raises(InputError) as raised:
        parse_portfolio([1, 2])
    assert raised.value.field == "portfolio"


def test_valid_files_round_trip_and_defaults_apply() -> None:
    portfolio = parse_portfolio(mutated("pass"))
    assert portfolio.projects[0].countries == ("KZ", "CN") and portfolio.projects[0].priority == 3.0
    extra = portfolio.funders[1]
    assert (extra.min_ticket, extra.max_ticket, extra.ticket_max) == (0.0, None, 50.0)
    assert parse_portfolio(json.loads(json.dumps(portfolio.to_json()))) == portfolio
    assert isinstance(portfolio.funders[1].capital, float)


def test_dataclasses_validate_themselves() -> None:
    with pytest.raises(InputError, match="cost: must be greater than 0"):
        Project("P", 0, "transport", ("KZ",))
    with pytest.raises(InputError, match="min_ticket"):
        Funder("F", 10, ("transport",), ("KZ",), min_ticket=5, max_ticket=4)
    with pytest.raises(InputError, match=r"projects\[1\].id: duplicate"):
        Portfolio("USD", (project("P", 1), project("P", 2)), ())


# --- Against brute force ----------------------------------------------------------------------------------


def brute_force_value(portfolio: Portfolio) -> float:
    """Best value by enumeration, independent of `allocate`: every subset of projects, most valuable
    first, and for each project every choice of which minimum-ticket funders take part; the amounts
    are then a linear feasibility problem (scipy's linprog)."""
    projects, funders = portfolio.projects, portfolio.funders

    def may(p: Project, f: Funder) -> bool:
        return p.sector in f.sectors and all(c in f.countries for c in p.countries)

    def upper(f: Funder) -> float:
        return min(f.capital, f.capital if f.max_ticket is None else f.max_ticket)

    def choices(i: int) -> list[list[int]]:
        p = projects[i]
        free = [j for j, f in enumerate(funders) if may(p, f) and f.min_ticket == 0]
        semi = [j for j, f in enumerate(funders) if may(p, f) and f.min_ticket > 0]
        found = []
        for r in range(len(semi) + 1):
            for used in itertools.combinations(semi, r):
                if sum(upper(funders[j]) for j in free + list(used)) >= p.cost * (1 - 1e-12) and sum(
                    funders[j].min_ticket for j in used
                ) <= p.cost * (1 + 1e-12):
                    found.append(free + list(used))
        return found

    def feasible(subset: tuple[int, ...]) -> bool:
        for pattern in itertools.product(*(choices(i) for i in subset)):
            pairs = [(i, j) for i, used in zip(subset, pattern, strict=True) for j in used]
            if not pairs:
                return not subset
            a_eq = np.zeros((len(subset), len(pairs)))
            a_ub = np.zeros((len(funders), len(pairs)))
            for k, (i, j) in enumerate(pairs):
                a_eq[subset.index(i), k] = 1.0
                a_ub[j, k] = 1.0
            bounds = [(funders[j].min_ticket, upper(funders[j])) for _, j in pairs]
            result = linprog(
                np.zeros(len(pairs)),
                A_ub=a_ub,
                b_ub=[f.capital for f in funders],
                A_eq=a_eq,
                b_eq=[projects[i].cost for i in subset],
                bounds=bounds,
                method="highs",
            )
            if result.status == 0:
                return True
        return False

    subsets = [s for r in range(len(projects) + 1) for s in itertools.combinations(range(len(projects)), r)]
    subsets.sort(key=lambda s: -math.fsum(projects[i].priority * projects[i].cost for i in s))
    return next(math.fsum(projects[i].priority * projects[i].cost for i in s) for s in subsets if feasible(s))


SECTORS = ["transport", "energy"]
COUNTRIES = ["KZ", "CN", "KG"]
amounts = st.integers(1, 40).map(lambda n: n / 2)  # halves: exact in binary, so no borderline fills


@st.composite
def portfolios(draw: st.DrawFn, unit: st.SearchStrategy[float] = amounts) -> Portfolio:
    projects = [
        Project(
            f"P{i}",
            draw(unit),
            draw(st.sampled_from(SECTORS)),
            tuple(draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=2, unique=True))),
            draw(st.sampled_from([0, 1, 1, 2, 3, 0.5])),
        )
        for i in range(draw(st.integers(0, 5)))
    ]
    funders = []
    for j in range(draw(st.integers(0, 3))):
        capital = draw(unit) * 2
        minimum = min(draw(st.one_of(st.just(0.0), unit)), capital)
        maximum = draw(st.one_of(st.none(), unit))
        maximum = None if maximum is None else max(maximum, minimum)
        funders.append(
            Funder(
                f"F{j}",
                capital,
                tuple(draw(st.lists(st.sampled_from(SECTORS), min_size=1, max_size=2, unique=True))),
                tuple(draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3, unique=True))),
                minimum,
                maximum,
            )
        )
    return Portfolio("USD", tuple(projects), tuple(funders))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_optimal_value_matches_brute_force(portfolio: Portfolio) -> None:
    result = allocate(portfolio)
    assert result.optimal
    assert check_plan(portfolio, result, tolerance=1e-12) == []
    assert result.value == pytest.approx(brute_force_value(portfolio), rel=1e-9, abs=1e-9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios(st.integers(1, 400).map(lambda n: n / 10)))
def test_decimal_amounts_give_exact_plans(portfolio: Portfolio) -> None:
    result = allocate(portfolio)
    assert check_plan(portfolio, result, tolerance=1e-12) == []
    assert result.value == pytest.approx(brute_force_value(portfolio), rel=1e-6)


def direct_milp_value(portfolio: Portfolio) -> float:
    """The textbook single MILP (scipy.optimize.milp): x per eligible pair, z per project, w per ticket."""
    projects, funders = portfolio.projects, portfolio.funders
    pairs = [(i, j) for i, p in enumerate(projects) for j, f in enumerate(funders) if eligible(p, f)]
    n, m = len(projects), len(pairs)
    size = n + 2 * m
    rows: list[np.ndarray] = []
    lower: list[float] = []
    upper: list[float] = []
    for i, p in enumerate(projects):
        row = np.zeros(size)
        row[i] = -p.cost
        for k, (pi, _) in enumerate(pairs):
            row[n + k] = 1.0 if pi == i else 0.0
        rows.append(row)
        lower.append(0.0)
        upper.append(0.0)
    for j, f in enumerate(funders):
        row = np.zeros(size)
        for k, (_, pj) in enumerate(pairs):
            row[n + k] = 1.0 if pj == j else 0.0
        rows.append(row)
        lower.append(-np.inf)
        upper.append(f.capital)
    for k, (_, j) in enumerate(pairs):
        for bound, sign in ((funders[j].ticket_max, -1.0), (funders[j].min_ticket, 1.0)):
            row = np.zeros(size)
            row[n + k], row[n + m + k] = 1.0, -bound
            rows.append(row)
            lower.append(0.0 if sign > 0 else -np.inf)
            upper.append(np.inf if sign > 0 else 0.0)
    result = milp(
        -np.concatenate([[p.priority * p.cost for p in projects], np.zeros(2 * m)]),
        integrality=np.concatenate([np.ones(n), np.zeros(m), np.ones(m)]),
        bounds=Bounds(0, np.concatenate([np.ones(n), [funders[j].ticket_max for _, j in pairs], np.ones(m)])),
        constraints=LinearConstraint(np.array(rows), lower, upper),
        options={"mip_rel_gap": 0},
    )
    return -float(result.fun)


@pytest.mark.parametrize("seed", range(12))
def test_medium_portfolios_match_a_direct_milp(seed: int) -> None:
    rng = np.random.default_rng(seed)
    sectors, countries = ["transport", "energy", "digital"], ["KZ", "CN", "KG", "UZ", "RU"]
    projects = [
        Project(
            f"P{i}",
            float(rng.integers(5, 80)),
            str(rng.choice(sectors)),
            tuple(str(c) for c in rng.choice(countries, rng.integers(1, 3), replace=False)),
            float(rng.integers(1, 4)),
        )
        for i in range(25)
    ]
    funders = [
        Funder(
            f"F{j}",
            float(rng.integers(60, 200)),
            tuple(str(s) for s in rng.choice(sectors, rng.integers(1, 3), replace=False)),
            tuple(str(c) for c in rng.choice(countries, rng.integers(2, 5), replace=False)),
            float(rng.choice([0, 3, 8])),
            float(rng.choice([30, 50, 100])),
        )
        for j in range(6)
    ]
    portfolio = Portfolio("USD", tuple(projects), tuple(funders))
    result = allocate(portfolio)
    assert result.optimal and check_plan(portfolio, result, tolerance=1e-12) == []
    assert result.value == pytest.approx(direct_milp_value(portfolio), rel=1e-9)


# --- The margin filled by a subset-sum (the fast path of `allocate`) ---------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-12, 12).filter(bool), max_size=8), st.integers(-40, 40))
def test_subset_sum_reaches_the_largest_sum_not_above_the_target(weights: list[int], target: int) -> None:
    sums = {sum(c) for r in range(len(weights) + 1) for c in itertools.combinations(weights, r)}
    best = max((s for s in sums if s <= target), default=None)
    items = component.subset_sum(np.array(weights, dtype=np.int64), target)
    low, high = sum(w for w in weights if w < 0), sum(w for w in weights if w > 0)
    if best is None or not low <= target <= high:
        assert items is None
    else:
        assert items is not None and len(set(items.tolist())) == len(items)
        assert sum(weights[i] for i in items) == best


def test_whole_units_are_the_largest_common_unit() -> None:
    assert component.whole_units(np.array([2.5, 7.5, 10.0])).tolist() == [1, 3, 4]
    assert component.whole_units(np.array([0.001, 3.0])).tolist() == [1, 3000]
    assert component.whole_units(np.array([1 / 3, 1.0])) is None
    assert component.whole_units(np.array([1e16, 1.0])) is None  # past whole floats


def test_a_tight_relaxation_is_filled_without_the_whole_search(monkeypatch: pytest.MonkeyPatch) -> None:
    # One priority, capital 100: the LP funds 60 + 30 and a tenth of 97; a plan worth 100 swaps in
    # 10 for the part-funded money. The LP and one check with every project fixed prove it.
    runs = []
    run = component._Highs.run

    def counted(highs: Any) -> Any:
        runs.append(1)
        return run(highs)

    monkeypatch.setattr(component._Highs, "run", counted)
    costs = [60, 30, 97, 10, 45, 8]
    _, result = solve([project(f"P{c}", c) for c in costs], [funder("F", 100, min_ticket=5)])
    assert result.optimal and result.value == 100 and len(runs) == 2


def test_when_the_relaxation_is_not_reached_the_whole_search_decides() -> None:
    # Capital 100 but costs 34, 35, 36 (any two fit, not three): the LP's 100 is out of reach.
    portfolio, result = solve([project("a", 34), project("b", 35), project("c", 36)], [funder("F", 100)])
    assert result.optimal and result.value == 71 and result.funded == ["b", "c"]
    assert result.value == pytest.approx(brute_force_value(portfolio))


# --- The race against the direct model ---------------------------------------------------------------


def _seeded(seed: int, n_projects: int = 5) -> Portfolio:
    rng = np.random.default_rng(seed)
    projects = tuple(
        Project(f"P{i}", float(rng.integers(5, 60)), "energy", ("KZ",), float(rng.integers(1, 4)))
        for i in range(n_projects)
    )
    funders = tuple(
        Funder(f"F{j}", float(rng.integers(30, 120)), ("energy",), ("KZ",), float(rng.integers(0, 8)))
        for j in range(2)
    )
    return Portfolio("USD", projects, funders)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_direct_models_optimum_is_repaired_into_a_valid_plan_of_the_same_value(seed: int) -> None:
    portfolio = _seeded(seed)
    direct = solve_direct(portfolio)
    assert direct is not None and direct.optimal
    plan = solver._rival_plan(portfolio, direct)
    assert check_plan(portfolio, plan, tolerance=1e-9) == []
    assert plan.optimal and plan.value == pytest.approx(allocate(portfolio, race=False).value)
    assert plan.value == pytest.approx(brute_force_value(portfolio))


def test_racing_gives_the_same_optimum_and_stops_the_second_process() -> None:
    portfolio = _seeded(4, n_projects=10)
    raced = allocate(portfolio, race=True)
    assert raced.optimal and check_plan(portfolio, raced) == []
    assert raced.value == pytest.approx(allocate(portfolio, race=False).value)


def test_a_proven_rival_interrupts_our_search(monkeypatch: pytest.MonkeyPatch) -> None:
    # A rival that has already proven an optimum: ours stops at once (its interrupt and the greedy
    # placeholder), and the plan handed out is the rival's, repaired and checked.
    portfolio = _seeded(5)
    known = solve_direct(portfolio)
    assert known is not None and known.optimal

    class Proven:
        def __init__(self, *args: Any) -> None:
            pass

        def proven(self) -> Any:
            return known

        def stop(self) -> None:
            pass

    monkeypatch.setattr(solver, "Rival", Proven)
    result = allocate(portfolio, race=True)
    assert result.optimal and result.gap == 0.0 and check_plan(portfolio, result) == []
    assert result.value == pytest.approx(brute_force_value(portfolio))


def test_the_rival_also_runs_as_a_fresh_interpreter_where_fork_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    portfolio = _seeded(6)
    monkeypatch.delattr(race.os, "fork")
    rival = race.Rival(portfolio, 30.0)
    try:
        answer = rival.answer(wait=60.0)
    finally:
        rival.stop()
    assert answer is not None and answer.optimal
    assert solver._rival_plan(portfolio, answer).value == pytest.approx(brute_force_value(portfolio))


def test_the_forked_rival_answers_and_is_stopped() -> None:
    portfolio = _seeded(7)
    rival = race.Rival(portfolio, 30.0)
    try:
        answer = rival.answer(wait=60.0)
        assert rival.proven() is answer
    finally:
        rival.stop()
    assert (
        answer is not None and answer.optimal and answer.bound == pytest.approx(brute_force_value(portfolio))
    )


@pytest.mark.parametrize(
    ("load", "cores", "spare"), [(0.2, 2, True), (1.4, 2, True), (1.6, 2, False), (5.0, 2, False)]
)
def test_the_race_runs_only_with_a_core_to_spare(
    monkeypatch: pytest.MonkeyPatch, load: float, cores: int, spare: bool
) -> None:
    monkeypatch.setattr(race.os, "getloadavg", lambda: (load, load, load))
    monkeypatch.setattr(race.os, "cpu_count", lambda: cores)
    assert race.spare_core() is spare


def test_at_the_time_limit_the_better_plan_of_the_two_is_kept() -> None:
    portfolio = _seeded(8, n_projects=6)
    best = solve_direct(portfolio)
    assert best is not None and best.optimal
    ours = allocate(portfolio, time_limit=0.0, race=False)  # the greedy placeholder, not proven
    assert not ours.optimal
    unproven = replace(best, optimal=False, bound=None)
    kept = solver._better(portfolio, ours, unproven)
    assert kept.value == pytest.approx(brute_force_value(portfolio)) and check_plan(portfolio, kept) == []
    assert not kept.optimal and kept.gap >= 0
    # With the direct model's bound as well, the better plan meets it: proven optimal.
    proven = solver._better(portfolio, ours, replace(best, optimal=False, bound=best.bound))
    assert proven.optimal and proven.gap == 0.0
    # A worse plan from the rival leaves ours.
    assert solver._better(portfolio, kept, DirectSolution([False] * 6, {}, False)) == kept
    assert solver._better(portfolio, ours, None) is ours
    # HiGHS's figures can be numpy scalars: what comes back stays plain Python, so --json and the API can
    # write it (a numpy bool from this comparison once broke the benchmark's JSON).
    for rival in (unproven, DirectSolution([False] * 6, {}, False, best.bound)):
        mixed = solver._better(portfolio, replace(ours, gap=np.float64(ours.gap)), rival)
        assert type(mixed.optimal) is bool and type(mixed.gap) is float
        json.dumps({"optimal": mixed.optimal, "gap": mixed.gap, "value": mixed.value})


def test_budget_rows_cover_the_funders_that_cannot_fund_everyone() -> None:
    # Three projects of 40 and one funder of 100: not all fit, so the row over that funder is added;
    # with capital for all of them nothing is added.
    def rows(capital: float) -> int:
        portfolio = Portfolio(
            "USD", (project("a", 40), project("b", 40), project("c", 40)), (funder("F", capital),)
        )
        state = problem.Problem(portfolio)
        state.reduce()
        added = []
        original = component._add_budget_rows

        def counting(*args: Any) -> int:
            added.append(original(*args))
            return added[-1]

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(component, "_add_budget_rows", counting)
            for group in state.components():
                component.solve_component(state, group, None, problem.FAST)
        return sum(added)

    assert rows(100.0) == 1
    assert rows(130.0) == 0

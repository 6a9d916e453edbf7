"""Package deals: the file format of the README, the stance semantics, and the solver's exactness."""

from __future__ import annotations

import copy
import itertools
import random
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from accord.core.errors import InputError
from accord.core.packages import (
    STANCE_KINDS,
    Blocking,
    Condition,
    PackageProblem,
    PackageResult,
    Provision,
    Stance,
    applies,
    evaluate,
    lifted,
    parse_problem,
    solve,
)
from accord.core.packages.model import blocking_bound
from accord.core.packages.reduction import Knobs
from accord.core.packages.solver import _solve

README_EXAMPLE: dict[str, Any] = {
    "members": ["BY", "CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ"],
    "provisions": [{"id": "PP1", "options": ["A", "B"]}, {"id": "OP3", "options": ["A", "B", "DELETE"]}],
    "stances": [
        {"member": "IN", "provision": "OP3", "option": "A", "stance": "object"},
        {
            "member": "CN",
            "provision": "OP3",
            "option": "B",
            "stance": "object",
            "unless": [{"provision": "PP1", "option": "A"}],
        },
        {"member": "RU", "provision": "OP3", "option": "B", "stance": "support"},
        {"member": "PK", "provision": "PP1", "option": "B", "stance": "dissociate"},
    ],
}


def score(result: PackageResult) -> tuple[int, int, int]:
    """The criteria as one lexicographic key: fewer blocking, more support, fewer dissociations."""
    return (len(result.blocking), -result.support, result.dissociations)


def brute_force(problem: PackageProblem) -> tuple[int, int, int]:
    ids = [p.id for p in problem.provisions]
    return min(
        score(evaluate(problem, dict(zip(ids, combo, strict=True))))
        for combo in itertools.product(*(p.options for p in problem.provisions))
    )


def problem_of(stances: list[Stance], options: dict[str, str] | None = None) -> PackageProblem:
    provisions = options or {"P1": "AB", "P2": "AB", "P3": "ABC"}
    return PackageProblem(
        members=("M1", "M2", "M3"),
        provisions=tuple(Provision(pid, tuple(opts)) for pid, opts in provisions.items()),
        stances=tuple(stances),
    )


# ------------------------------------------------------------------------------------ the README example


def test_design_example_solves_to_consensus_with_support() -> None:
    result = solve(parse_problem(README_EXAMPLE))
    # OP3 B is supported by RU; CN's objection to it is lifted by choosing PP1 A, which also keeps
    # PK's dissociation (on PP1 B) off the record.
    assert result.to_json() == {
        "consensus": True,
        "package": {"PP1": "A", "OP3": "B"},
        "blocking": [],
        "support": 1,
        "dissociations": 0,
        "optimal": True,
        "bound": 0,
        "gap": 0.0,
    }


def test_design_example_evaluated_package_names_its_blocking_stance() -> None:
    result = evaluate(parse_problem(README_EXAMPLE), {"PP1": "B", "OP3": "B"})
    assert result.to_json() == {
        "consensus": False,
        "package": {"PP1": "B", "OP3": "B"},
        "blocking": [{"member": "CN", "provision": "OP3", "option": "B"}],
        "support": 1,
        "dissociations": 1,
        "optimal": False,
        # IN's objection to OP3 A is the only unconditional one, and OP3 has other options.
        "bound": 0,
        "gap": 1.0,
    }


def test_parse_keeps_every_field() -> None:
    data = copy.deepcopy(README_EXAMPLE)
    data["stances"][1]["reason"] = "needs PP1 A"
    problem = parse_problem(data)
    assert problem.members[0] == "BY"
    assert problem.provisions[1] == Provision("OP3", ("A", "B", "DELETE"))
    assert problem.stances[1] == Stance("CN", "OP3", "B", "object", (Condition("PP1", "A"),), "needs PP1 A")


# ------------------------------------------------------------------------------------------ bad input


def _set(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(README_EXAMPLE)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def _drop(path: list[Any]) -> dict[str, Any]:
    data = copy.deepcopy(README_EXAMPLE)
    target = data
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return data


unless = {"provision": "PP1", "option": "A"}
INVALID = [
    ([1, 2], "(file)"),
    (_drop(["members"]), "members"),
    (_drop(["stances"]), "stances"),
    (_set(["title"], "x"), "title"),
    (_set(["members"], "BY,CN"), "members"),
    (_set(["members", 1], 7), "members[1]"),
    (_set(["members", 1], ""), "members[1]"),
    (_set(["members", 2], "BY"), "members[2]"),
    (_set(["provisions"], {"id": "PP1"}), "provisions"),
    (_set(["provisions", 0], "PP1"), "provisions[0]"),
    (_drop(["provisions", 0, "id"]), "provisions[0].id"),
    (_set(["provisions", 0, "id"], 3), "provisions[0].id"),
    (_set(["provisions", 1, "id"], "PP1"), "provisions[1].id"),
    (_set(["provisions", 0, "options"], []), "provisions[0].options"),
    (_set(["provisions", 0, "options"], "AB"), "provisions[0].options"),
    (_set(["provisions", 0, "options"], ["A", True]), "provisions[0].options[1]"),
    (_set(["provisions", 1, "options"], ["A", "B", "A"]), "provisions[1].options[2]"),
    (_set(["provisions", 0, "title"], "x"), "provisions[0].title"),
    (_set(["stances"], None), "stances"),
    (_set(["stances", 0], ["IN", "OP3"]), "stances[0]"),
    (_set(["stances", 0, "member"], "XX"), "stances[0].member"),
    (_set(["stances", 0, "member"], None), "stances[0].member"),
    (_set(["stances", 0, "provision"], "OP9"), "stances[0].provision"),
    (_set(["stances", 0, "option"], "C"), "stances[0].option"),
    (_set(["stances", 0, "stance"], "veto"), "stances[0].stance"),
    (_set(["stances", 0, "stance"], 1), "stances[0].stance"),
    (_drop(["stances", 0, "stance"]), "stances[0].stance"),
    (_set(["stances", 0, "unles"], [unless]), "stances[0].unles"),
    (_set(["stances", 0, "reason"], 5), "stances[0].reason"),
    (_set(["stances", 2, "member"], "CN"), "stances[2]"),
    (_set(["stances", 1, "unless"], unless), "stances[1].unless"),
    (_set(["stances", 1, "unless"], ["PP1"]), "stances[1].unless[0]"),
    (_set(["stances", 1, "unless"], [{"provision": "PP1"}]), "stances[1].unless[0].option"),
    (_set(["stances", 1, "unless"], [{"provision": "XX", "option": "A"}]), "stances[1].unless[0].provision"),
    (_set(["stances", 1, "unless"], [{"provision": "PP1", "option": "C"}]), "stances[1].unless[0].option"),
    (
        _set(["stances", 1, "unless"], [unless, {"provision": "PP1", "option": "B"}]),
        "stances[1].unless[1].provision",
    ),
    (_set(["stances", 1, "unless"], [unless, unless]), "stances[1].unless[1].provision"),
]


@pytest.mark.parametrize(("data", "field"), INVALID)
def test_invalid_input_names_the_field(data: object, field: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_problem(data)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def test_two_stances_on_one_option_name_the_first() -> None:
    data = _set(["stances", 2], {"member": "CN", "provision": "OP3", "option": "B", "stance": "support"})
    with pytest.raises(InputError, match=r"first at stances\[1\]"):
        parse_problem(data)


@pytest.mark.parametrize(
    ("package", "field"),
    [
        ({"PP1": "A"}, "package.OP3"),
        ({"PP1": "A", "OP3": "C"}, "package.OP3"),
        ({"PP1": "A", "OP3": "B", "OP9": "A"}, "package.OP9"),
    ],
)
def test_evaluate_rejects_an_incomplete_or_unknown_package(package: dict[str, str], field: str) -> None:
    with pytest.raises(InputError) as caught:
        evaluate(parse_problem(README_EXAMPLE), package)
    assert caught.value.field == field


def test_problem_built_directly_is_validated_too() -> None:
    with pytest.raises(InputError) as caught:
        PackageProblem(("M1",), (Provision("P1", ("A",)),), (Stance("M2", "P1", "A", "object"),))
    assert caught.value.field == "stances[0].member"


# -------------------------------------------------------------------------------- conditional stances


def test_stance_applies_unless_every_condition_is_chosen() -> None:
    stance = Stance("M1", "P1", "A", "object", (Condition("P2", "A"), Condition("P3", "B")))
    assert applies(stance, {"P1": "A", "P2": "A", "P3": "A"})
    assert applies(stance, {"P1": "A", "P2": "B", "P3": "B"})
    assert not applies(stance, {"P1": "A", "P2": "A", "P3": "B"})
    assert not applies(stance, {"P1": "B", "P2": "B", "P3": "A"})


def test_solver_lifts_a_conditional_objection_by_meeting_all_its_conditions() -> None:
    problem = problem_of(
        [
            Stance("M1", "P1", "A", "object", (Condition("P2", "B"), Condition("P3", "C"))),
            Stance("M1", "P1", "B", "object"),
            Stance("M2", "P2", "A", "support"),
        ]
    )
    result = solve(problem)
    # Lifting the objection to P1 A costs M2's support for P2 A: no blocking beats more support.
    assert result.package == {"P1": "A", "P2": "B", "P3": "C"}
    assert (result.consensus, result.support, result.optimal) == (True, 0, True)


def test_unless_naming_the_stances_own_option_is_always_met() -> None:
    own = Stance("M1", "P1", "A", "object", (Condition("P1", "A"),))
    assert lifted(own, {}) and not applies(own, {"P1": "A"})
    with_other = Stance("M1", "P1", "A", "object", (Condition("P1", "A"), Condition("P2", "B")))
    assert applies(with_other, {"P1": "A", "P2": "A"})
    assert not applies(with_other, {"P1": "A", "P2": "B"})
    # The objection never applies, so P1 A (supported) is free.
    problem = problem_of([own, Stance("M2", "P1", "A", "support")])
    assert solve(problem).package["P1"] == "A"
    assert solve(problem).consensus


def test_unless_naming_another_option_of_the_stances_provision_is_never_met() -> None:
    stance = Stance("M1", "P1", "A", "object", (Condition("P1", "B"),))
    assert not lifted(stance, {"P1": "B"})
    assert applies(stance, {"P1": "A"})
    problem = problem_of([stance, Stance("M2", "P1", "A", "support")])
    result = solve(problem)
    assert result.package["P1"] == "B" and result.consensus


def test_accept_never_counts_and_silence_is_consent() -> None:
    problem = problem_of([Stance("M1", "P1", "A", "accept"), Stance("M2", "P1", "B", "dissociate")])
    result = solve(problem)
    assert result.package["P1"] == "A"
    assert (result.consensus, result.support, result.dissociations) == (True, 0, 0)


def test_criteria_are_lexicographic_not_summed() -> None:
    # P3 A: one objection, two supports; B: one support, two dissociations; C: nothing.
    stances = [Stance("M1", "P3", "A", "object")]
    stances += [Stance(m, "P3", "A", "support") for m in ("M2", "M3")]
    stances += [Stance(m, "P3", "B", "dissociate") for m in ("M1", "M3")]
    stances += [Stance("M2", "P3", "B", "support")]
    result = solve(problem_of(stances))
    # A is blocked whatever its support; B's support outweighs any number of dissociations.
    assert result.package["P3"] == "B"
    assert (len(result.blocking), result.support, result.dissociations) == (0, 1, 2)


def test_blocking_lists_the_stances_that_must_move() -> None:
    stances = [Stance("M1", "P1", "A", "object"), Stance("M2", "P1", "B", "reserve")]
    result = solve(problem_of(stances, {"P1": "AB"}))
    assert not result.consensus and result.optimal
    assert result.blocking in ([Blocking("M1", "P1", "A")], [Blocking("M2", "P1", "B")])


def test_empty_problem() -> None:
    result = solve(PackageProblem((), (), ()))
    assert result.to_json() == {
        "consensus": True,
        "package": {},
        "blocking": [],
        "support": 0,
        "dissociations": 0,
        "optimal": True,
        "bound": 0,
        "gap": 0.0,
    }


# ------------------------------------------------------------------------- exactness against brute force


@st.composite
def problems(draw: st.DrawFn) -> PackageProblem:
    """Small problems with every kind of stance, conditions on any provision (its own included)."""
    provisions = tuple(
        Provision(f"P{i}", tuple("ABC"[: draw(st.integers(1, 3))])) for i in range(draw(st.integers(1, 4)))
    )
    members = tuple(f"M{i}" for i in range(draw(st.integers(1, 4))))
    slots = [(m, p, o) for m in members for p in provisions for o in p.options]
    stances = []
    for m, p, o in draw(st.lists(st.sampled_from(slots), unique=True, max_size=14)):
        named = draw(st.lists(st.sampled_from(provisions), unique=True, max_size=3))
        conditions = tuple(Condition(q.id, draw(st.sampled_from(q.options))) for q in named)
        stances.append(Stance(m, p.id, o, draw(st.sampled_from(STANCE_KINDS)), conditions))
    return PackageProblem(members, provisions, tuple(stances))


PATHS = {
    "default": Knobs(),
    "no pruning": Knobs(prune=False),
    "milp": Knobs(prune=False, elimination_limit=0),
    "pruned milp": Knobs(elimination_limit=0),
    "milp, joint pairs": Knobs(prune=False, elimination_limit=0, shared_pair=1),
    "staged milp": Knobs(elimination_limit=0, safe_spread=0),
    "staged milp, joint pairs": Knobs(elimination_limit=0, safe_spread=0, shared_pair=1),
}


@pytest.mark.parametrize("path", PATHS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems())
def test_solver_matches_brute_force(path: str, problem: PackageProblem) -> None:
    result = _solve(problem, None, PATHS[path])
    assert result.optimal
    assert score(result) == brute_force(problem)
    assert result == evaluate(problem, result.package, optimal=True)


@settings(max_examples=50, deadline=None)
@given(problem=problems())
def test_solver_is_deterministic(problem: PackageProblem) -> None:
    assert solve(problem) == solve(problem)


# ------------------------------------------------------------------------------------------ at scale


def generate(
    seed: int, n_provisions: int, n_members: int, n_stances: int, conditional: float
) -> PackageProblem:
    rng = random.Random(seed)
    members = tuple(f"M{i}" for i in range(n_members))
    provisions = tuple(Provision(f"OP{i}", tuple("ABCDE"[: rng.randint(2, 5)])) for i in range(n_provisions))
    slots: set[tuple[int, int, int]] = set()
    stances: list[Stance] = []
    while len(stances) < n_stances:
        m, p = rng.randrange(n_members), rng.randrange(n_provisions)
        o = rng.randrange(len(provisions[p].options))
        if (m, p, o) in slots:
            continue
        slots.add((m, p, o))
        conditions: tuple[Condition, ...] = ()
        if rng.random() < conditional:
            named = rng.sample([q for q in range(n_provisions) if q != p], rng.randint(1, 2))
            conditions = tuple(Condition(provisions[q].id, rng.choice(provisions[q].options)) for q in named)
        kind = rng.choice(STANCE_KINDS)
        stances.append(Stance(members[m], provisions[p].id, provisions[p].options[o], kind, conditions))
    return PackageProblem(members, provisions, tuple(stances))


def direct_milp(problem: PackageProblem) -> tuple[int, int, int]:
    """An independent reference: one MILP of the whole problem, a variable per conditional stance."""
    column = {(p.id, o): i for i, (p, o) in enumerate((p, o) for p in problem.provisions for o in p.options)}
    n_support = sum(s.stance == "support" for s in problem.stances)
    n_dissociate = sum(s.stance == "dissociate" for s in problem.stances)
    weight = {"support": -(n_dissociate + 1), "dissociate": 1, "accept": 0}
    weight["object"] = weight["reserve"] = (n_support + 1) * (n_dissociate + 1)
    cost = [0.0] * len(column)
    entries: list[tuple[int, int, float]] = []
    lower: list[float] = []
    upper: list[float] = []
    for p in problem.provisions:
        entries += [(len(lower), column[(p.id, o)], 1.0) for o in p.options]
        lower.append(1.0)
        upper.append(1.0)
    for s in problem.stances:
        x = column[(s.provision, s.option)]
        if not s.unless:
            cost[x] += weight[s.stance]
            continue
        y = len(cost)  # y == x and not every condition, exactly, whatever the objective wants
        cost.append(weight[s.stance])
        conds = [column[(c.provision, c.option)] for c in s.unless]
        for c in conds:
            entries += [(len(lower), y, 1.0), (len(lower), x, -1.0), (len(lower), c, 1.0)]
            lower.append(0.0)
            upper.append(np.inf)
        entries += [(len(lower), y, 1.0), (len(lower), x, -1.0)]
        lower.append(-np.inf)
        upper.append(0.0)
        entries += [(len(lower), y, 1.0)] + [(len(lower), c, 1.0) for c in conds]
        lower.append(-np.inf)
        upper.append(float(len(conds)))
    rows, cols, vals = zip(*entries, strict=True)
    matrix = coo_array((vals, (rows, cols)), shape=(len(lower), len(cost))).tocsr()
    res = milp(
        np.array(cost),
        integrality=np.ones(len(cost)),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix, lower, upper),
        options={"mip_rel_gap": 0.0},
    )
    assert res.status == 0
    package = {p.id: next(o for o in p.options if res.x[column[(p.id, o)]] > 0.5) for p in problem.provisions}
    return score(evaluate(problem, package))


@pytest.mark.parametrize(
    ("n_provisions", "n_members", "n_stances", "conditional"),
    [(50, 10, 800, 0.2), (300, 40, 5000, 0.2), (1000, 200, 40_000, 0.2), (60, 10, 1000, 0.5)],
)
def test_solver_matches_a_direct_milp_at_scale(
    n_provisions: int, n_members: int, n_stances: int, conditional: float
) -> None:
    problem = generate(7, n_provisions, n_members, n_stances, conditional)
    result = solve(problem)
    assert result.optimal
    assert score(result) == direct_milp(problem)


def test_time_limit_returns_a_package_without_claiming_optimality() -> None:
    # Mostly conditional stances: one large component that HiGHS needs seconds for.
    problem = generate(3, 300, 40, 5000, 0.6)
    for limit in (0.0, 0.2):
        result = solve(problem, time_limit=limit)
        assert not result.optimal
        assert result == evaluate(problem, result.package)
        out = result.to_json()
        assert out["bound"] == blocking_bound(problem) <= len(out["blocking"])
        assert out["gap"] == (len(out["blocking"]) - out["bound"]) / len(out["blocking"]) > 0


@settings(max_examples=200, deadline=None)
@given(problem=problems())
def test_the_bound_never_exceeds_the_optimum_and_the_gap_is_zero_when_optimal(
    problem: PackageProblem,
) -> None:
    best_blocking = brute_force(problem)[0]
    assert blocking_bound(problem) <= best_blocking
    result = solve(problem)
    assert (result.bound, result.gap) == (best_blocking, 0.0)
    ids = [p.id for p in problem.provisions]
    for options in itertools.product(*(p.options for p in problem.provisions)):
        other = evaluate(problem, dict(zip(ids, options, strict=True)))
        assert other.bound <= best_blocking and 0.0 <= other.gap <= 1.0
        assert other.gap == (
            0.0 if not other.blocking else (len(other.blocking) - other.bound) / len(other.blocking)
        )


def test_the_bound_counts_unconditional_blocking_stances_on_every_option() -> None:
    stances = (
        Stance("M1", "P1", "A", "object"),
        Stance("M2", "P1", "B", "reserve"),
        Stance("M3", "P1", "B", "object"),
        Stance("M4", "P1", "A", "object", (Condition("P1", "A"),)),  # lifted by its own option
        Stance("M1", "P2", "A", "object", (Condition("P1", "A"),)),
    )
    problem = PackageProblem(
        ("M1", "M2", "M3", "M4"), (Provision("P1", ("A", "B")), Provision("P2", ("A",))), stances
    )
    assert blocking_bound(problem) == 1
    worst = evaluate(problem, {"P1": "B", "P2": "A"})
    assert (len(worst.blocking), worst.bound, worst.gap) == (3, 1, 2 / 3)

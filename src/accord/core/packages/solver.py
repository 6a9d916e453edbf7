"""`solve`: the best package, exactly.

How `solve` stays exact and fast (see bench/packages.py and docs/performance.md for the figures):

1. Unconditional stances become per-option costs; conditional stances with the same option and the
   same conditions merge into one term whose cost is the sum of theirs.
2. The three criteria become one integer cost with exact weights (Python ints, never floats).
3. An option is removed when another option of its provision is at least as good whatever the other
   provisions choose (bounds on each term's effect); a provision left with one option is fixed and
   its terms simplified. This repeats until nothing changes.
4. Provisions still linked by terms form independent components, solved one by one. Loosely linked
   ones (small tables) by variable elimination in Python; the others by one MILP each, solved by
   HiGHS to a zero gap with weights scaled to the component (criterion by criterion if those weights
   would get too large for floats), and joint variables for pairs of provisions that many terms share.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from accord.core.packages.model import PackageProblem, PackageResult, evaluate
from accord.core.packages.reduction import Choice, Knobs, Model, TermKey, term_scope, weights_for


def solve_milp(
    model: Model, provisions: list[int], keys: list[TermKey], deadline: float | None, knobs: Knobs
) -> tuple[dict[int, int], bool]:
    """The best choice for one component by MILP (HiGHS, zero gap); returns (choice, proven optimal).

    A term costs c when its head is chosen, minus c when all its choices hold: c * head - c * AND.
    The AND of two choices is a joint variable of the pair of provisions when that pair is shared by
    several terms (the pair's joint distribution, tighter than bounds term by term); otherwise an
    AND variable bounded by its choices, on the side the objective pushes against.

    One weighted solve when the weighted objective spans at most `knobs.safe_spread`; beyond that,
    float tolerances could blur a one-dissociation difference, so the criteria are solved one after
    the other, each bounded by the optimum of the ones before, with ANDs bounded on both sides.
    """
    ranges = [0, 0, 0]
    for p in provisions:
        values = [model.packing.unpack(model.unary[p][o]) for o in model.alive[p]]
        for k in range(3):
            ranges[k] += max(v[k] for v in values) - min(v[k] for v in values)
    term_costs = [model.packing.unpack(model.terms[key]) for key in keys]
    for c in term_costs:
        for k in range(3):
            ranges[k] += abs(c[k])
    weights = weights_for((ranges[0], ranges[1], ranges[2]))
    staged = sum(r * w for r, w in zip(ranges, weights, strict=True)) > knobs.safe_spread

    costs: list[list[int]] = []  # (blocking, -support, dissociations) per column
    column: dict[Choice, int] = {}
    for p in provisions:
        for o in model.alive[p]:
            column[(p, o)] = len(costs)
            costs.append(list(model.packing.unpack(model.unary[p][o])))
    n_choices = len(costs)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []

    def row(entries: list[tuple[int, float]], lo: float, up: float) -> None:
        for c, v in entries:
            rows.append(len(lower))
            cols.append(c)
            vals.append(v)
        lower.append(lo)
        upper.append(up)

    for p in provisions:
        row([(column[(p, o)], 1.0) for o in model.alive[p]], 1.0, 1.0)
    uses = Counter(pair for key in keys for pair in itertools.combinations(sorted(term_scope(key)), 2))
    joint: dict[tuple[Choice, Choice], int] = {}
    for p, q in sorted(pair for pair, n in uses.items() if n >= knobs.shared_pair):
        for o in model.alive[p]:
            for r in model.alive[q]:
                joint[((p, o), (q, r))] = len(costs)
                costs.append([0, 0, 0])
        for o in model.alive[p]:
            row(
                [(joint[((p, o), (q, r))], 1.0) for r in model.alive[q]] + [(column[(p, o)], -1.0)],
                0.0,
                0.0,
            )
        for r in model.alive[q]:
            row(
                [(joint[((p, o), (q, r))], 1.0) for o in model.alive[p]] + [(column[(q, r)], -1.0)],
                0.0,
                0.0,
            )

    def pair(a: Choice, b: Choice) -> int | None:
        return joint.get((a, b) if a < b else (b, a))

    for (head, conds), c in zip(keys, term_costs, strict=True):
        if head is not None:
            costs[column[head]] = [x + y for x, y in zip(costs[column[head]], c, strict=True)]
        choices = [head, *conds] if head is not None else list(conds)
        if len(choices) == 2 and (z := pair(choices[0], choices[1])) is not None:
            costs[z] = [x - y for x, y in zip(costs[z], c, strict=True)]
            continue
        a = len(costs)  # the AND of `choices`, which costs -c
        costs.append([-y for y in c])
        rewarded = c[0] * weights[0] + c[1] * weights[1] + c[2] > 0
        if staged or rewarded:  # the objective wants a up: a <= every choice and shared pair
            for choice in choices:
                row([(a, 1.0), (column[choice], -1.0)], -np.inf, 0.0)
            for u, v in itertools.combinations(choices, 2):
                if (z := pair(u, v)) is not None:
                    row([(a, 1.0), (z, -1.0)], -np.inf, 0.0)
        if staged or not rewarded:  # the objective wants a down: a >= sum of choices - (k - 1)
            k = len(choices)
            row([(a, 1.0)] + [(column[choice], -1.0) for choice in choices], 1.0 - k, np.inf)
            first, rest = choices[0], choices[1:]
            zs = [pair(first, other) for other in rest]
            if k > 2 and all(z is not None for z in zs):  # given first, the same with its pairs
                row(
                    [(a, 1.0), (column[first], k - 2.0)] + [(z, -1.0) for z in zs if z is not None],
                    0.0,
                    np.inf,
                )
    n = len(costs)
    matrix = coo_array((vals, (rows, cols)), shape=(len(lower), n)).tocsr()
    constraints = [LinearConstraint(matrix, lower, upper)]
    integrality = np.zeros(n)
    integrality[:n_choices] = 1
    objectives = [np.array(costs, dtype=float) @ np.array(weights, dtype=float)]
    if staged:
        objectives = [np.array([c[k] for c in costs], dtype=float) for k in range(3)]
    x = None
    optimal = True
    for objective in objectives:
        options: dict[str, float | bool] = {"mip_rel_gap": 0.0, "disp": False}
        if deadline is not None:
            options["time_limit"] = max(deadline - time.monotonic(), 0.001)
        res = milp(
            objective,
            integrality=integrality,
            bounds=Bounds(np.zeros(n), np.ones(n)),
            constraints=constraints,
            options=options,
        )
        if res.x is None:
            optimal = False
            break
        x = res.x
        if res.status != 0:
            optimal = False
            break
        # The stage's optimum is an integer: keep it while the next criterion is optimised.
        best = round(float(objective @ x))
        constraints.append(LinearConstraint(objective[np.newaxis, :], -np.inf, best + 0.5))
    if x is None:
        return model.fallback(provisions), False
    picked = {}
    for p in provisions:
        chosen = [o for o in model.alive[p] if x[column[(p, o)]] > 0.5]
        assert len(chosen) == 1, "HiGHS returned a fractional package"
        picked[p] = chosen[0]
    return picked, optimal


def solve(problem: PackageProblem, time_limit: float | None = None) -> PackageResult:
    """The best package by the criteria of `model`, exactly.

    `optimal` is False only when `time_limit` (seconds, for the whole solve) ran out before the proof.
    """
    return _solve(problem, time_limit, Knobs())


def _solve(problem: PackageProblem, time_limit: float | None, knobs: Knobs) -> PackageResult:
    deadline = None if time_limit is None else time.monotonic() + time_limit
    model = Model.build(problem)
    model.reduce(knobs.prune)
    choice = {p: options[0] for p, options in enumerate(model.alive) if len(options) == 1}
    optimal = True
    for provisions, keys in model.components():
        part = model.eliminate(provisions, keys, knobs.elimination_limit)
        if part is None:
            if deadline is not None and deadline <= time.monotonic():
                part, proven = model.fallback(provisions), False
            else:
                part, proven = solve_milp(model, provisions, keys, deadline, knobs)
            optimal = optimal and proven
        choice.update(part)
    package = {p.id: p.options[choice[i]] for i, p in enumerate(problem.provisions)}
    return evaluate(problem, package, optimal=optimal)

"""One component of a portfolio solved exactly: a mixed-integer model for HiGHS, and the shortcut
(`_fill`) that proves the LP relaxation's bound reachable without the whole search."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from highspy import HighsModelStatus, HighsVarType, ObjSense

# `highspy.Highs()` prints a banner on stdout when constructed, before any option can be set, which
# would corrupt `accord finance allocate --json`; the extension class underneath takes options first.
from highspy._core import _Highs, cb

from accord.core.allocation.problem import Problem

# A reduced cost above this (objective in units of the least valuable project) is not zero; see _fill.
_REDUCED_COST = 1e-6
# `_fill` counts money in the largest unit that makes every marginal cost whole, down to a thousandth,
# and gives up (leaving the search to HiGHS) when its table of sums times its items would pass this.
_FILL_WORK = 200_000_000
# Seconds the search restricted by reduced costs may take: it reaches U quickly when U can be reached,
# and when U cannot, only the whole search can prove it (measured on bench/allocation.py's suite).
_RESTRICTED = 10.0
# HiGHS's absolute gap, in the same units: a plan within it of the bound is optimal.
_GAP = 1e-6


def solve_component(
    problem: Problem,
    projects: list[int],
    time_limit: float | None,
    tolerances: tuple[float, float],
    interrupt: Callable[[], bool] | None = None,
) -> tuple[bool, float]:
    """Solve one component exactly: (proven optimal, an upper bound on the component's value).

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
    position = np.full(len(problem.cost), -1, dtype=np.int64)
    position[index] = np.arange(len(projects))
    pairs = np.array([k for i in projects for k in problem.of_project[i]], dtype=np.int64)
    n, m = len(projects), len(pairs)
    project_of = position[np.array(problem.pair_project)[pairs]]
    funder_of = np.array(problem.pair_funder)[pairs]
    unit = 2.0 ** round(math.log2(min(problem.cost[i] for i in projects)))
    cost = np.array(problem.cost)[index] / unit
    lo = np.array(problem.lo)[pairs] / unit
    hi = np.array(problem.hi)[pairs] / unit
    semi = np.flatnonzero(lo > 0)
    q = len(semi)
    x_col, w_col = n + np.arange(m), n + m + np.arange(q)

    binding = sorted({int(j) for j in funder_of if not problem.roomy[j]})
    row_of_funder = np.full(len(problem.capital), -1, dtype=np.int64)
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
    capital = np.array(problem.capital_left)[binding] / unit
    lower = np.concatenate([np.zeros(n), np.full(len(binding), -np.inf), np.full(q, -np.inf), np.zeros(q)])
    upper = np.concatenate([np.zeros(n), capital, np.zeros(q), np.full(q, np.inf)])

    value = np.array(problem.value)[index]
    highs = _Highs()
    for option, setting in (
        ("output_flag", False),
        ("threads", 1),  # leaves the other core to the racing direct model (see `race`)
        ("mip_rel_gap", 0.0),
        ("mip_abs_gap", _GAP),
        ("mip_feasibility_tolerance", tolerances[0]),
        ("primal_feasibility_tolerance", tolerances[1]),
    ):
        highs.setOptionValue(option, setting)
    if interrupt is not None:  # HiGHS asks between nodes of its search whether to stop
        highs.setCallback(_interrupting, interrupt)
        highs.startCallback(cb.HighsCallbackType.kCallbackMipInterrupt)
    num_cols = n + m + q
    highs.addVars(num_cols, np.zeros(num_cols), np.concatenate([np.ones(n), hi, np.ones(q)]))
    scale = max(value.min(), 1e-6 * value.max())
    weight = value / scale
    highs.changeColsCost(n, np.arange(n, dtype=np.int32), weight)
    integer = np.concatenate([np.arange(n), w_col]).astype(np.int32)
    kinds = np.full(len(integer), HighsVarType.kInteger, np.uint8)
    highs.changeColsIntegrality(len(integer), integer, kinds)
    highs.changeObjectiveSense(ObjSense.kMaximize)
    highs.addRows(num_rows, lower, upper, len(val), starts, col[order].astype(np.int32), val[order])
    _add_budget_rows(problem, highs, projects, pairs, project_of, cost, unit)
    start = np.zeros(num_cols)
    for t, amount in problem.greedy(projects, pairs.tolist()).items():
        start[project_of[t]] = 1.0
        start[n + t] = amount / unit
    start[w_col] = start[n + semi] > 0
    if time_limit is not None and time_limit <= 0:
        solution, optimal, bound = start, False, float(weight.sum())
    else:
        deadline = None if time_limit is None else time.monotonic() + time_limit
        solution, optimal, bound = _search(problem, highs, start, weight, integer, projects, deadline)

    chosen = np.ones(m, dtype=bool)
    chosen[semi] = solution[w_col] > 0.5
    funded = solution[:n] > 0.5
    amounts = solution[x_col] * unit
    for t in np.flatnonzero(funded[project_of] & chosen).tolist():
        k = int(pairs[t])
        i = projects[int(project_of[t])]
        problem.funded[i] = True
        problem.usable[i].append(k)
        problem.amount[k] = float(amounts[t])
    return optimal, float(value @ funded) if optimal else bound * scale


def _add_budget_rows(
    problem: Problem,
    highs: _Highs,
    projects: list[int],
    pairs: np.ndarray,
    project_of: np.ndarray,
    cost: np.ndarray,
    unit: float,
) -> int:
    """Knapsack rows over the funded flags alone: the projects that only funders F may fund cost at
    most F's capital. Implied by the amounts' rows, so the relaxation keeps its value, but a row over
    binaries alone is where HiGHS finds knapsack cover cuts, which the amounts hide from it. Candidate
    sets F: each project's set of eligible funders, and all the component's funders; a row is added
    only when its projects do not all fit, and none over a roomy funder (no capital row to imply it).
    On the benchmark's two-decimal portfolios the row over all funders is the one that binds; with
    it the whole search of decimals seed 3 closed at its root (1 node, 23,692 LP iterations) where it
    took 280 nodes and 61,530 LP iterations without."""
    funders_of: list[set[int]] = [set() for _ in projects]
    for t, k in enumerate(pairs.tolist()):
        funders_of[int(project_of[t])].add(problem.pair_funder[k])
    sets = {frozenset(f) for f in funders_of if not any(problem.roomy[j] for j in f)}
    everyone = frozenset().union(*funders_of)
    if not any(problem.roomy[j] for j in everyone):
        sets.add(everyone)
    added = 0
    for group in sets:
        members = [p for p, f in enumerate(funders_of) if f <= group]
        capital = math.fsum(problem.capital_left[j] for j in group) / unit
        if math.fsum(cost[members]) <= capital * (1 + 1e-9):
            continue  # every member fits: the row cuts nothing
        index = np.array(members, dtype=np.int32)
        highs.addRow(-np.inf, capital, len(index), index, cost[index])
        added += 1
    return added


def _interrupting(
    kind: Any, message: str, data_out: Any, data_in: Any, interrupt: Callable[[], bool]
) -> None:
    if data_in is not None and interrupt():
        data_in.user_interrupt = True


def _search(
    problem: Problem,
    highs: _Highs,
    start: np.ndarray,
    weight: np.ndarray,
    integer: np.ndarray,
    projects: list[int],
    deadline: float | None,
) -> tuple[np.ndarray, bool, float]:
    """Run HiGHS on the model in `highs`: (the best plan, whether it is proven optimal, an upper bound
    on the objective: the LP relaxation's, or HiGHS's dual bound when the search stopped early).

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
    best, funded, bound = start, None, float(weight.sum())
    if not _time_left(highs, deadline):
        return best, False, bound
    continuous = np.full(len(integer), HighsVarType.kContinuous, np.uint8)
    highs.changeColsIntegrality(len(integer), integer, continuous)
    highs.run()
    relaxed = highs.getModelStatus() == HighsModelStatus.kOptimal
    if relaxed:
        bound = highs.getInfo().objective_function_value
        lp = highs.getSolution()
        lp_value, lp_dual = np.array(lp.col_value), np.array(lp.col_dual)
        funded = _fill(problem, projects, lp_value[:n], lp_dual[:n])
    highs.changeColsIntegrality(len(integer), integer, np.full(len(integer), HighsVarType.kInteger, np.uint8))
    highs.clearSolver()
    if not relaxed:
        return _whole_search(highs, best, weight, deadline, bound)
    lower, upper = np.array(highs.getLp().col_lower_), np.array(highs.getLp().col_upper_)
    if funded is not None and _time_left(highs, deadline):
        highs.changeColsBounds(n, columns[:n], funded, funded)
        highs.run()
        best, proven = _keep_better(highs, weight, n, bound, best)
        if proven:
            return best, True, bound
        highs.changeColsBounds(n, columns[:n], lower[:n], upper[:n])
        highs.clearSolver()
    # A plan worth U is optimal for the LP too, so it sits at the bound every nonzero reduced cost
    # points to (complementary slackness holds between any primal and any dual optimum): fixing those
    # columns leaves a much smaller search that either reaches U, proving optimality, or shows that U is
    # out of reach (then its best plan starts the whole search).
    settled = np.flatnonzero(np.abs(lp_dual) > _REDUCED_COST)
    at = np.where(lp_value - lower <= upper - lp_value, lower, upper)
    restricted = time.monotonic() + _RESTRICTED
    if len(settled) and _time_left(highs, restricted if deadline is None else min(deadline, restricted)):
        highs.changeColsBounds(len(settled), settled.astype(np.int32), at[settled], at[settled])
        if np.allclose(best[settled], at[settled], rtol=0.0, atol=1e-9):
            highs.setSolution(num_cols, columns, best)
        highs.run()
        best, proven = _keep_better(highs, weight, n, bound, best)
        if proven:
            return best, True, bound
        highs.changeColsBounds(num_cols, columns, lower, upper)
        highs.clearSolver()
    return _whole_search(highs, best, weight, deadline, bound)


def _whole_search(
    highs: _Highs, best: np.ndarray, weight: np.ndarray, deadline: float | None, bound: float
) -> tuple[np.ndarray, bool, float]:
    """The whole model, starting from `best`: (plan, proven optimal, upper bound)."""
    n, num_cols = len(weight), len(best)
    columns = np.arange(num_cols, dtype=np.int32)
    if not _time_left(highs, deadline):
        return best, False, bound
    highs.setSolution(num_cols, columns, best)
    highs.run()
    if not _consistent(highs, weight, n):
        # highspy 1.16.0 can report the optimum yet hand back the start plan (seen on a 4-project
        # portfolio): the plan must be worth what HiGHS says, so solve again without the start.
        highs.clearSolver()
        highs.run()
    optimal = highs.getModelStatus() == HighsModelStatus.kOptimal
    found = optimal or highs.getInfo().primal_solution_status == 2  # 2: a feasible plan
    if found and not _consistent(highs, weight, n):
        raise RuntimeError("HiGHS returned a plan that is not worth its reported value")
    dual = highs.getInfo().mip_dual_bound
    if math.isfinite(dual):
        bound = min(bound, dual)
    return (np.array(highs.getSolution().col_value) if found else best), optimal, bound


def _fill(problem: Problem, projects: list[int], share: np.ndarray, reduced: np.ndarray) -> np.ndarray | None:
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
    cost = np.array([problem.cost[i] for i in projects])
    density = np.array([problem.value[i] for i in projects]) / cost
    part = (share > 1e-9) & (share < 1 - 1e-9)
    levels: list[float] = []
    for level in density[part]:
        if all(abs(level - seen) > 1e-9 * level for seen in levels):
            levels.append(float(level))
    for level in levels:
        margin = np.flatnonzero(
            (np.abs(reduced) <= _REDUCED_COST) & (np.abs(density - level) <= 1e-9 * level)
        )
        units = whole_units(cost[margin])
        if units is None:
            return None
        unit_money = cost[margin[0]] / units[0]
        here = part & (np.abs(density - level) <= 1e-9 * level)
        left = math.fsum(share[here] * cost[here])
        is_in = share[margin] >= 1 - 1e-9
        # Part-funded projects first, then the unfunded, then dropping funded ones: the first way
        # found to reach a sum prefers them.
        order = np.argsort(np.where(is_in, 2, np.where(share[margin] > 1e-9, 0, 1)), kind="stable")
        moves = subset_sum(np.where(is_in, -units, units)[order], math.floor(left / unit_money + 1e-9))
        if moves is None:
            return None
        for item in order[moves]:
            funded[margin[item]] = 0.0 if is_in[item] else 1.0
    return funded


def _time_left(highs: _Highs, deadline: float | None) -> bool:
    # HiGHS's time limit counts from each run; give each run what is left of the component's time.
    if deadline is None:
        highs.setOptionValue("time_limit", math.inf)
        return True
    left = deadline - time.monotonic()
    highs.setOptionValue("time_limit", max(left, 0.0))
    return left > 0


def _keep_better(highs, weight, n: int, bound: float, best):
    """After a restricted run: its plan when it reaches the bound (proven optimal, True), else the better
    of its plan and `best` (False)."""
    if highs.getInfo().primal_solution_status == 2 and _consistent(highs, weight, n):
        plan = np.array(highs.getSolution().col_value)
        if highs.getInfo().objective_function_value >= bound - _GAP:
            return plan, True
        if weight @ plan[:n] > weight @ best[:n]:
            return plan, False
    return best, False


def _consistent(highs: _Highs, weight: np.ndarray, n: int) -> bool:
    # True when there is no plan yet, or the plan's worth is the objective HiGHS reports for it.
    if highs.getInfo().primal_solution_status != 2:
        return True
    worth = float(np.dot(weight, np.array(highs.getSolution().col_value[:n])))
    return abs(worth - highs.getInfo().objective_function_value) <= 1e-6 * max(1.0, abs(worth))


def whole_units(amounts: np.ndarray) -> np.ndarray | None:
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


def subset_sum(weights: np.ndarray, target: int) -> np.ndarray | None:
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

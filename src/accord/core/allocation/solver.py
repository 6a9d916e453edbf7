"""`allocate`: the whole portfolio, component by component, and `check_plan`, the rules every plan
must keep."""

from __future__ import annotations

import math
import time
from dataclasses import replace

from accord.core.allocation.component import solve_component
from accord.core.allocation.direct import DirectSolution
from accord.core.allocation.model import TOLERANCE, Allocation, AllocationResult, Gap, Portfolio, eligible
from accord.core.allocation.problem import FAST, STRICT, Problem
from accord.core.allocation.race import RACE_PAIRS, Rival, spare_core

RESERVE = 0.5
"""Seconds before the time limit at which the search stops, to repair, check and return its plan
(at most a twentieth of the limit)."""
_GAP = 1e-12
# Relative gap under which the better plan at the time limit is proven optimal by the other bound.


def allocate(
    portfolio: Portfolio, time_limit: float | None = None, race: bool | None = None
) -> AllocationResult:
    """The plan of greatest value (sum of priority x cost of funded projects), proven optimal.

    With `time_limit` (seconds), the best plan found in time is returned, `optimal` telling whether it
    was proven best and `gap` how far it may be from the best. Projects are funded in full or not at
    all; a project of priority 0 adds nothing and is never funded. Amounts hold to 1e-9 relative
    unless even the strict solve cannot get them there (see FAST), and always to the contract's 1e-6.

    `race` runs the direct model in a second process meanwhile (see `race`); by default only on
    portfolios of at least RACE_PAIRS eligible pairs, and when a core is idle for it. At the time
    limit without a proven optimum, the better of the two plans is returned.
    """
    deadline = None if time_limit is None else time.monotonic() + time_limit
    problem = Problem(portfolio)
    if race is None:
        race = len(problem.lo) >= RACE_PAIRS and spare_core()
    # Ours stops RESERVE early to repair, check and hand back its plan within the limit; the rival
    # too, so that its best plan (when neither proves an optimum) arrives in time to be compared.
    reserve = 0.0 if time_limit is None else min(RESERVE, 0.05 * time_limit)
    rival_limit = None if deadline is None else max(deadline - 2 * reserve - time.monotonic(), 0.0)
    rival = Rival(portfolio, rival_limit) if race else None
    try:
        own = None if deadline is None else deadline - reserve
        result = _plan(portfolio, problem, own, FAST, rival)
        won = None if rival is None else rival.proven()
        if won is not None and not result.optimal:
            result = _rival_plan(portfolio, won)
        elif rival is not None and not result.optimal and deadline is not None:
            result = _better(portfolio, result, rival.answer(deadline - reserve / 2 - time.monotonic()))
    finally:
        if rival is not None:
            rival.stop()
    if check_plan(portfolio, result, tolerance=STRICT):
        result = _plan(portfolio, Problem(portfolio), deadline, (STRICT, STRICT), None)
    violations = check_plan(portfolio, result)
    if violations:  # a solver or repair defect; never hand out a plan that breaks the rules
        raise RuntimeError("allocation broke the rules: " + "; ".join(violations))
    return result


def _plan(
    portfolio: Portfolio,
    problem: Problem,
    deadline: float | None,
    tolerances: tuple[float, float],
    rival: Rival | None,
) -> AllocationResult:
    problem.reduce()
    optimal = True
    bound = math.fsum(v for v, is_funded in zip(problem.value, problem.funded, strict=True) if is_funded)
    interrupt = None if rival is None else (lambda: rival.proven() is not None)
    for component in problem.components():
        remaining = None if deadline is None else deadline - time.monotonic()
        if interrupt is not None and interrupt():
            remaining = 0.0  # the rival has proven an optimum: only the greedy plan, as a placeholder
        proven, ceiling = solve_component(problem, component, remaining, tolerances, interrupt)
        optimal = optimal and proven
        bound += ceiling
    problem.repair()
    funded = [i for i, is_funded in enumerate(problem.funded) if is_funded]
    value = math.fsum(problem.value[i] for i in funded)
    gap = 0.0 if optimal else float(max(bound - value, 0.0) / max(bound, 1e-300))
    return _result(portfolio, problem, optimal, gap)


def _better(portfolio: Portfolio, ours: AllocationResult, theirs: DirectSolution | None) -> AllocationResult:
    """At the time limit, the better of our plan and the direct model's (when it has one), with the
    gap to the lower of the two proven upper bounds; optimal when the better plan reaches it."""
    if theirs is None:
        return ours
    bound = ours.value / (1 - ours.gap) if ours.gap < 1 else math.inf
    if theirs.bound is not None:
        bound = min(bound, theirs.bound)
    plan = _rival_plan(portfolio, theirs)
    best = plan if plan.value > ours.value and not check_plan(portfolio, plan, tolerance=STRICT) else ours
    # Plain Python types: HiGHS's bounds can be numpy scalars, and a numpy bool is not JSON (--json, the API).
    gap = float(max(bound - best.value, 0.0) / max(bound, 1e-300))
    optimal = bool(best.optimal or gap <= _GAP)
    return replace(best, optimal=optimal, gap=0.0 if optimal else gap)


def _rival_plan(portfolio: Portfolio, solution: DirectSolution) -> AllocationResult:
    """The direct model's plan (its proven optimum, unless at the time limit), its amounts repaired
    like ours."""
    problem = Problem(portfolio)
    for i, is_funded in enumerate(solution.funded):
        if not is_funded:
            continue
        problem.funded[i] = True
        for k in problem.of_project[i]:
            amount = solution.amounts.get((i, problem.pair_funder[k]), 0.0)
            if amount > 0 or problem.lo[k] == 0:
                problem.usable[i].append(k)
                problem.amount[k] = amount
    problem.repair()
    return _result(portfolio, problem, solution.optimal, 0.0)


def _result(portfolio: Portfolio, problem: Problem, optimal: bool, gap: float) -> AllocationResult:
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
        gap=gap,
    )


def check_plan(portfolio: Portfolio, result: AllocationResult, tolerance: float = TOLERANCE) -> list[str]:
    """Every rule of the portfolio file that `result` breaks for `portfolio`, amounts compared to `tolerance`
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

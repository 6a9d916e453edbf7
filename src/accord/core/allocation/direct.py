"""The direct model: the textbook single MILP of a whole portfolio, without reductions.

It is what a user would write in an afternoon, and the baseline of bench/allocation.py. `allocate`
also races it in a second process (see `race`): on the rare portfolios where HiGHS's search happens to
find its way through this model faster than through ours, the race takes its proven optimum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from accord.core.allocation.model import Portfolio, eligible


@dataclass(frozen=True)
class DirectSolution:
    """What the direct model found: funded flags per project, amounts per eligible (project, funder)."""

    funded: list[bool]
    amounts: dict[tuple[int, int], float]
    optimal: bool
    bound: float | None = None
    """HiGHS's proven upper bound on the value (its dual bound), when it reports one."""


def solve_direct(portfolio: Portfolio, time_limit: float | None = None) -> DirectSolution | None:
    """x(p,f) per eligible pair in [0, max_ticket], z_p funded with sum_f x(p,f) = cost z_p, w(p,f)
    ticket used with min_ticket w <= x <= max_ticket w, capital rows; None when nothing was found."""
    projects, funders = portfolio.projects, portfolio.funders
    pairs = [(i, j) for i, p in enumerate(projects) for j, f in enumerate(funders) if eligible(p, f)]
    n, m = len(projects), len(pairs)
    semi = [t for t, (_, j) in enumerate(pairs) if funders[j].min_ticket > 0]
    q = len(semi)
    rows: list[int] = list(range(n))
    cols: list[int] = list(range(n))
    vals: list[float] = [-p.cost for p in projects]
    for t, (i, j) in enumerate(pairs):
        rows += [i, n + j]
        cols += [n + t, n + t]
        vals += [1.0, 1.0]
    lower = [0.0] * n + [-np.inf] * len(funders)
    upper = [0.0] * n + [f.capital for f in funders]
    base = n + len(funders)
    for s, t in enumerate(semi):
        f = funders[pairs[t][1]]
        rows += [base + 2 * s, base + 2 * s, base + 2 * s + 1, base + 2 * s + 1]
        cols += [n + t, n + m + s, n + t, n + m + s]
        vals += [1.0, -f.ticket_max, 1.0, -f.min_ticket]
        lower += [-np.inf, 0.0]
        upper += [0.0, np.inf]
    matrix = coo_matrix((vals, (rows, cols)), shape=(len(lower), n + m + q)).tocsr()
    objective = np.concatenate([[-p.priority * p.cost for p in projects], np.zeros(m + q)])
    options: dict[str, float] = {"mip_rel_gap": 0.0}
    if time_limit is not None:
        options["time_limit"] = max(time_limit, 0.001)
    result = milp(
        objective,
        integrality=np.concatenate([np.ones(n), np.zeros(m), np.ones(q)]),
        bounds=Bounds(0, np.concatenate([np.ones(n), [funders[j].ticket_max for _, j in pairs], np.ones(q)])),
        constraints=LinearConstraint(matrix, lower, upper),
        options=options,
    )
    if result.x is None:
        return None
    funded = [bool(z > 0.5) for z in result.x[:n]]
    amounts = {pair: float(x) for pair, x in zip(pairs, result.x[n : n + m], strict=True) if x > 0}
    dual = getattr(result, "mip_dual_bound", None)
    bound = -float(dual) if dual is not None and np.isfinite(dual) else None
    return DirectSolution(funded, amounts, bool(result.status == 0), bound)

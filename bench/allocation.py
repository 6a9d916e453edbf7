"""Benchmark `accord.core.allocation.allocate` against a direct single MILP (scipy.optimize.milp).

    .venv/bin/python bench/allocation.py [--quick]

Seeded random portfolios shaped like an SCO project pipeline: 8 sectors, the 10 member states, projects
in 1-3 countries costing 2 to 3,000 (millions, one decimal), priorities 1-5, and 40 funders with 3-6
sectors, 4-10 countries, minimum tickets (60% of funders), maximum tickets (70%) and capital for half
of the total cost, so that choices matter. Both solvers run in this process, one after the other, on
the same portfolio, with the same time limit; their values must agree when both prove optimality.

MILP run times on such portfolios are heavy-tailed (the same model can take 20 s or 200 s depending on
where the search happens to look), so each size runs several seeds and the summary is a geometric mean.
CPU seconds are reported beside wall seconds because the machine may be shared.
Prints a table and writes bench/results/allocation.json.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from accord.core.allocation import Funder, Portfolio, Project, allocate, check_plan, eligible

SECTORS = ("transport", "energy", "digital", "trade", "agriculture", "water", "health", "environment")
SECTOR_SHARES = (0.22, 0.2, 0.14, 0.12, 0.1, 0.08, 0.07, 0.07)
COUNTRIES = ("BY", "CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ")
# (name, projects, funders, seeds, time limit in seconds for each solver)
CASES = [
    ("100 x 40", 100, 40, (1, 2, 3), 120.0),
    ("400 x 40", 400, 40, (1, 2, 3, 4, 5), 600.0),
    ("2000 x 40", 2000, 40, (1,), 120.0),
]
QUICK_CASES = [("100 x 40", 100, 40, (3,), 120.0), ("400 x 40", 400, 40, (1,), 600.0)]
T = TypeVar("T")
RESULTS = Path(__file__).resolve().parent / "results" / "allocation.json"


def portfolio(projects: int, funders: int, seed: int) -> Portfolio:
    rng = np.random.default_rng(seed)
    # Many mid-sized projects and a few large ones: lognormal around 60 million.
    costs = np.clip(np.round(rng.lognormal(math.log(60), 1.0, projects), 1), 2.0, 3000.0)
    items = []
    for i in range(projects):
        countries = rng.choice(COUNTRIES, rng.choice([1, 2, 3], p=[0.5, 0.35, 0.15]), replace=False)
        items.append(
            Project(
                id=f"P{i + 1:04d}",
                cost=float(costs[i]),
                sector=str(rng.choice(SECTORS, p=SECTOR_SHARES)),
                countries=tuple(str(c) for c in countries),
                priority=float(rng.integers(1, 6)),
            )
        )
    # Capital for half of the pipeline, shared unevenly: a few large banks, many smaller investors.
    shares = rng.lognormal(0.0, 0.8, funders)
    capital = np.round(shares / shares.sum() * costs.sum() * 0.5, 1)
    backers = []
    for j in range(funders):
        minimum = float(np.round(rng.uniform(1, 10), 1)) if rng.random() < 0.6 else 0.0
        maximum = float(np.round(capital[j] * rng.uniform(0.15, 0.5), 1)) if rng.random() < 0.7 else None
        backers.append(
            Funder(
                id=f"F{j + 1:03d}",
                capital=float(capital[j]),
                sectors=tuple(str(s) for s in rng.choice(SECTORS, rng.integers(3, 7), replace=False)),
                countries=tuple(str(c) for c in rng.choice(COUNTRIES, rng.integers(4, 11), replace=False)),
                min_ticket=min(minimum, float(capital[j])),
                max_ticket=None if maximum is None else max(maximum, minimum, 0.1),
            )
        )
    return Portfolio("USD", tuple(items), tuple(backers))


def baseline(data: Portfolio, time_limit: float) -> tuple[float | None, bool]:
    """The textbook model, one MILP: x(p,f) per eligible pair in [0, max_ticket], z_p funded with
    sum_f x(p,f) = cost z_p, w(p,f) ticket used with min_ticket w <= x <= max_ticket w, capital rows."""
    pairs = [
        (i, j) for i, p in enumerate(data.projects) for j, f in enumerate(data.funders) if eligible(p, f)
    ]
    n, m, funders = len(data.projects), len(pairs), data.funders
    semi = [t for t, (_, j) in enumerate(pairs) if funders[j].min_ticket > 0]
    q = len(semi)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, p in enumerate(data.projects):
        rows.append(i)
        cols.append(i)
        vals.append(-p.cost)
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
    objective = np.concatenate([[-p.priority * p.cost for p in data.projects], np.zeros(m + q)])
    result = milp(
        objective,
        integrality=np.concatenate([np.ones(n), np.zeros(m), np.ones(q)]),
        bounds=Bounds(0, np.concatenate([np.ones(n), [funders[j].ticket_max for _, j in pairs], np.ones(q)])),
        constraints=LinearConstraint(matrix, lower, upper),
        options={"time_limit": time_limit, "mip_rel_gap": 0.0},
    )
    if result.x is None:
        return None, False
    funded = result.x[:n] > 0.5
    value = math.fsum(p.priority * p.cost for p, z in zip(data.projects, funded, strict=True) if z)
    return value, result.status == 0


def timed(run: Callable[[], T]) -> tuple[T, float, float]:
    """The outcome of `run`, its wall seconds and its CPU seconds (all threads of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = run()
    return outcome, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one seed each of 100 and 400 projects")
    args = parser.parse_args()
    rows = []
    summary = []
    print(
        f"{'case':<10} {'seed':>4} {'pairs':>6} {'ours s':>8} {'baseline s':>11} {'ratio':>6} "
        f"{'ours cpu':>9} {'base cpu':>9}  outcome"
    )
    for name, projects, funders, seeds, limit in QUICK_CASES if args.quick else CASES:
        ratios = []
        for seed in seeds:
            data = portfolio(projects, funders, seed)
            pairs = sum(eligible(p, f) for p in data.projects for f in data.funders)
            ours, ours_s, ours_cpu = timed(partial(allocate, data, time_limit=limit))
            problems = check_plan(data, ours)
            (value, proven), base_s, base_cpu = timed(partial(baseline, data, limit))
            if problems:
                outcome = "INVALID PLAN: " + "; ".join(problems[:3])
            elif ours.optimal and proven:
                same = value is not None and abs(value - ours.value) <= 1e-6 * max(abs(value), 1.0)
                outcome = f"same optimum {ours.value:.1f}" if same else f"MISMATCH {ours.value} vs {value}"
            else:
                outcome = (
                    f"ours {ours.value:.1f} ({'optimal' if ours.optimal else 'time limit'}), baseline "
                    f"{'none' if value is None else f'{value:.1f}'} ({'optimal' if proven else 'time limit'})"
                )
            ratio = base_s / ours_s
            ratios.append(ratio)
            marks = ("" if ours.optimal else "+", "" if proven else "+")
            print(
                f"{name:<10} {seed:>4} {pairs:>6} {ours_s:>7.2f}{marks[0]:1} {base_s:>10.2f}{marks[1]:1} "
                f"{ratio:>6.2f} {ours_cpu:>9.2f} {base_cpu:>9.2f}  {outcome}",
                flush=True,
            )
            rows.append(
                {
                    "case": name,
                    "projects": projects,
                    "funders": funders,
                    "seed": seed,
                    "eligible_pairs": pairs,
                    "time_limit_s": limit,
                    "ours_s": round(ours_s, 3),
                    "baseline_s": round(base_s, 3),
                    "ratio_baseline_over_ours": round(ratio, 3),
                    "ours_cpu_s": round(ours_cpu, 3),
                    "baseline_cpu_s": round(base_cpu, 3),
                    "ours_value": ours.value,
                    "ours_optimal": ours.optimal,
                    "baseline_value": value,
                    "baseline_optimal": proven,
                    "outcome": outcome,
                }
            )
        mean = math.exp(math.fsum(math.log(r) for r in ratios) / len(ratios))
        summary.append({"case": name, "seeds": len(ratios), "geometric_mean_ratio": round(mean, 3)})
    print(
        "geometric mean of baseline/ours: "
        + ", ".join(f"{s['case']} {s['geometric_mean_ratio']:.2f}" for s in summary)
        + "  (+ = stopped at the time limit)"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "python": platform.python_version(),
                "machine": platform.machine(),
                "quick": args.quick,
                "cases": rows,
                "summary": summary,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()

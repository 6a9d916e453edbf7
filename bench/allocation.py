"""Benchmark `accord.core.allocation.allocate` against the direct single MILP, on a fixed suite.

    .venv/bin/python bench/allocation.py [--quick] [--limit SECONDS]

The suite: 20 seeded portfolios of 400 projects x 40 funders shaped like an SCO project pipeline (8
sectors, the 10 member states, projects in 1-3 countries costing 2 to 3,000 millions with one decimal,
40 funders with 3-6 sectors, 4-10 countries, maximum tickets for 70% of them, and capital for half of
the total cost, so that choices matter), in three variants:
- standard (8 seeds): whole priorities 1-5, minimum tickets of 1-10 for 60% of funders;
- tickets (6 seeds): every funder has a minimum ticket of 2-12, so that tickets bind;
- decimals (6 seeds): priorities 1.00-5.00 with two decimals, so that values per unit of money differ.

The baseline is the direct model (`accord.core.allocation.direct`: one textbook MILP through scipy's
HiGHS), measured alone; ours is `allocate`, which races that same model in a second process on
portfolios this large. Both run one after the other, on the same portfolio, with the same time limit;
their values must agree when both prove optimality. CPU seconds include every thread and, for ours,
the racing process. MILP times are heavy-tailed, so the summary is the geometric mean and the worst
ratio. Prints a table and writes bench/results/allocation.json (--quick: one seed per variant).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from accord.core.allocation import Funder, Portfolio, Project, allocate, check_plan, eligible
from accord.core.allocation.direct import solve_direct

SECTORS = ("transport", "energy", "digital", "trade", "agriculture", "water", "health", "environment")
SECTOR_SHARES = (0.22, 0.2, 0.14, 0.12, 0.1, 0.08, 0.07, 0.07)
COUNTRIES = ("BY", "CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ")
PROJECTS, FUNDERS = 400, 40
SUITE = [("standard", range(1, 9)), ("tickets", range(1, 7)), ("decimals", range(1, 7))]
T = TypeVar("T")
RESULTS = Path(__file__).resolve().parent / "results" / "allocation.json"
RESULTS_QUICK = Path(__file__).resolve().parent / "results" / "allocation-quick.json"
RESULTS_ONLY = Path(__file__).resolve().parent / "results" / "allocation-only.json"
LOAD = os.getloadavg()


def portfolio(projects: int, funders: int, seed: int, variant: str = "standard") -> Portfolio:
    """A seeded portfolio. `variant` "tickets": every funder has a minimum ticket of 2-12 (they bind);
    "decimals": priorities 1.00-5.00 with two decimals instead of whole 1-5."""
    rng = np.random.default_rng(seed)
    # Many mid-sized projects and a few large ones: lognormal around 60 million.
    costs = np.clip(np.round(rng.lognormal(math.log(60), 1.0, projects), 1), 2.0, 3000.0)
    if variant == "decimals":
        priorities = [float(p) for p in np.round(rng.uniform(1.0, 5.0, projects), 2)]
    else:
        priorities = [float(p) for p in rng.integers(1, 6, projects)]
    items = []
    for i in range(projects):
        countries = rng.choice(COUNTRIES, rng.choice([1, 2, 3], p=[0.5, 0.35, 0.15]), replace=False)
        items.append(
            Project(
                id=f"P{i + 1:04d}",
                cost=float(costs[i]),
                sector=str(rng.choice(SECTORS, p=SECTOR_SHARES)),
                countries=tuple(str(c) for c in countries),
                priority=priorities[i],
            )
        )
    # Capital for half of the pipeline, shared unevenly: a few large banks, many smaller investors.
    shares = rng.lognormal(0.0, 0.8, funders)
    capital = np.round(shares / shares.sum() * costs.sum() * 0.5, 1)
    backers = []
    for j in range(funders):
        if variant == "tickets":
            minimum = float(np.round(rng.uniform(2, 12), 1))
        else:
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
    """The direct model alone: (value of its plan or None, proven optimal)."""
    found = solve_direct(data, time_limit)
    if found is None:
        return None, False
    value = math.fsum(p.priority * p.cost for p, z in zip(data.projects, found.funded, strict=True) if z)
    return value, found.optimal


def timed(run: Callable[[], T]) -> tuple[T, float, float]:
    """The outcome of `run`, its wall seconds and its CPU seconds (every thread of this process and of
    the child processes it waited for)."""

    def cpu() -> float:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    wall, used = time.perf_counter(), cpu()
    outcome = run()
    return outcome, time.perf_counter() - wall, cpu() - used


def geometric_mean(values: list[float]) -> float:
    return math.exp(math.fsum(math.log(v) for v in values) / len(values))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one seed per variant")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds for each solver (default 120)")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated cases to run, as variant or variant:seed (decimals:3,tickets); results then "
        "go to allocation-only.json",
    )
    args = parser.parse_args()
    suite = [(v, seed) for v, seeds in SUITE for seed in (seeds[:1] if args.quick else seeds)]
    if args.only:
        wanted = [item.strip().split(":") for item in args.only.split(",") if item.strip()]
        suite = [
            (v, seed)
            for v, seeds in SUITE
            for seed in seeds
            if any(w[0] == v and (len(w) == 1 or int(w[1]) == seed) for w in wanted)
        ]
        if not suite:
            parser.error(f"--only {args.only!r} matches no case of the suite")
    rows = []
    print(
        f"{'variant':<9} {'seed':>4} {'pairs':>5} {'ours s':>8} {'direct s':>9} {'ratio':>6} "
        f"{'ours cpu':>8} {'dir. cpu':>8}  outcome",
        flush=True,
    )
    for variant, seed in suite:
        load = os.getloadavg()
        data = portfolio(PROJECTS, FUNDERS, seed, variant)
        pairs = sum(eligible(p, f) for p in data.projects for f in data.funders)
        ours, ours_s, ours_cpu = timed(partial(allocate, data, time_limit=args.limit))
        problems = check_plan(data, ours)
        (value, proven), base_s, base_cpu = timed(partial(baseline, data, args.limit))
        if problems:
            outcome = "INVALID PLAN: " + "; ".join(problems[:3])
        else:
            outcome = judge(ours.value, ours.optimal, ours.gap, value, proven)
        ratio = base_s / ours_s
        marks = ("" if ours.optimal else "+", "" if proven else "+")
        print(
            f"{variant:<9} {seed:>4} {pairs:>5} {ours_s:>7.2f}{marks[0]:1} {base_s:>8.2f}{marks[1]:1} "
            f"{ratio:>6.2f} {ours_cpu:>8.2f} {base_cpu:>8.2f}  {outcome}",
            flush=True,
        )
        rows.append(
            {
                "variant": variant,
                "seed": seed,
                "projects": PROJECTS,
                "funders": FUNDERS,
                "eligible_pairs": pairs,
                "time_limit_s": args.limit,
                "load_average_before": [round(x, 2) for x in load],
                "ours_s": round(ours_s, 3),
                "direct_s": round(base_s, 3),
                "ratio_direct_over_ours": round(ratio, 3),
                "ours_cpu_s": round(ours_cpu, 3),
                "direct_cpu_s": round(base_cpu, 3),
                "cpu_ratio_direct_over_ours": round(base_cpu / ours_cpu, 3),
                "ours_value": ours.value,
                "ours_optimal": ours.optimal,
                "ours_gap": ours.gap,
                "direct_value": value,
                "direct_optimal": proven,
                "outcome": outcome,
            }
        )
        write(rows, args, len(suite))


def judge(ours: float, ours_optimal: bool, gap: float, direct: float | None, direct_optimal: bool) -> str:
    """The outcome of one case. Values are sums of priority x cost: multiples of 0.1 (whole priorities,
    one-decimal costs) or 0.001 (two-decimal priorities), so two plans' values either agree to float
    rounding (1e-9 relative here) or differ by at least that grid step. Both solvers run with
    mip_rel_gap = 0 (and absolute gaps far below the grid), so "the same optimum" means equal values."""
    same = direct is not None and abs(direct - ours) <= 1e-9 * max(abs(direct), 1.0)
    if ours_optimal and direct_optimal:
        if same:
            return f"same optimum {ours:.3f}"
        if direct is not None and ours > direct:
            # Ours is checked against every rule at 1e-9 relative: a valid plan worth more, so the
            # direct model's proof of optimality was wrong (a numerical pruning error in its HiGHS).
            return f"ours {ours:.3f} (optimal, valid at 1e-9), direct {direct:.3f} CLAIMED optimal (wrong)"
        return f"MISMATCH ours {ours} direct {direct}"
    return (
        f"ours {ours:.3f} ({'optimal' if ours_optimal else f'gap {gap:.3%}'}), direct "
        f"{'none' if direct is None else f'{direct:.3f}'} ({'optimal' if direct_optimal else 'time limit'})"
    )


def write(rows: list[dict[str, object]], args: argparse.Namespace, planned: int) -> None:
    """Summarise the cases run so far and write them out (after every case, so that an interrupted run
    keeps what finished)."""
    ratios = [r["ratio_direct_over_ours"] for r in rows]
    cpu_ratios = [r["cpu_ratio_direct_over_ours"] for r in rows]
    summary = {
        "portfolios": len(rows),
        "planned": planned,
        "geometric_mean_ratio": round(geometric_mean(ratios), 3),
        "worst_ratio": min(ratios),
        "geometric_mean_cpu_ratio": round(geometric_mean(cpu_ratios), 3),
        "worst_cpu_ratio": min(cpu_ratios),
        "both_optimal_and_same": sum(r["outcome"].startswith("same optimum") for r in rows),
        "ours_total_s": round(sum(r["ours_s"] for r in rows), 1),
        "direct_total_s": round(sum(r["direct_s"] for r in rows), 1),
    }
    print(
        f"direct/ours wall: geometric mean {summary['geometric_mean_ratio']:.2f}, "
        f"worst {summary['worst_ratio']:.2f}; CPU: geometric mean {summary['geometric_mean_cpu_ratio']:.2f}, "
        f"worst {summary['worst_cpu_ratio']:.2f}; same optimum {summary['both_optimal_and_same']} of "
        f"{len(rows)}  (+ = stopped at the time limit)"
    )
    out = RESULTS_ONLY if args.only else RESULTS_QUICK if args.quick else RESULTS
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_at_start": LOAD,
        "quick": args.quick,
        "only": args.only,
    }
    out.write_text(json.dumps({"meta": meta, "summary": summary, "cases": rows}, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

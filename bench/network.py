"""Benchmark: assessing every project with accord.core.network beside a naive networkx baseline.

Usage: .venv/bin/python bench/network.py [--quick] [--baseline-projects N] [--seed S]

The generated network: nodes at random points of a 100 x 100 plane split into 25 countries (a 5 x 5
grid); each node joins its nearest neighbours until there are the requested links, as 1520 mm rail
(west half), 1435 mm rail (east half), road, or sea; penalties for gauge, mode and borders (five
specific pairs, a default for the others). Demand pairs start at 250 origin hubs and end anywhere.
Projects add a rail link between nearby nodes, change a link's hours and cost (mostly faster, some
slower), or change the time of a border that some link crosses.

Three ways of computing every project's saving, in the same run:
  ours       Assessor.savings(): one-to-all Dijkstra (scipy) per origin; per project, only origins
             whose distances a changed edge can alter are touched, and a project that only improves
             edges costs one search per improved edge's head instead of one per origin;
  full       the same state graph, but every origin searched again for every project;
  networkx   the naive baseline: per project, the (node, mode, gauge) state graph built with networkx
             from the project's network, and one single_source_dijkstra per origin. It is too slow for
             200 projects, so it runs on N projects (--baseline-projects; the first of each kind, then
             the next ones) and its time per project is multiplied by the number of projects; its
             savings must equal ours to 1e-9 relative.
Peak memory: tracemalloc's peak during a second, untimed run of ours, and the process's maximum
resident size. Writes bench/results/network.json.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import random
import resource
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import networkx as nx
import numpy as np
import scipy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from accord.core.network import (  # noqa: E402
    Assessor,
    Demand,
    Link,
    LinkChange,
    Metric,
    Network,
    Node,
    Pair,
    Penalties,
    Penalty,
    Project,
)
from accord.core.network.model import BorderChange, pair_key  # noqa: E402

FULL = {"nodes": 2000, "links": 10_000, "pairs": 5000, "projects": 200, "hubs": 250}
QUICK = {"nodes": 300, "links": 1500, "pairs": 600, "projects": 30, "hubs": 60}


def generate(seed: int, nodes: int, links: int, pairs: int, projects: int, hubs: int):
    rng = random.Random(seed)
    pts = [(rng.uniform(0, 100), rng.uniform(0, 100)) for _ in range(nodes)]
    country = [f"C{int(x // 20)}{int(y // 20)}" for x, y in pts]
    node_list = tuple(Node(f"n{i}", country[i], f"n{i}", 0.0, 0.0) for i in range(nodes))
    order = np.argsort(np.array([p[0] for p in pts]))
    grid = np.array(pts)
    dist = np.sqrt(((grid[:, None, :] - grid[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(dist, np.inf)
    near = np.argsort(dist, axis=1)
    seen: set[tuple[int, int]] = set()
    out: list[Link] = []
    k = 0
    while len(out) < links:
        for i in order:
            if len(out) >= links:
                break
            j = int(near[i, k])
            key = (min(i, j), max(i, j))
            if key in seen:
                continue
            seen.add(key)
            out.append(_link(rng, f"l{len(out)}", int(i), j, pts, dist[i, j]))
        k += 1
    borders = {}
    countries = sorted(set(country))
    for _ in range(5):
        a, b = rng.sample(countries, 2)
        borders[pair_key(a, b)] = Penalty(rng.uniform(2, 30), rng.uniform(1, 20))
    penalties = Penalties(Penalty(8, 12), Penalty(24, 20), Penalty(12, 10), borders)
    network = Network(node_list, tuple(out), penalties)
    hub = rng.sample(range(nodes), hubs)
    od: set[tuple[int, int]] = set()
    while len(od) < pairs:
        a, b = rng.choice(hub), rng.randrange(nodes)
        if a != b:
            od.add((a, b))
    demand = Demand(
        tuple(Pair(f"n{a}", f"n{b}", float(rng.randint(1, 100) * 1000)) for a, b in sorted(od)),
        Penalty(2000, 500),
    )
    # Border projects act on pairs that some link crosses (a random pair of countries mostly is not).
    crossed = sorted({pair_key(country[int(x.frm[1:])], country[int(x.to[1:])]) for x in out})
    crossed = [c for c in crossed if c[0] != c[1]]
    plist = []
    for p in range(projects):
        kind = rng.random()
        if kind < 0.4:
            i = rng.randrange(nodes)
            j = int(near[i, rng.randint(2, 8)])
            new = replace(_link(rng, f"x{p}", i, j, pts, dist[i, j] * 0.8), mode="rail")
            new = replace(new, gauge=1520 if pts[i][0] < 50 else 1435)
            plist.append(Project(f"p{p}", rng.uniform(10, 500), add_links=(new,)))
        elif kind < 0.85:
            changes = []
            for li in rng.sample(range(len(out)), rng.randint(1, 3)):
                f = rng.uniform(0.3, 1.1)
                changes.append(
                    LinkChange(out[li].id, hours=out[li].hours * f, cost=out[li].cost * rng.uniform(0.5, 1))
                )
            plist.append(Project(f"p{p}", rng.uniform(10, 500), change_links=tuple(changes)))
        else:
            a, b = rng.choice(crossed)
            plist.append(
                Project(
                    f"p{p}",
                    rng.uniform(1, 50),
                    borders=(BorderChange(pair_key(a, b), hours=rng.uniform(0, 6)),),
                )
            )
    return network, demand, tuple(plist)


def _link(rng: random.Random, link_id: str, i: int, j: int, pts, d: float) -> Link:
    km = d * 10
    r = rng.random()
    if r < 0.6:
        mode, gauge, speed, rate = "rail", (1520 if pts[i][0] < 50 else 1435), 40, 0.045
    elif r < 0.95:
        mode, gauge, speed, rate = "road", None, 35, 0.09
    else:
        mode, gauge, speed, rate = "sea", None, 25, 0.01
    return Link(
        link_id, f"n{i}", f"n{j}", mode, gauge, km, km / speed + rng.uniform(0, 3), 5 + km * rate, None
    )


# ------------------------------------------------------------------------------------ naive baseline


def apply(network: Network, project: Project) -> Network:
    links = {link.id: link for link in network.links}
    borders = dict(network.penalties.borders)
    for link in project.add_links:
        links[link.id] = link
    for ch in project.change_links:
        fields = {
            k: getattr(ch, k) for k in ("hours", "cost", "capacity", "km") if getattr(ch, k) is not None
        }
        links[ch.id] = replace(links[ch.id], **fields)
    for b in project.borders:
        old = borders.get(b.pair, network.penalties.border_default)
        borders[b.pair] = replace(
            old, **{k: getattr(b, k) for k in ("hours", "cost") if getattr(b, k) is not None}
        )
    return replace(
        network, links=tuple(links.values()), penalties=replace(network.penalties, borders=borders)
    )


def nx_state_graph(network: Network, metric: Metric) -> nx.DiGraph:
    pen = network.penalties
    country = {n.id: n.country for n in network.nodes}
    arcs = []
    for link in network.links:
        arcs.append((link, link.frm, link.to))
        if link.two_way:
            arcs.append((link, link.to, link.frm))
    arriving: dict[str, set] = {n.id: set() for n in network.nodes}
    for link, _, v in arcs:
        arriving[v].add((link.mode, link.gauge))
    g = nx.DiGraph()
    for link, u, v in arcs:
        hours, cost = link.hours, link.cost
        if country[u] != country[v]:
            b = pen.border(country[u], country[v])
            hours, cost = hours + b.hours, cost + b.cost
        for kind in [None, *arriving[u]]:
            h, c = hours, cost
            if kind is not None and kind[0] != link.mode:
                h, c = h + pen.mode_change.hours, c + pen.mode_change.cost
            elif kind is not None and link.mode == "rail" and kind[1] != link.gauge:
                h, c = h + pen.gauge_change.hours, c + pen.gauge_change.cost
            w = metric.value(h, c)
            a, b2 = (u, kind), (v, (link.mode, link.gauge))
            if not g.has_edge(a, b2) or g[a][b2]["weight"] > w:
                g.add_edge(a, b2, weight=w)
    return g


def nx_values(network: Network, demand: Demand, metric: Metric) -> np.ndarray:
    """Each pair's capped value per tonne."""
    g = nx_state_graph(network, metric)
    cap = metric.value(demand.unserved.hours, demand.unserved.cost)
    best: dict[str, dict[str, float]] = {}
    values = []
    for pair in demand.pairs:
        if pair.frm not in best:
            lengths = (
                nx.single_source_dijkstra_path_length(g, (pair.frm, None)) if (pair.frm, None) in g else {}
            )
            node_best: dict[str, float] = {}
            for (node, kind), d in lengths.items():
                if kind is not None and d < node_best.get(node, math.inf):
                    node_best[node] = d
            best[pair.frm] = node_best
        values.append(min(cap, best[pair.frm].get(pair.to, math.inf)))
    return np.array(values)


def _sample(projects: tuple[Project, ...], n: int) -> list[Project]:
    """The first project of each kind (adds a link, changes links, changes a border), then the next ones."""
    kinds = (lambda p: p.add_links, lambda p: p.change_links, lambda p: p.borders)
    chosen = [next(p for p in projects if kind(p)) for kind in kinds]
    chosen += [p for p in projects if p not in chosen][: max(0, n - len(chosen))]
    return chosen


# ---------------------------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a small instance (seconds)")
    ap.add_argument("--baseline-projects", type=int, default=None, help="projects the networkx baseline runs")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    size = QUICK if args.quick else FULL
    sample = args.baseline_projects or (3 if args.quick else 4)
    metric = Metric("generalised", 2.0)
    t0 = time.perf_counter()
    network, demand, projects = generate(args.seed, **size)
    print(f"generated {size} in {time.perf_counter() - t0:.1f} s")

    t0 = time.perf_counter()
    assessor = Assessor(network, demand, projects, metric)
    ours = {s.id: s.saving for s in assessor.savings()}
    t_ours = time.perf_counter() - t0
    print(
        f"ours:     {len(projects)} projects in {t_ours:.2f} s "
        f"({t_ours / len(projects) * 1000:.1f} ms/project)"
    )

    t0 = time.perf_counter()
    full_assessor = Assessor(network, demand, projects, metric)
    tonnes = np.array([pair.tonnes for pair in demand.pairs])
    # Savings as sums of per-pair differences: a difference of two large totals would lose digits.
    before = full_assessor.pair_values()
    base = float(tonnes @ before)
    g = full_assessor.graph
    full = {
        p.id: float(tonnes @ (before - full_assessor.pair_values(g.scenario([i]))))
        for i, p in enumerate(projects)
    }
    t_full = time.perf_counter() - t0
    print(
        f"full:     {len(projects)} projects in {t_full:.2f} s "
        f"({t_full / len(projects) * 1000:.1f} ms/project)"
    )

    t0 = time.perf_counter()
    nx_before = nx_values(network, demand, metric)
    nx_base = float(tonnes @ nx_before)
    t_nx_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    baseline = {
        p.id: float(tonnes @ (nx_before - nx_values(apply(network, p), demand, metric)))
        for p in _sample(projects, sample)
    }
    t_nx_sample = time.perf_counter() - t0
    sample = len(baseline)
    t_nx = t_nx_base + t_nx_sample / sample * len(projects)
    print(
        f"networkx: base in {t_nx_base:.1f} s, {sample} projects in {t_nx_sample:.1f} s; "
        f"{len(projects)} projects extrapolated to {t_nx:.0f} s"
    )

    def rel(a: float, b: float) -> float:
        return abs(a - b) / max(1.0, abs(a), abs(b))

    worst_full = max(rel(ours[k], full[k]) for k in ours)
    worst_nx = max(rel(ours[k], baseline[k]) for k in baseline)
    base_rel = rel(nx_base, base)
    assert worst_full <= 1e-9 and worst_nx <= 1e-9 and base_rel <= 1e-9, (worst_full, worst_nx, base_rel)

    tracemalloc.start()
    Assessor(network, demand, projects, metric).savings()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    changed = sum(1 for v in ours.values() if v != 0)
    result = {
        "meta": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "networkx": nx.__version__,
            "machine": platform.machine(),
            "seed": args.seed,
            "quick": args.quick,
            "metric": "generalised, value of time 2",
        },
        "instance": {
            **size,
            "states": assessor.graph.n_states,
            "state_edges": int(len(assessor.graph.group_src)),
            "origins": int(len(assessor.origins)),
            "projects_with_a_saving": changed,
        },
        "seconds": {
            "ours": round(t_ours, 3),
            "full_recompute": round(t_full, 3),
            "networkx_base": round(t_nx_base, 3),
            "networkx_per_project": round(t_nx_sample / sample, 3),
            "networkx_extrapolated": round(t_nx, 1),
        },
        "baseline_projects_run": sorted(baseline),
        "speedup_vs_networkx": round(t_nx / t_ours, 1),
        "speedup_vs_full_recompute": round(t_full / t_ours, 2),
        "max_relative_difference": {"full": worst_full, "networkx": worst_nx, "base_total": base_rel},
        "peak_memory_mb": {
            "ours_tracemalloc": round(peak / 2**20, 1),
            "process_max_rss": round(maxrss_mb, 1),
        },
    }
    print(
        f"speed-up vs networkx: {result['speedup_vs_networkx']}x; vs full recompute: "
        f"{result['speedup_vs_full_recompute']}x; savings agree to {max(worst_full, worst_nx):.1e} relative"
    )
    print(
        f"peak memory: ours {result['peak_memory_mb']['ours_tracemalloc']} MB (tracemalloc), "
        f"process {maxrss_mb:.0f} MB"
    )
    name = "network-quick.json" if args.quick else "network.json"
    out = Path(__file__).resolve().parent / "results" / name
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

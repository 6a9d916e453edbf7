"""What projects do to the network: savings, the best set within a budget, loads and bottlenecks.

The value of a pair is its best route's value (hours, cost or generalised cost, per tonne), capped at
the demand file's unserved value: a pair with no route, or whose best route is worse than the unserved
value, counts as unserved. The total is the sum of tonnes x value over all pairs; a project's saving is
the total without it minus the total with it.

Assessing each project against the network as it is (`Assessor.savings`) does not rerun every search.
Distances from each origin (one-to-all Dijkstra from its start state) are kept for a block of origins,
and a project only changes the weights of some edges. An origin's distances can only get better if an
improved edge (a, b) relaxes (d(a) + w_new < d(b)), and only get worse if a worsened edge was tight
(d(a) + w_old = d(b), i.e. it may be on a shortest walk). Origins meeting neither condition keep all
their distances, so their pairs' values are unchanged; only the other origins are searched again, on
the project's weights.

The cap makes each pair's value a non-decreasing function of the edge weights. `Assessor.best_set`
relies on that for its bound (see there).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.sparse.csgraph import dijkstra

from accord.core.errors import InputError
from accord.core.network.graph import Metric, Scenario, StateGraph, unserved_value
from accord.core.network.model import Demand, Network, Project

# Bytes of distances held at once (origins x states x 8).
_BLOCK_BYTES = 32 * 2**20


@dataclass(frozen=True)
class Flow:
    """One pair whose value a project changes (values per tonne)."""

    frm: str
    to: str
    tonnes: float
    before: float
    after: float

    @property
    def saving(self) -> float:
        return self.tonnes * (self.before - self.after)


@dataclass(frozen=True)
class ProjectSaving:
    id: str
    cost: float
    saving: float
    flows: tuple[Flow, ...] = ()

    @property
    def saving_per_cost(self) -> float | None:
        return self.saving / self.cost if self.cost > 0 else None

    def to_json(self) -> dict:
        return {"id": self.id, "saving": self.saving, "saving_per_cost": self.saving_per_cost}


@dataclass(frozen=True)
class BestSet:
    """`bound` is an upper bound on the saving of any set within the budget; equal to `saving` when
    `optimal` (proven within the time limit)."""

    projects: tuple[str, ...]
    saving: float
    cost: float
    optimal: bool
    bound: float
    nodes: int = 0

    def to_json(self) -> dict:
        return {
            "projects": list(self.projects),
            "saving": self.saving,
            "cost": self.cost,
            "optimal": self.optimal,
            "bound": self.bound,
        }


@dataclass(frozen=True)
class LinkLoad:
    """Tonnes assigned to one direction of a link (all-or-nothing on the best routes)."""

    link: str
    frm: str
    to: str
    load: float
    capacity: float | None

    @property
    def ratio(self) -> float | None:
        if self.capacity is None:
            return None
        return self.load / self.capacity if self.capacity > 0 else (float("inf") if self.load > 0 else 0.0)

    def to_json(self) -> dict:
        ratio = self.ratio
        return {
            "link": self.link,
            "from": self.frm,
            "to": self.to,
            "load": self.load,
            "capacity": self.capacity,
            "ratio": ratio if ratio is None or np.isfinite(ratio) else None,
        }


class Assessor:
    def __init__(
        self,
        network: Network,
        demand: Demand,
        projects: Sequence[Project] = (),
        metric: Metric | None = None,
    ) -> None:
        self.graph = g = StateGraph(network, projects, metric)
        self.demand = demand
        self.projects = g.projects
        self.unserved = unserved_value(g.metric, demand.unserved)
        origins = sorted({g.node_index[p.frm] for p in demand.pairs})
        row_of = {o: r for r, o in enumerate(origins)}
        self.origins = np.array(origins, dtype=np.int64)
        order = sorted(range(len(demand.pairs)), key=lambda i: row_of[g.node_index[demand.pairs[i].frm]])
        self.pair_order = np.array(order, dtype=np.int64)
        self.pair_row = np.array([row_of[g.node_index[demand.pairs[i].frm]] for i in order], dtype=np.int64)
        self.pair_dest = np.array([g.node_index[demand.pairs[i].to] for i in order], dtype=np.int64)
        self.pair_tonnes = np.array([demand.pairs[i].tonnes for i in order], dtype=float)
        self.block = max(1, _BLOCK_BYTES // (8 * max(1, g.n_states)))
        self.base_weights = g.group_weights(g.base)
        self.base_matrix = g.matrix(self.base_weights)
        self._totals: dict[frozenset[int], float] = {}

    # ------------------------------------------------------------------------------------- values

    def _blocks(self):
        for r0 in range(0, len(self.origins), self.block):
            r1 = min(r0 + self.block, len(self.origins))
            p0, p1 = np.searchsorted(self.pair_row, [r0, r1])
            yield r0, r1, p0, p1

    def _values(self, dist: np.ndarray, rows: np.ndarray, pairs: slice | np.ndarray, r0: int) -> np.ndarray:
        """Capped per-tonne values of `pairs` from distances of origin rows (`rows`, offset r0)."""
        nv = self.graph.node_values(dist)
        where = np.full(self.block, -1, dtype=np.int64)
        where[rows - r0] = np.arange(len(rows))
        values = nv[where[self.pair_row[pairs] - r0], self.pair_dest[pairs]]
        return np.minimum(values, self.unserved)

    def pair_values(self, scenario: Scenario | None = None) -> np.ndarray:
        """Capped per-tonne value of every pair (in demand file order)."""
        g = self.graph
        matrix = self.base_matrix if scenario is None else g.matrix(g.group_weights(scenario))
        out = np.empty(len(self.pair_order))
        for r0, r1, p0, p1 in self._blocks():
            rows = np.arange(r0, r1)
            dist = g.distances(matrix, self.origins[rows])
            out[self.pair_order[p0:p1]] = self._values(dist, rows, slice(p0, p1), r0)
        return out

    def total(self, chosen: Sequence[int] = ()) -> float:
        """Demand-weighted value once the projects at these indices are built."""
        key = frozenset(chosen)
        if key not in self._totals:
            values = self.pair_values(None if not key else self.graph.scenario(key))
            self._totals[key] = self._weighted(values)
        return self._totals[key]

    def _weighted(self, values: np.ndarray) -> float:
        tonnes = np.empty(len(values))
        tonnes[self.pair_order] = self.pair_tonnes
        return float(np.dot(tonnes, values))

    # ------------------------------------------------------------------------------------ savings

    def savings(self, strategy: Literal["auto", "search", "heads"] = "auto") -> list[ProjectSaving]:
        """Each project's saving on its own, ranked by saving (then saving per cost, then file order).

        `strategy` only changes how (never what): "search" searches the hit origins again; "heads" uses
        the improved edges' heads whenever a project only improves; "auto" picks the cheaper.
        """
        g = self.graph
        base_w = self.base_weights
        changes = []
        for p in range(len(self.projects)):
            w = g.group_weights(g.scenario([p]))
            changed = np.flatnonzero(w != base_w)
            better = changed[w[changed] < base_w[changed]]
            worse = changed[w[changed] > base_w[changed]]
            changes.append((changed, w[changed], better, w[better], worse))
        saving = np.zeros(len(self.projects))
        flows: list[list[Flow]] = [[] for _ in self.projects]
        for r0, r1, p0, p1 in self._blocks():
            rows = np.arange(r0, r1)
            dist = g.distances(self.base_matrix, self.origins[rows])
            before = self._values(dist, rows, slice(p0, p1), r0)
            for p, (changed, new_w, better, better_w, worse) in enumerate(changes):
                if not len(changed):
                    continue
                hit = np.zeros(len(rows), dtype=bool)
                if len(better):
                    hit |= (dist[:, g.group_src[better]] + better_w < dist[:, g.group_dst[better]]).any(
                        axis=1
                    )
                if len(worse):
                    d_src = dist[:, g.group_src[worse]]
                    d_dst = dist[:, g.group_dst[worse]]
                    tight = d_src + base_w[worse] <= d_dst + 1e-9 * np.maximum(1.0, np.abs(d_dst))
                    hit |= (tight & np.isfinite(d_src)).any(axis=1)
                if not hit.any():
                    continue
                weights = base_w.copy()
                weights[changed] = new_w
                matrix = g.matrix(weights)
                again = rows[hit]
                pairs = np.flatnonzero(np.isin(self.pair_row[p0:p1], again)) + p0
                old = before[pairs - p0]
                n_heads = len(np.unique(g.group_dst[better]))
                if not len(worse) and (strategy == "heads" or (strategy == "auto" and n_heads < len(again))):
                    after = self._through_heads(matrix, dist, r0, pairs, old, better, better_w)
                else:
                    after = self._values(g.distances(matrix, self.origins[again]), again, pairs, r0)
                saving[p] += float(np.dot(self.pair_tonnes[pairs], old - after))
                for k in np.flatnonzero(old != after):
                    i = pairs[k]
                    pair = self.demand.pairs[self.pair_order[i]]
                    flows[p].append(Flow(pair.frm, pair.to, pair.tonnes, float(old[k]), float(after[k])))
        result = []
        for p, project in enumerate(self.projects):
            ranked_flows = tuple(sorted(flows[p], key=lambda f: -f.saving))
            result.append(ProjectSaving(project.id, project.cost, float(saving[p]), ranked_flows))
        index = {p.id: i for i, p in enumerate(self.projects)}
        return sorted(
            result,
            key=lambda s: (-s.saving, -(s.saving_per_cost or 0.0), index[s.id]),
        )

    def _through_heads(self, matrix, dist, r0, pairs, old, better, better_w) -> np.ndarray:
        """New capped values of `pairs` when a project only lowers weights (of the `better` groups).

        A shortest walk in the new graph either uses no improved edge (old distance) or has a first
        improved edge (a, b): old distance to a, the new weight, then a shortest walk from b in the new
        graph. Old distances are never below the new ones, so d'(x) = min(d(x), min over improved
        (a, b) of d(a) + w'(a, b) + D'(b, x)): one search per distinct head b serves every origin.
        """
        g = self.graph
        heads, inverse = np.unique(g.group_dst[better], return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        starts = np.searchsorted(inverse[order], np.arange(len(heads)))
        rows = self.pair_row[pairs] - r0
        via = dist[np.unique(rows)][:, g.group_src[better][order]] + better_w[order]
        entry = np.minimum.reduceat(via, starts, axis=1)  # (hit rows x heads): best d(a) + w' into b
        row_pos = np.searchsorted(np.unique(rows), rows)
        from_heads = g.node_values(dijkstra(matrix, directed=True, indices=heads))  # (heads x nodes)
        through = (entry[row_pos] + from_heads[:, self.pair_dest[pairs]].T).min(axis=1)
        through = np.minimum(through, self.unserved)
        # Ties reached along another walk may differ in the last bits: keep the old value then.
        return np.where(through < old - 1e-12 * np.maximum(1.0, np.abs(old)), through, old)

    # ----------------------------------------------------------------------------------- best set

    def best_set(
        self, budget: float, time_limit: float | None = None, savings: Sequence[ProjectSaving] | None = None
    ) -> BestSet:
        """The set of projects with the largest combined saving whose costs fit within `budget`.

        Branch and bound over include/exclude decisions, projects taken in order of their own saving.
        The bound of a branch (projects `chosen`, projects `open` still undecided and affordable) is the
        saving on the optimistic scenario: every link any open project adds is built, and every field
        takes the least value that chosen + any subset of open could give it. Each pair's value is a
        non-decreasing function of the edge weights (a minimum over walks of sums of weights, capped),
        so no completion of the branch can beat this bound, whether savings add up, overlap (parallel
        railways) or only appear together (two sections of one corridor). The sum of the open projects'
        own savings would not be a bound, because of that last case.

        When `time_limit` (seconds) runs out the best set found is returned with optimal false and the
        largest bound among the branches left open.
        """
        if not (budget >= 0 and np.isfinite(budget)):
            raise InputError("budget", "must be a number of at least 0")
        if time_limit is not None and not time_limit > 0:
            raise InputError("time_limit", "must be a positive number of seconds")
        started = time.monotonic()
        base = self.total()
        tol = 1e-9 * max(1.0, abs(base))
        own = {s.id: s.saving for s in (savings if savings is not None else self.savings())}
        order = sorted(
            (p for p in range(len(self.projects)) if self.projects[p].cost <= budget),
            key=lambda p: (-own[self.projects[p].id], self.projects[p].cost, p),
        )
        best_saving, best_chosen = 0.0, ()
        stack: list[tuple[int, tuple[int, ...], float, float]] = [(0, (), 0.0, float("inf"))]
        explored = 0
        timed_out = False
        while stack:
            if explored and time_limit is not None and time.monotonic() - started > time_limit:
                timed_out = True
                break
            pos, chosen, spent, _ = stack.pop()
            explored += 1
            value = base - self.total(chosen)
            if value > best_saving + tol:
                best_saving, best_chosen = value, chosen
            open_ = [q for q in order[pos:] if spent + self.projects[q].cost <= budget]
            if not open_:
                continue
            bound = base - self._optimistic_total(chosen, open_)
            if bound <= best_saving + tol:
                continue
            q = open_[0]
            nxt = order.index(q) + 1
            stack.append((nxt, chosen, spent, bound))
            stack.append((nxt, (*chosen, q), spent + self.projects[q].cost, bound))
        bound = max([best_saving] + [b for *_, b in stack]) if timed_out else best_saving
        chosen_sorted = sorted(best_chosen)
        return BestSet(
            projects=tuple(self.projects[p].id for p in chosen_sorted),
            saving=best_saving,
            cost=float(sum(self.projects[p].cost for p in chosen_sorted)),
            optimal=not timed_out,
            bound=bound,
            nodes=explored,
        )

    def _optimistic_total(self, chosen: Sequence[int], open_: Sequence[int]) -> float:
        return self._weighted(self.pair_values(self.graph.optimistic(chosen, open_)))

    # -------------------------------------------------------------------------------------- loads

    def loads(self, chosen: Sequence[int] = ()) -> list[LinkLoad]:
        """All-or-nothing: each served pair's tonnes on every link of its best route, per direction."""
        g = self.graph
        scenario = g.scenario(chosen)
        weights = g.edge_weights(scenario)
        matrix = g.matrix(g.group_weights(scenario))
        arc_load = np.zeros(len(g.arc_link))
        for r0, r1, p0, p1 in self._blocks():
            dist, pred = g.distances(matrix, self.origins[r0:r1], predecessors=True)
            for i in range(p0, p1):
                row = self.pair_row[i] - r0
                states = g.states_of(int(self.pair_dest[i]))
                end = int(states[np.argmin(dist[row, states])])
                if not dist[row, end] <= self.unserved:
                    continue
                for e in g.walk(pred[row], end, weights):
                    arc_load[g.edge_arc[e]] += self.pair_tonnes[i]
        loads = []
        for a in np.flatnonzero(arc_load):
            li = int(g.arc_link[a])
            cap = scenario.capacity[li]
            loads.append(
                LinkLoad(
                    link=g.links[li].id,
                    frm=g.node_ids[g.arc_from[a]],
                    to=g.node_ids[g.arc_to[a]],
                    load=float(arc_load[a]),
                    capacity=None if np.isinf(cap) else float(cap),
                )
            )
        return loads


def bottlenecks(loads: Sequence[LinkLoad]) -> list[LinkLoad]:
    """Loads above capacity, the most overloaded first."""
    over = [x for x in loads if x.capacity is not None and x.load > x.capacity]
    return sorted(over, key=lambda x: (-(x.ratio or 0.0), x.link, x.frm))

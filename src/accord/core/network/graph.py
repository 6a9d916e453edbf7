"""The expanded state graph, scenarios (which projects are built) and routes over it.

A route's cost depends on how a node was reached: arriving by 1520 mm rail and leaving by 1435 mm
rail pays the gauge-change penalty, arriving by road and leaving by rail the mode-change penalty. So
the search runs over states (node, mode, gauge): one "start" state per node (no penalty for the first
link) and one state per distinct (mode, gauge) of the links that arrive at the node. An edge joins a
state at u to the state (v, mode, gauge) of each link u -> v, weighted by the link's value, the
border's value when u and v are in different countries, and the transition penalty. All weights are
non-negative, so scipy's Dijkstra (C) on this graph is exact, and a shortest walk never repeats a state
(it may repeat a node: a detour that avoids a gauge change).

The graph is built once over every link of the network and of all projects. A scenario (a set of
projects) only changes the weights (a link not yet built weighs infinity), so the sparse structure is
shared and a scenario costs one vectorised pass. Parallel edges between the same two states (two links
with the same ends, mode and gauge) keep the minimum, as the search would.

When several chosen projects change the same field of the same link or border, the project listed
later in the projects file wins (values replace, they never add up).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from accord.core.errors import InputError
from accord.core.network.model import Link, Network, Penalty, Project, pair_key

By = Literal["hours", "cost", "generalised"]
BY: tuple[By, ...] = ("hours", "cost", "generalised")

_NONE, _MODE, _GAUGE = 0, 1, 2


@dataclass(frozen=True)
class Metric:
    """What a route minimises: hours, cost, or cost + value_of_time x hours."""

    by: By = "hours"
    value_of_time: float = 0.0

    def __post_init__(self) -> None:
        if self.by not in BY:
            raise InputError("by", f"unknown criterion {self.by!r}, expected one of {', '.join(BY)}")
        if not (self.value_of_time >= 0 and np.isfinite(self.value_of_time)):
            raise InputError("value_of_time", "must be a number of at least 0")

    def value(self, hours, cost):
        if self.by == "hours":
            return hours
        if self.by == "cost":
            return cost
        return cost + self.value_of_time * hours


@dataclass(frozen=True)
class Scenario:
    """Field values in force once a set of projects is built (arrays indexed like StateGraph.links)."""

    active: np.ndarray
    hours: np.ndarray
    cost: np.ndarray
    capacity: np.ndarray
    pair_hours: np.ndarray
    pair_cost: np.ndarray


@dataclass(frozen=True)
class Route:
    path: tuple[str, ...]
    links: tuple[str, ...]
    hours: float
    cost: float
    value: float
    transfers: int
    gauge_changes: int = 0
    mode_changes: int = 0
    borders: int = 0

    def to_json(self) -> dict:
        return {
            "path": list(self.path),
            "links": list(self.links),
            "hours": self.hours,
            "cost": self.cost,
            "value": self.value,
            "transfers": self.transfers,
        }


class StateGraph:
    """The state graph of `network` plus every link the `projects` could add."""

    def __init__(self, network: Network, projects: Sequence[Project] = (), metric: Metric | None = None):
        self.network = network
        self.projects = tuple(projects)
        self.metric = metric or Metric()
        pen = network.penalties
        self.node_ids = [n.id for n in network.nodes]
        self.node_index = {n: i for i, n in enumerate(self.node_ids)}
        country = [n.country for n in network.nodes]

        links: list[Link] = list(network.links)
        for p in self.projects:
            links.extend(p.add_links)
        self.links = links
        self.link_index = {link.id: i for i, link in enumerate(links)}
        n_links = len(links)

        # Border pairs that some link crosses, with their values before any project.
        pairs: dict[tuple[str, str], int] = {}
        link_pair = np.full(n_links, -1, dtype=np.int64)
        for i, link in enumerate(links):
            a, b = country[self.node_index[link.frm]], country[self.node_index[link.to]]
            if a != b:
                link_pair[i] = pairs.setdefault(pair_key(a, b), len(pairs))
        self.pair_index = pairs
        self.link_pair = link_pair
        border_values = [pen.border(*p) for p in pairs]
        self.base = Scenario(
            active=np.array([i < len(network.links) for i in range(n_links)], dtype=bool),
            hours=np.array([link.hours for link in links], dtype=float),
            cost=np.array([link.cost for link in links], dtype=float),
            capacity=np.array(
                [np.inf if link.capacity is None else link.capacity for link in links], dtype=float
            ),
            pair_hours=np.array([b.hours for b in border_values], dtype=float),
            pair_cost=np.array([b.cost for b in border_values], dtype=float),
        )

        # Directed arcs: each link forward, and backward when two-way.
        arc_link, arc_from, arc_to = [], [], []
        for i, link in enumerate(links):
            u, v = self.node_index[link.frm], self.node_index[link.to]
            arc_link.append(i), arc_from.append(u), arc_to.append(v)
            if link.two_way:
                arc_link.append(i), arc_from.append(v), arc_to.append(u)
        self.arc_link = np.array(arc_link, dtype=np.int64)
        self.arc_from = np.array(arc_from, dtype=np.int64)
        self.arc_to = np.array(arc_to, dtype=np.int64)

        # States: node-major, the start state first, then one per arriving (mode, gauge).
        arriving: list[set[tuple[str, int | None]]] = [set() for _ in self.node_ids]
        for a in range(len(arc_link)):
            link = links[arc_link[a]]
            arriving[arc_to[a]].add((link.mode, link.gauge))
        state_node: list[int] = []
        state_kind: list[tuple[str, int | None] | None] = []
        state_of: dict[tuple[int, tuple[str, int | None]], int] = {}
        first: list[int] = []
        for node in range(len(self.node_ids)):
            first.append(len(state_node))
            state_node.append(node)
            state_kind.append(None)
            for kind in sorted(arriving[node], key=lambda k: (k[0], k[1] or 0)):
                state_of[(node, kind)] = len(state_node)
                state_node.append(node)
                state_kind.append(kind)
        self.state_node = np.array(state_node, dtype=np.int64)
        self.state_kind = state_kind
        self.node_first_state = np.array(first, dtype=np.int64)
        n_states = len(state_node)
        self.n_states = n_states

        # Edges: every state at an arc's tail to the arc's arrival state.
        src, dst, arc, trans = [], [], [], []
        for a in range(len(arc_link)):
            link = links[arc_link[a]]
            u = arc_from[a]
            target = state_of[(arc_to[a], (link.mode, link.gauge))]
            end = first[u + 1] if u + 1 < len(first) else n_states
            for s in range(first[u], end):
                kind = state_kind[s]
                if kind is None:
                    t = _NONE
                elif kind[0] != link.mode:
                    t = _MODE
                elif link.mode == "rail" and kind[1] != link.gauge:
                    t = _GAUGE
                else:
                    t = _NONE
                src.append(s), dst.append(target), arc.append(a), trans.append(t)
        src_a, dst_a = np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64)
        order = np.lexsort((dst_a, src_a))
        self.edge_src, self.edge_dst = src_a[order], dst_a[order]
        self.edge_arc = np.array(arc, dtype=np.int64)[order]
        self.edge_trans = np.array(trans, dtype=np.int64)[order]
        trans_hours = np.array([0.0, pen.mode_change.hours, pen.gauge_change.hours])
        trans_cost = np.array([0.0, pen.mode_change.cost, pen.gauge_change.cost])
        self.trans_hours, self.trans_cost = trans_hours, trans_cost
        self.edge_trans_value = self.metric.value(trans_hours, trans_cost)[self.edge_trans]
        # Groups of parallel edges (same src and dst) become one sparse entry each.
        if len(order):
            new_group = np.ones(len(order), dtype=bool)
            new_group[1:] = (self.edge_src[1:] != self.edge_src[:-1]) | (
                self.edge_dst[1:] != self.edge_dst[:-1]
            )
            self.group_start = np.flatnonzero(new_group)
        else:
            self.group_start = np.zeros(0, dtype=np.int64)
        self.group_src = self.edge_src[self.group_start]
        self.group_dst = self.edge_dst[self.group_start]
        self.indptr = np.searchsorted(self.group_src, np.arange(n_states + 1)).astype(np.int32)
        self.indices = self.group_dst.astype(np.int32)

    # ------------------------------------------------------------------------------------ scenarios

    def scenario(self, chosen: Iterable[int]) -> Scenario:
        """Values in force once the projects at these indices (into self.projects) are built."""
        s = self.base
        active, hours, cost, capacity = s.active.copy(), s.hours.copy(), s.cost.copy(), s.capacity.copy()
        pair_hours, pair_cost = s.pair_hours.copy(), s.pair_cost.copy()
        for p in sorted(set(chosen)):
            self._apply(self.projects[p], active, hours, cost, capacity, pair_hours, pair_cost)
        return Scenario(active, hours, cost, capacity, pair_hours, pair_cost)

    def _apply(self, project: Project, active, hours, cost, capacity, pair_hours, pair_cost) -> None:
        for link in project.add_links:
            active[self.link_index[link.id]] = True
        for ch in project.change_links:
            i = self.link_index[ch.id]
            if ch.hours is not None:
                hours[i] = ch.hours
            if ch.cost is not None:
                cost[i] = ch.cost
            if ch.capacity is not None:
                capacity[i] = ch.capacity
        for b in project.borders:
            j = self.pair_index.get(b.pair)
            if j is None:  # no link crosses this border: nothing to change
                continue
            if b.hours is not None:
                pair_hours[j] = b.hours
            if b.cost is not None:
                pair_cost[j] = b.cost

    def optimistic(self, chosen: Iterable[int], open_: Iterable[int]) -> Scenario:
        """Field-wise lower bounds over every scenario `chosen` + any subset of `open_`.

        Whichever subset T of `open_` is added, each field ends with the value of the last project of
        chosen + T that sets it, which is either its value under `chosen` alone or one set by a project
        of T; the minimum of those is a lower bound, and every link `open_` could add is active.
        """
        s = self.scenario(chosen)
        active, hours, cost = s.active.copy(), s.hours.copy(), s.cost.copy()
        pair_hours, pair_cost = s.pair_hours.copy(), s.pair_cost.copy()
        for p in set(open_):
            project = self.projects[p]
            for link in project.add_links:
                active[self.link_index[link.id]] = True
            for ch in project.change_links:
                i = self.link_index[ch.id]
                if ch.hours is not None:
                    hours[i] = min(hours[i], ch.hours)
                if ch.cost is not None:
                    cost[i] = min(cost[i], ch.cost)
            for b in project.borders:
                j = self.pair_index.get(b.pair)
                if j is None:
                    continue
                if b.hours is not None:
                    pair_hours[j] = min(pair_hours[j], b.hours)
                if b.cost is not None:
                    pair_cost[j] = min(pair_cost[j], b.cost)
        return Scenario(active, hours, cost, s.capacity, pair_hours, pair_cost)

    def link_totals(self, s: Scenario) -> tuple[np.ndarray, np.ndarray]:
        """Hours and cost of traversing each link, its border included."""
        crossing = self.link_pair >= 0
        hours, cost = s.hours.copy(), s.cost.copy()
        if len(s.pair_hours):
            hours[crossing] += s.pair_hours[self.link_pair[crossing]]
            cost[crossing] += s.pair_cost[self.link_pair[crossing]]
        return hours, cost

    def edge_weights(self, s: Scenario) -> np.ndarray:
        hours, cost = self.link_totals(s)
        link_value = np.where(s.active, self.metric.value(hours, cost), np.inf)
        return link_value[self.arc_link][self.edge_arc] + self.edge_trans_value

    def group_weights(self, s: Scenario) -> np.ndarray:
        w = self.edge_weights(s)
        if not len(w):
            return w
        return np.minimum.reduceat(w, self.group_start)

    def matrix(self, group_weights: np.ndarray) -> csr_array:
        # Explicit zeros are edges for csgraph; infinite weights are links not built.
        return csr_array((group_weights, self.indices, self.indptr), shape=(self.n_states, self.n_states))

    # ---------------------------------------------------------------------------------------- search

    def distances(self, matrix: csr_array, origins: np.ndarray, predecessors: bool = False):
        """One-to-all from the start states of `origins` (node indices): (rows x states)."""
        starts = self.node_first_state[origins]
        if not len(starts):
            empty = np.zeros((0, self.n_states))
            return (empty, empty.astype(np.int32)) if predecessors else empty
        return dijkstra(matrix, directed=True, indices=starts, return_predecessors=predecessors)

    def node_values(self, dist: np.ndarray) -> np.ndarray:
        """(rows x nodes): the best state of each node."""
        if dist.shape[1] == 0:
            return dist
        return np.minimum.reduceat(dist, self.node_first_state, axis=1)

    def route(self, frm: str, to: str, scenario: Scenario | None = None) -> Route | None:
        """The best route from `frm` to `to` (node ids), or None when there is none."""
        for key, node in (("from", frm), ("to", to)):
            if node not in self.node_index:
                raise InputError(key, f"unknown node {node!r}")
        if frm == to:
            raise InputError("to", "the route must end at another node")
        s = scenario or self.base
        weights = self.group_weights(s)
        dist, pred = self.distances(self.matrix(weights), np.array([self.node_index[frm]]), predecessors=True)
        states = self.states_of(self.node_index[to])
        best = int(states[np.argmin(dist[0, states])])
        if not np.isfinite(dist[0, best]):
            return None
        return self._route_from(pred[0], best, s)

    def states_of(self, node: int) -> np.ndarray:
        end = self.node_first_state[node + 1] if node + 1 < len(self.node_first_state) else self.n_states
        return np.arange(self.node_first_state[node], end)

    def best_edge(self, a: int, b: int, edge_weights: np.ndarray) -> int:
        """The edge a parallel group (a -> b) keeps: least weight, first in order on ties."""
        g = self.indptr[a] + np.searchsorted(self.indices[self.indptr[a] : self.indptr[a + 1]], b)
        lo = self.group_start[g]
        hi = self.group_start[g + 1] if g + 1 < len(self.group_start) else len(self.edge_src)
        return int(lo + np.argmin(edge_weights[lo:hi]))

    def walk(self, pred_row: np.ndarray, end_state: int, edge_weights: np.ndarray) -> list[int]:
        """Edges of the shortest walk to `end_state`, first to last."""
        edges = []
        s = end_state
        while pred_row[s] >= 0:
            p = int(pred_row[s])
            edges.append(self.best_edge(p, s, edge_weights))
            s = p
        edges.reverse()
        return edges

    def _route_from(self, pred_row: np.ndarray, end_state: int, s: Scenario) -> Route:
        edges = self.walk(pred_row, end_state, self.edge_weights(s))
        link_hours, link_cost = self.link_totals(s)
        path = [self.node_ids[self.state_node[self.edge_src[edges[0]]]]] if edges else []
        link_ids, hours, cost = [], 0.0, 0.0
        counts = {_MODE: 0, _GAUGE: 0}
        borders = 0
        for e in edges:
            arc = self.edge_arc[e]
            li = self.arc_link[arc]
            t = int(self.edge_trans[e])
            hours += link_hours[li] + self.trans_hours[t]
            cost += link_cost[li] + self.trans_cost[t]
            if t:
                counts[t] += 1
            borders += int(self.link_pair[li] >= 0)
            link_ids.append(self.links[li].id)
            path.append(self.node_ids[self.arc_to[arc]])
        return Route(
            path=tuple(path),
            links=tuple(link_ids),
            hours=float(hours),
            cost=float(cost),
            value=float(self.metric.value(hours, cost)),
            transfers=counts[_MODE] + counts[_GAUGE],
            gauge_changes=counts[_GAUGE],
            mode_changes=counts[_MODE],
            borders=borders,
        )


def route(network: Network, frm: str, to: str, metric: Metric | None = None) -> Route | None:
    """The best route from `frm` to `to` in `network` (no projects), or None when there is none."""
    return StateGraph(network, (), metric).route(frm, to)


def unserved_value(metric: Metric, unserved: Penalty) -> float:
    return float(metric.value(unserved.hours, unserved.cost))

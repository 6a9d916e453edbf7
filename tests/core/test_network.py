"""accord.core.network against brute force: walk enumeration for routes, subset enumeration for sets."""

from __future__ import annotations

import copy
import heapq
import itertools
import math
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.core.errors import InputError
from accord.core.network import (
    Assessor,
    Metric,
    Network,
    bottlenecks,
    parse_demand,
    parse_network,
    parse_projects,
    route,
)
from accord.core.network.model import pair_key

KINDS = [("rail", 1435), ("rail", 1520), ("road", None), ("sea", None)]


# ------------------------------------------------------------------------------ independent reference


def arcs(network: Network):
    for link in network.links:
        yield link, link.frm, link.to
        if link.two_way:
            yield link, link.to, link.frm


def step(network: Network, prev, link, u, v):
    """Hours and cost of taking `link` from u to v after arriving by `prev` (None at the start)."""
    pen = network.penalties
    hours, cost = link.hours, link.cost
    cu, cv = network.node(u).country, network.node(v).country
    if cu != cv:
        b = pen.border(cu, cv)
        hours, cost = hours + b.hours, cost + b.cost
    if prev is not None:
        if prev.mode != link.mode:
            hours, cost = hours + pen.mode_change.hours, cost + pen.mode_change.cost
        elif link.mode == "rail" and prev.gauge != link.gauge:
            hours, cost = hours + pen.gauge_change.hours, cost + pen.gauge_change.cost
    return hours, cost


def brute_best(network: Network, a: str, b: str, metric: Metric) -> float:
    """Least value over every walk from a to b that never repeats a (node, mode, gauge) state."""
    best = math.inf
    out = {}
    for link, u, v in arcs(network):
        out.setdefault(u, []).append((link, v))

    def go(node, prev, seen, hours, cost):
        nonlocal best
        if node == b and prev is not None:
            best = min(best, metric.value(hours, cost))
        for link, v in out.get(node, []):
            state = (v, link.mode, link.gauge)
            if state in seen:
                continue
            h, c = step(network, prev, link, node, v)
            go(v, link, seen | {state}, hours + h, cost + c)

    go(a, None, {(a, None, None)}, 0.0, 0.0)
    return best


def dijkstra_best(network: Network, a: str, metric: Metric) -> dict[str, float]:
    """Plain heapq Dijkstra over (node, arriving link kind) states: best value to every node."""
    out = {}
    for link, u, v in arcs(network):
        out.setdefault(u, []).append((link, v))
    dist = {(a, None): 0.0}
    heap = [(0.0, 0, a, None)]
    counter = itertools.count(1)
    prevs = {}
    best: dict[str, float] = {}
    while heap:
        d, _, node, kind = heapq.heappop(heap)
        if d > dist[(node, kind)]:
            continue
        if kind is not None:
            best[node] = min(best.get(node, math.inf), d)
        prev = prevs.get((node, kind))
        for link, v in out.get(node, []):
            h, c = step(network, prev, link, node, v)
            nd = d + metric.value(h, c)
            key = (v, (link.mode, link.gauge))
            if nd < dist.get(key, math.inf):
                dist[key] = nd
                prevs[key] = link
                heapq.heappush(heap, (nd, next(counter), v, key[1]))
    return best


def apply(network: Network, projects, chosen) -> Network:
    links = {link.id: link for link in network.links}
    borders = dict(network.penalties.borders)
    for i, p in enumerate(projects):
        if i not in chosen:
            continue
        for link in p.add_links:
            links[link.id] = link
        for ch in p.change_links:
            fields = {
                k: getattr(ch, k) for k in ("hours", "cost", "capacity", "km") if getattr(ch, k) is not None
            }
            links[ch.id] = replace(links[ch.id], **fields)
        for b in p.borders:
            old = borders.get(b.pair, network.penalties.border_default)
            borders[b.pair] = replace(
                old,
                **{k: getattr(b, k) for k in ("hours", "cost") if getattr(b, k) is not None},
            )
    return replace(
        network, links=tuple(links.values()), penalties=replace(network.penalties, borders=borders)
    )


def reference_total(network, demand, metric) -> float:
    cap = metric.value(demand.unserved.hours, demand.unserved.cost)
    total = 0.0
    cache = {}
    for pair in demand.pairs:
        if pair.frm not in cache:
            cache[pair.frm] = dijkstra_best(network, pair.frm, metric)
        total += pair.tonnes * min(cap, cache[pair.frm].get(pair.to, math.inf))
    return total


# ---------------------------------------------------------------------------------------- generators

penalty = st.fixed_dictionaries({"hours": st.integers(0, 20), "cost": st.integers(0, 20)})


@st.composite
def networks(draw, max_nodes=5, max_links=7):
    n = draw(st.integers(2, max_nodes))
    countries = ["CN", "KZ", "UZ"]
    nodes = [
        {"id": f"N{i}", "country": draw(st.sampled_from(countries)), "lat": 40.0, "lon": 60.0 + i}
        for i in range(n)
    ]
    links = []
    for i in range(draw(st.integers(1, max_links))):
        a = draw(st.integers(0, n - 1))
        b = draw(st.integers(0, n - 2))
        b = b + 1 if b >= a else b
        mode, gauge = draw(st.sampled_from(KINDS))
        link = {
            "id": f"L{i}",
            "from": f"N{a}",
            "to": f"N{b}",
            "mode": mode,
            "km": 1,
            "hours": draw(st.integers(0, 30)),
            "cost": draw(st.integers(0, 30)),
            "capacity": draw(st.integers(0, 50)),
            "two_way": draw(st.booleans()),
        }
        if gauge:
            link["gauge"] = gauge
        links.append(link)
    border = {"default": draw(penalty)}
    if draw(st.booleans()):
        border[draw(st.sampled_from(["CN-KZ", "KZ-CN"]))] = draw(penalty)
    used = {x["country"] for x in nodes}
    border = {k: v for k, v in border.items() if k == "default" or set(k.split("-")) <= used}
    data = {
        "nodes": nodes,
        "links": links,
        "penalties": {"gauge_change": draw(penalty), "mode_change": draw(penalty), "border": border},
    }
    return parse_network(data)


metrics = st.one_of(
    st.just(Metric("hours")),
    st.just(Metric("cost")),
    st.builds(Metric, st.just("generalised"), st.sampled_from([0.0, 0.5, 2.0])),
)


@st.composite
def cases(draw, max_projects=10, min_projects=1):
    network = draw(networks(max_nodes=5, max_links=6))
    ids = [n.id for n in network.nodes]
    countries = sorted({n.country for n in network.nodes})
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), min_size=1, max_size=5, unique=True)
    )
    pairs = [p for p in pairs if p[0] != p[1]] or [(ids[0], ids[1])]
    demand = parse_demand(
        {
            "pairs": [{"from": a, "to": b, "tonnes": draw(st.integers(1, 9))} for a, b in pairs],
            "unserved": {"hours": draw(st.integers(10, 200)), "cost": draw(st.integers(10, 200))},
        },
        network,
    )
    projects = []
    for i in range(draw(st.integers(min_projects, max_projects))):
        p = {"id": f"P{i}", "cost": draw(st.integers(0, 10))}
        what = draw(st.sampled_from(["add", "change", "border"]))
        if what == "add":
            a, b = draw(st.permutations(ids))[:2]
            mode, gauge = draw(st.sampled_from(KINDS))
            link = {"id": f"X{i}", "from": a, "to": b, "mode": mode, "km": 1}
            link |= {"hours": draw(st.integers(0, 30)), "cost": draw(st.integers(0, 30))}
            if gauge:
                link["gauge"] = gauge
            p["add_links"] = [link]
        elif what == "change":
            link = draw(st.sampled_from(network.links))
            p["change_links"] = [
                {"id": link.id, "hours": draw(st.integers(0, 40)), "cost": draw(st.integers(0, 40))}
            ]
        elif len(countries) >= 2:
            a, b = draw(st.permutations(countries))[:2]
            p["borders"] = [{"pair": f"{a}-{b}", "hours": draw(st.integers(0, 20))}]
        projects.append(p)
    return network, demand, parse_projects(projects, network)


# ---------------------------------------------------------------------------------------------- routes


def walk_value(network, metric, r):
    """Re-price a reported route link by link, independently of the solver."""
    by_id = {link.id: link for link in network.links}
    hours = cost = 0.0
    prev = None
    for i, link_id in enumerate(r.links):
        link = by_id[link_id]
        u, v = r.path[i], r.path[i + 1]
        assert {u, v} == {link.frm, link.to} and (link.two_way or (u, v) == (link.frm, link.to))
        h, c = step(network, prev, link, u, v)
        hours, cost, prev = hours + h, cost + c, link
    return hours, cost


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), metrics, st.data())
def test_route_is_the_best_walk(network, metric, data):
    ids = [n.id for n in network.nodes]
    a, b = data.draw(st.permutations(ids))[:2]
    expected = brute_best(network, a, b, metric)
    r = route(network, a, b, metric)
    if math.isinf(expected):
        assert r is None
        return
    assert r is not None and r.path[0] == a and r.path[-1] == b and len(r.path) == len(r.links) + 1
    assert r.value == pytest.approx(expected, rel=1e-9, abs=1e-9)
    hours, cost = walk_value(network, metric, r)
    assert (r.hours, r.cost) == (pytest.approx(hours), pytest.approx(cost))
    assert r.transfers == r.gauge_changes + r.mode_changes
    # The reference Dijkstra used for the set tests agrees with brute force too.
    assert dijkstra_best(network, a, metric)[b] == pytest.approx(expected, rel=1e-9, abs=1e-9)


def _line():
    """A 1435 line CN-A-B-C (KZ) and a 1520 line A-B; CN-KZ border slow."""
    return parse_network(
        {
            "nodes": [
                {"id": "A", "country": "CN", "lat": 0, "lon": 0},
                {"id": "B", "country": "KZ", "lat": 0, "lon": 1},
                {"id": "C", "country": "KZ", "lat": 0, "lon": 2},
            ],
            "links": [
                {
                    "id": "ab",
                    "from": "A",
                    "to": "B",
                    "mode": "rail",
                    "gauge": 1435,
                    "km": 1,
                    "hours": 5,
                    "cost": 3,
                },
                {
                    "id": "bc",
                    "from": "B",
                    "to": "C",
                    "mode": "rail",
                    "gauge": 1520,
                    "km": 1,
                    "hours": 5,
                    "cost": 3,
                },
                {
                    "id": "ac",
                    "from": "A",
                    "to": "C",
                    "mode": "road",
                    "km": 1,
                    "hours": 40,
                    "cost": 1,
                    "capacity": 5,
                },
            ],
            "penalties": {
                "gauge_change": {"hours": 10, "cost": 2},
                "mode_change": {"hours": 3, "cost": 1},
                "border": {"default": {"hours": 1, "cost": 0}, "KZ-CN": {"hours": 7, "cost": 1}},
            },
        }
    )


def test_route_example_counts_gauge_change_and_border():
    r = route(_line(), "A", "C")
    assert r.to_json() == {
        "path": ["A", "B", "C"],
        "links": ["ab", "bc"],
        "hours": 5 + 7 + 5 + 10,
        "cost": 3 + 1 + 3 + 2,
        "value": 27,
        "transfers": 1,
    }
    cheap = route(_line(), "A", "C", Metric("cost"))
    assert cheap.links == ("ac",) and cheap.cost == 2  # road 1 + border 1
    general = route(_line(), "A", "C", Metric("generalised", 0.1))
    assert general.value == pytest.approx(min(9 + 2.7, 2 + 4.7))


def test_detour_revisits_a_node():
    # Leaving B on 1435 after arriving on 1520 costs 50; a road loop B -> Y -> B costs 2 + 2 + 2.
    net = parse_network(
        {
            "nodes": [{"id": x, "country": "KZ", "lat": 0, "lon": i} for i, x in enumerate("ABYC")],
            "links": [
                {
                    "id": "ab",
                    "from": "A",
                    "to": "B",
                    "mode": "rail",
                    "gauge": 1520,
                    "km": 1,
                    "hours": 1,
                    "cost": 0,
                },
                {"id": "by", "from": "B", "to": "Y", "mode": "road", "km": 1, "hours": 1, "cost": 0},
                {
                    "id": "bc",
                    "from": "B",
                    "to": "C",
                    "mode": "rail",
                    "gauge": 1435,
                    "km": 1,
                    "hours": 1,
                    "cost": 0,
                },
            ],
            "penalties": {
                "gauge_change": {"hours": 50, "cost": 0},
                "mode_change": {"hours": 2, "cost": 0},
                "border": {"default": {"hours": 0, "cost": 0}},
            },
        }
    )
    r = route(net, "A", "C")
    assert r.path == ("A", "B", "Y", "B", "C") and r.links == ("ab", "by", "by", "bc")
    assert r.value == 8 == brute_best(net, "A", "C", Metric()) and r.transfers == 2


# ---------------------------------------------------------------------------------------- assessment


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), metrics, st.integers(0, 30))
def test_savings_and_best_set_match_enumeration(case, metric, budget):
    network, demand, projects = case
    assessor = Assessor(network, demand, projects, metric)
    base = reference_total(network, demand, metric)
    assert assessor.total() == pytest.approx(base, rel=1e-9, abs=1e-9)
    expected = {
        p.id: base - reference_total(apply(network, projects, {i}), demand, metric)
        for i, p in enumerate(projects)
    }
    for strategy in ("auto", "search", "heads"):
        savings = {s.id: s for s in assessor.savings(strategy)}
        for p in projects:
            assert savings[p.id].saving == pytest.approx(expected[p.id], rel=1e-9, abs=1e-9), strategy
            flows = sum(f.saving for f in savings[p.id].flows)
            assert flows == pytest.approx(expected[p.id], rel=1e-9, abs=1e-9), strategy
    best = -math.inf
    for k in range(len(projects) + 1):
        for subset in itertools.combinations(range(len(projects)), k):
            if sum(projects[i].cost for i in subset) <= budget:
                best = max(
                    best, base - reference_total(apply(network, projects, set(subset)), demand, metric)
                )
    result = assessor.best_set(budget)
    assert result.optimal and result.saving == pytest.approx(best, rel=1e-9, abs=1e-9)
    assert result.bound == result.saving and result.cost <= budget
    chosen = {i for i, p in enumerate(projects) if p.id in result.projects}
    actual = base - reference_total(apply(network, projects, chosen), demand, metric)
    assert actual == pytest.approx(result.saving, rel=1e-9, abs=1e-9)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(min_projects=10), st.integers(5, 40))
def test_best_of_ten_projects_matches_all_1024_subsets(case, budget):
    network, demand, projects = case
    assert len(projects) == 10
    base = reference_total(network, demand, Metric())
    best = max(
        base - reference_total(apply(network, projects, set(subset)), demand, Metric())
        for k in range(11)
        for subset in itertools.combinations(range(10), k)
        if sum(projects[i].cost for i in subset) <= budget
    )
    result = Assessor(network, demand, projects).best_set(budget)
    assert result.optimal and result.saving == pytest.approx(best, rel=1e-9, abs=1e-9)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.integers(0, 30))
def test_time_limit_keeps_a_valid_bound(case, budget):
    network, demand, projects = case
    assessor = Assessor(network, demand, projects)
    exact = assessor.best_set(budget)
    cut = Assessor(network, demand, projects).best_set(budget, time_limit=1e-12)
    assert cut.saving <= exact.saving + 1e-9 <= cut.bound + 2e-9
    if cut.optimal:
        assert cut.saving == pytest.approx(exact.saving, abs=1e-9) and cut.bound == cut.saving


def test_series_projects_save_only_together():
    # Each section alone leaves the road; both rail sections together halve the time.
    net = parse_network(
        {
            "nodes": [{"id": x, "country": "KZ", "lat": 0, "lon": i} for i, x in enumerate("ABC")],
            "links": [
                {"id": "road", "from": "A", "to": "C", "mode": "road", "km": 1, "hours": 20, "cost": 0}
            ],
            "penalties": {
                "gauge_change": {"hours": 0, "cost": 0},
                "mode_change": {"hours": 15, "cost": 0},
                "border": {"default": {"hours": 0, "cost": 0}},
            },
        }
    )
    demand = parse_demand(
        {"pairs": [{"from": "A", "to": "C", "tonnes": 2}], "unserved": {"hours": 99, "cost": 0}}, net
    )
    rail = {"mode": "rail", "gauge": 1520, "km": 1, "hours": 5, "cost": 0}
    projects = parse_projects(
        [
            {"id": "west", "cost": 1, "add_links": [{"id": "ab", "from": "A", "to": "B", **rail}]},
            {"id": "east", "cost": 1, "add_links": [{"id": "bc", "from": "B", "to": "C", **rail}]},
        ],
        net,
    )
    a = Assessor(net, demand, projects)
    assert [s.saving for s in a.savings()] == [0, 0]
    best = a.best_set(2)
    assert best.projects == ("west", "east") and best.saving == 20 and best.optimal


def test_parallel_projects_do_not_add_up():
    net = _line()
    demand = parse_demand(
        {"pairs": [{"from": "A", "to": "C", "tonnes": 1}], "unserved": {"hours": 99, "cost": 0}}, net
    )
    projects = parse_projects(
        [
            {"id": "faster", "cost": 5, "change_links": [{"id": "bc", "hours": 1}]},
            {
                "id": "new",
                "cost": 5,
                "add_links": [
                    {
                        "id": "n",
                        "from": "A",
                        "to": "C",
                        "mode": "rail",
                        "gauge": 1435,
                        "km": 1,
                        "hours": 10,
                        "cost": 9,
                    }
                ],
            },
        ],
        net,
    )
    a = Assessor(net, demand, projects)
    own = {s.id: s.saving for s in a.savings()}
    assert own == {"new": 27 - 17, "faster": 4}
    best = a.best_set(10)
    assert best.saving == 10 and "new" in best.projects


def test_loads_follow_routes_and_flag_bottlenecks():
    net = _line()
    demand = parse_demand(
        {
            "pairs": [{"from": "A", "to": "C", "tonnes": 8}, {"from": "C", "to": "A", "tonnes": 3}],
            "unserved": {"hours": 99, "cost": 99},
        },
        net,
    )
    a = Assessor(net, demand, (), Metric("cost"))
    loads = {(x.link, x.frm): x.load for x in a.loads()}
    assert loads == {("ac", "A"): 8, ("ac", "C"): 3}
    over = bottlenecks(a.loads())
    assert [(x.link, x.frm, x.to, x.load, x.capacity) for x in over] == [("ac", "A", "C", 8, 5)]
    assert over[0].to_json()["ratio"] == 8 / 5


@settings(max_examples=60, deadline=None)
@given(cases(max_projects=1), metrics)
def test_loads_are_a_flow_of_the_served_tonnes(case, metric):
    network, demand, _ = case
    a = Assessor(network, demand, (), metric)
    cap = metric.value(demand.unserved.hours, demand.unserved.cost)
    net_out: dict[str, float] = {}
    routed = 0.0
    for pair in demand.pairs:
        r = route(network, pair.frm, pair.to, metric)
        if r is None or r.value > cap:
            continue
        net_out[pair.frm] = net_out.get(pair.frm, 0) + pair.tonnes
        net_out[pair.to] = net_out.get(pair.to, 0) - pair.tonnes
        routed += pair.tonnes * r.value
    got: dict[str, float] = {}
    carried = 0.0
    by_id = {link.id: link for link in network.links}
    for x in a.loads():
        got[x.frm] = got.get(x.frm, 0) + x.load
        got[x.to] = got.get(x.to, 0) - x.load
        h, c = step(network, None, by_id[x.link], x.frm, x.to)
        carried += x.load * metric.value(h, c)
    for node in {*got, *net_out}:
        assert got.get(node, 0) == pytest.approx(net_out.get(node, 0))
    # Loads times link values leave out only the transfer penalties, which are never negative.
    assert carried <= routed + 1e-9


# ------------------------------------------------------------------------------------------ refusals

GOOD = {
    "nodes": [
        {"id": "A", "country": "CN", "lat": 43, "lon": 80},
        {"id": "B", "country": "KZ", "lat": 44, "lon": 79},
    ],
    "links": [
        {"id": "ab", "from": "A", "to": "B", "mode": "rail", "gauge": 1435, "km": 1, "hours": 1, "cost": 1}
    ],
    "penalties": {
        "gauge_change": {"hours": 1, "cost": 1},
        "mode_change": {"hours": 1, "cost": 1},
        "border": {"default": {"hours": 1, "cost": 1}, "CN-KZ": {"hours": 2, "cost": 2}},
    },
}


def _with(path, value):
    data = copy.deepcopy(GOOD)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


LINK = GOOD["links"][0]
NETWORK_REFUSALS = [
    (_with(["links", 0, "to"], "Z"), "links[0].to", "unknown node"),
    (_with(["links", 0, "hours"], -1), "links[0].hours", "at least 0"),
    (_with(["links", 0, "to"], "A"), "links[0].to", "itself"),
    (_with(["links"], [LINK, LINK]), "links[1].id", "duplicate"),
    (_with(["nodes", 1, "id"], "A"), "nodes[1].id", "duplicate"),
    (
        _with(["penalties", "border", "CN-UZ"], {"hours": 1, "cost": 1}),
        "penalties.border.CN-UZ",
        "unknown pair",
    ),
    (_with(["penalties", "border", "KZ-CN"], {"hours": 1, "cost": 1}), "penalties.border.KZ-CN", "duplicate"),
    (_with(["links", 0, "mode"], "air"), "links[0].mode", "unknown mode"),
    (_with(["links", 0, "gauge"], None), "links[0].gauge", "gauge"),
    (_with(["links", 0], {**LINK, "mode": "road"}), "links[0].gauge", "only rail"),
    (_with(["links", 0], {**LINK, "hour": 3}), "links[0].hour", "unknown field"),
    (_with(["nodes", 0, "lat"], 91), "nodes[0].lat", "at most 90"),
    (_with(["links", 0, "cost"], "1"), "links[0].cost", "number"),
    (_with(["penalties", "mode_change"], {"hours": 1}), "penalties.mode_change.cost", "missing"),
    ([], "file", "object"),
]


@pytest.mark.parametrize(("data", "field", "words"), NETWORK_REFUSALS)
def test_network_refusals(data, field, words):
    with pytest.raises(InputError) as exc:
        parse_network(data)
    assert exc.value.field == field and words in exc.value.message


NET = parse_network(GOOD)
DEMAND_REFUSALS = [
    (
        {"pairs": [{"from": "A", "to": "Z", "tonnes": 1}], "unserved": {"hours": 1, "cost": 1}},
        "pairs[0].to",
        "unknown",
    ),
    (
        {"pairs": [{"from": "A", "to": "A", "tonnes": 1}], "unserved": {"hours": 1, "cost": 1}},
        "pairs[0].to",
        "itself",
    ),
    (
        {"pairs": [{"from": "A", "to": "B", "tonnes": -1}], "unserved": {"hours": 1, "cost": 1}},
        "pairs[0].tonnes",
        "",
    ),
    (
        {"pairs": [{"from": "A", "to": "B", "tonnes": 1}] * 2, "unserved": {"hours": 1, "cost": 1}},
        "pairs[1]",
        "duplicate",
    ),
    ({"pairs": [], "unserved": {"hours": -1, "cost": 1}}, "unserved.hours", "at least 0"),
]


@pytest.mark.parametrize(("data", "field", "words"), DEMAND_REFUSALS)
def test_demand_refusals(data, field, words):
    with pytest.raises(InputError) as exc:
        parse_demand(data, NET)
    assert exc.value.field == field and words in exc.value.message


NEW = {"id": "n", "from": "A", "to": "B", "mode": "road", "km": 1, "hours": 1, "cost": 1}
PROJECT_REFUSALS = [
    ([{"id": "P", "cost": 1}, {"id": "P", "cost": 1}], "projects[1].id", "duplicate"),
    (
        [{"id": "P", "cost": 1, "add_links": [{**NEW, "id": "ab"}]}],
        "projects[0].add_links[0].id",
        "duplicate",
    ),
    (
        [{"id": "P", "cost": 1, "add_links": [{**NEW, "to": "Q"}]}],
        "projects[0].add_links[0].to",
        "unknown node",
    ),
    ([{"id": "P", "cost": 1, "add_links": [{**NEW, "to": "A"}]}], "projects[0].add_links[0].to", "itself"),
    (
        [{"id": "P", "cost": 1, "change_links": [{"id": "zz", "hours": 1}]}],
        "projects[0].change_links[0].id",
        "unknown",
    ),
    (
        [{"id": "P", "cost": 1, "change_links": [{"id": "ab", "hours": -2}]}],
        "projects[0].change_links[0].hours",
        "",
    ),
    ([{"id": "P", "cost": 1, "change_links": [{"id": "ab"}]}], "projects[0].change_links[0]", "nothing"),
    (
        [{"id": "P", "cost": 1, "borders": [{"pair": "KZ-RU", "hours": 1}]}],
        "projects[0].borders[0].pair",
        "unknown pair",
    ),
    (
        [{"id": "P", "cost": 1, "borders": [{"pair": "KZ", "hours": 1}]}],
        "projects[0].borders[0].pair",
        "pair",
    ),
    ([{"id": "P", "cost": -1}], "projects[0].cost", "at least 0"),
    ({"id": "P"}, "projects", "list"),
]


@pytest.mark.parametrize(("data", "field", "words"), PROJECT_REFUSALS)
def test_project_refusals(data, field, words):
    with pytest.raises(InputError) as exc:
        parse_projects(data, NET)
    assert exc.value.field == field and words in exc.value.message


def test_route_refuses_unknown_nodes_and_criteria():
    with pytest.raises(InputError) as exc:
        route(NET, "A", "Q")
    assert exc.value.field == "to"
    with pytest.raises(InputError) as exc:
        Metric("speed")
    assert exc.value.field == "by"


def test_border_pair_either_order_is_the_same_pair():
    assert pair_key("KZ", "CN") == pair_key("CN", "KZ")
    r = route(NET, "B", "A")
    assert r.hours == 1 + 2  # the CN-KZ border, written CN-KZ, crossed KZ -> CN

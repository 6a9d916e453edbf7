"""The three file formats (network, demand, projects) as validated, immutable values.

Every parser raises InputError naming the field (``links[3].hours``). Objects may carry the
annotation keys ``source``, ``estimate`` and ``note`` (the reference data's provenance); any other
unknown key is refused so that a misspelt field is not silently ignored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from accord.core.errors import InputError

Mode = Literal["rail", "road", "sea", "ferry"]
MODES: tuple[Mode, ...] = get_args(Mode)
NodeKind = Literal["city", "border", "dry_port", "sea_port"]
NODE_KINDS: tuple[NodeKind, ...] = get_args(NodeKind)
ANNOTATIONS = ("source", "estimate", "note")


@dataclass(frozen=True)
class Node:
    id: str
    country: str
    name: str
    lat: float
    lon: float
    kind: NodeKind = "city"


@dataclass(frozen=True)
class Link:
    """A transport link; `two_way` links can be used in both directions with the same values.

    `cost` is the tariff per tonne, `capacity` tonnes per year in each direction (None: unlimited).
    """

    id: str
    frm: str
    to: str
    mode: Mode
    gauge: int | None
    km: float
    hours: float
    cost: float
    capacity: float | None = None
    two_way: bool = True
    name: str = ""


@dataclass(frozen=True)
class Penalty:
    hours: float
    cost: float


def pair_key(a: str, b: str) -> tuple[str, str]:
    """A border pair in canonical (sorted) order, so "CN-KZ" and "KZ-CN" are the same pair."""
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True)
class Penalties:
    gauge_change: Penalty
    mode_change: Penalty
    border_default: Penalty
    borders: dict[tuple[str, str], Penalty] = field(default_factory=dict)

    def border(self, a: str, b: str) -> Penalty:
        return self.borders.get(pair_key(a, b), self.border_default)


@dataclass(frozen=True)
class Network:
    nodes: tuple[Node, ...]
    links: tuple[Link, ...]
    penalties: Penalties

    def node(self, node_id: str) -> Node:
        return self._by_id[node_id]

    def has_node(self, node_id: str) -> bool:
        return node_id in self._by_id

    @property
    def _by_id(self) -> dict[str, Node]:
        cached = self.__dict__.get("_nodes_by_id")
        if cached is None:
            cached = {n.id: n for n in self.nodes}
            object.__setattr__(self, "_nodes_by_id", cached)
        return cached


@dataclass(frozen=True)
class Pair:
    frm: str
    to: str
    tonnes: float


@dataclass(frozen=True)
class Demand:
    """Origin-destination tonnes; a pair with no route counts at `unserved` per tonne."""

    pairs: tuple[Pair, ...]
    unserved: Penalty


@dataclass(frozen=True)
class LinkChange:
    """New values for some fields of an existing link (None: unchanged)."""

    id: str
    hours: float | None = None
    cost: float | None = None
    capacity: float | None = None
    km: float | None = None


@dataclass(frozen=True)
class BorderChange:
    pair: tuple[str, str]
    hours: float | None = None
    cost: float | None = None


@dataclass(frozen=True)
class Project:
    id: str
    cost: float
    add_links: tuple[Link, ...] = ()
    change_links: tuple[LinkChange, ...] = ()
    borders: tuple[BorderChange, ...] = ()
    name: str = ""


# ---------------------------------------------------------------------------------------------- helpers


def _object(value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    if not isinstance(value, dict):
        raise InputError(path or "file", "expected an object")
    for key in required:
        if key not in value:
            raise InputError(_join(path, key), "missing")
    allowed = set(required) | set(optional) | set(ANNOTATIONS)
    for key in value:
        if key not in allowed:
            raise InputError(_join(path, str(key)), "unknown field")
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _list(value: Any, path: str) -> list:
    if not isinstance(value, list):
        raise InputError(path, "expected a list")
    return value


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(path, "expected a non-empty string")
    return value


def _number(value: Any, path: str, minimum: float = 0.0, maximum: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(path, "expected a number")
    if value < minimum:
        raise InputError(path, f"must be at least {minimum:g}, got {value:g}")
    if value > maximum:
        raise InputError(path, f"must be at most {maximum:g}, got {value:g}")
    return float(value)


def _optional_number(raw: dict, key: str, path: str) -> float | None:
    return None if raw.get(key) is None else _number(raw[key], f"{path}.{key}")


def _penalty(value: Any, path: str) -> Penalty:
    raw = _object(value, path, ("hours", "cost"))
    return Penalty(_number(raw["hours"], f"{path}.hours"), _number(raw["cost"], f"{path}.cost"))


def _pair(value: Any, path: str, countries: set[str]) -> tuple[str, str]:
    text = _text(value, path)
    parts = text.split("-")
    if len(parts) != 2 or not all(parts):
        raise InputError(path, f"expected a country pair such as 'CN-KZ', got {text!r}")
    a, b = parts
    for c in (a, b):
        if c not in countries:
            raise InputError(path, f"unknown pair {text!r}: no node in country {c!r}")
    if a == b:
        raise InputError(path, f"unknown pair {text!r}: a border needs two countries")
    return pair_key(a, b)


def _link(value: Any, path: str, nodes: set[str]) -> Link:
    raw = _object(
        value,
        path,
        ("id", "from", "to", "mode", "km", "hours", "cost"),
        ("gauge", "capacity", "two_way", "name"),
    )
    link_id = _text(raw["id"], f"{path}.id")
    ends = []
    for key in ("from", "to"):
        node = _text(raw[key], f"{path}.{key}")
        if node not in nodes:
            raise InputError(f"{path}.{key}", f"unknown node {node!r}")
        ends.append(node)
    if ends[0] == ends[1]:
        raise InputError(f"{path}.to", f"link {link_id!r} goes from {ends[0]!r} to itself")
    mode = _text(raw["mode"], f"{path}.mode")
    if mode not in MODES:
        raise InputError(f"{path}.mode", f"unknown mode {mode!r}, expected one of {', '.join(MODES)}")
    gauge = raw.get("gauge")
    if mode == "rail":
        if isinstance(gauge, bool) or not isinstance(gauge, int) or gauge <= 0:
            raise InputError(f"{path}.gauge", "a rail link needs a gauge in millimetres (e.g. 1435, 1520)")
    elif gauge is not None:
        raise InputError(f"{path}.gauge", f"only rail links have a gauge, not {mode}")
    two_way = raw.get("two_way", True)
    if not isinstance(two_way, bool):
        raise InputError(f"{path}.two_way", "expected true or false")
    name = raw.get("name", "")
    if not isinstance(name, str):
        raise InputError(f"{path}.name", "expected a string")
    return Link(
        id=link_id,
        frm=ends[0],
        to=ends[1],
        mode=mode,  # type: ignore[arg-type]
        gauge=gauge,
        km=_number(raw["km"], f"{path}.km"),
        hours=_number(raw["hours"], f"{path}.hours"),
        cost=_number(raw["cost"], f"{path}.cost"),
        capacity=_optional_number(raw, "capacity", path),
        two_way=two_way,
        name=name,
    )


# ---------------------------------------------------------------------------------------------- parsers


def parse_network(data: Any) -> Network:
    """Validate a decoded network file; raises InputError naming the field."""
    root = _object(data, "", ("nodes", "links", "penalties"), ("name",))
    nodes: list[Node] = []
    seen: set[str] = set()
    for i, item in enumerate(_list(root["nodes"], "nodes")):
        path = f"nodes[{i}]"
        raw = _object(item, path, ("id", "country", "lat", "lon"), ("name", "kind"))
        node_id = _text(raw["id"], f"{path}.id")
        if node_id in seen:
            raise InputError(f"{path}.id", f"duplicate node id {node_id!r}")
        seen.add(node_id)
        country = _text(raw["country"], f"{path}.country")
        if "-" in country:
            raise InputError(f"{path}.country", "a country code cannot contain '-'")
        kind = raw.get("kind", "city")
        if kind not in NODE_KINDS:
            raise InputError(
                f"{path}.kind", f"unknown kind {kind!r}, expected one of {', '.join(NODE_KINDS)}"
            )
        name = raw.get("name", node_id)
        if not isinstance(name, str):
            raise InputError(f"{path}.name", "expected a string")
        nodes.append(
            Node(
                id=node_id,
                country=country,
                name=name,
                lat=_number(raw["lat"], f"{path}.lat", -90, 90),
                lon=_number(raw["lon"], f"{path}.lon", -180, 180),
                kind=kind,
            )
        )
    links: list[Link] = []
    link_ids: set[str] = set()
    for i, item in enumerate(_list(root["links"], "links")):
        link = _link(item, f"links[{i}]", seen)
        if link.id in link_ids:
            raise InputError(f"links[{i}].id", f"duplicate link id {link.id!r}")
        link_ids.add(link.id)
        links.append(link)
    countries = {n.country for n in nodes}
    praw = _object(root["penalties"], "penalties", ("gauge_change", "mode_change", "border"))
    braw = _object(
        praw["border"], "penalties.border", ("default",), tuple(k for k in praw["border"] if "-" in k)
    )
    borders: dict[tuple[str, str], Penalty] = {}
    for key, value in braw.items():
        if key == "default" or key in ANNOTATIONS:
            continue
        pair = _pair(key, f"penalties.border.{key}", countries)
        if pair in borders:
            raise InputError(f"penalties.border.{key}", f"duplicate pair {key!r} (pairs are unordered)")
        borders[pair] = _penalty(value, f"penalties.border.{key}")
    penalties = Penalties(
        gauge_change=_penalty(praw["gauge_change"], "penalties.gauge_change"),
        mode_change=_penalty(praw["mode_change"], "penalties.mode_change"),
        border_default=_penalty(braw["default"], "penalties.border.default"),
        borders=borders,
    )
    return Network(tuple(nodes), tuple(links), penalties)


def parse_demand(data: Any, network: Network) -> Demand:
    """Validate a decoded demand file against `network`; raises InputError naming the field."""
    root = _object(data, "", ("pairs", "unserved"), ("illustrative", "name"))
    pairs: list[Pair] = []
    seen: dict[tuple[str, str], int] = {}
    for i, item in enumerate(_list(root["pairs"], "pairs")):
        path = f"pairs[{i}]"
        raw = _object(item, path, ("from", "to", "tonnes"))
        ends = []
        for key in ("from", "to"):
            node = _text(raw[key], f"{path}.{key}")
            if not network.has_node(node):
                raise InputError(f"{path}.{key}", f"unknown node {node!r}")
            ends.append(node)
        if ends[0] == ends[1]:
            raise InputError(f"{path}.to", f"a pair from {ends[0]!r} to itself")
        key = (ends[0], ends[1])
        if key in seen:
            raise InputError(path, f"duplicate pair {ends[0]} -> {ends[1]} (first at pairs[{seen[key]}])")
        seen[key] = i
        pairs.append(Pair(ends[0], ends[1], _number(raw["tonnes"], f"{path}.tonnes")))
    return Demand(tuple(pairs), _penalty(root["unserved"], "unserved"))


def parse_projects(data: Any, network: Network) -> tuple[Project, ...]:
    """Validate a decoded projects file against `network`; raises InputError naming the field."""
    nodes = {n.id for n in network.nodes}
    countries = {n.country for n in network.nodes}
    existing = {link.id for link in network.links}
    added: set[str] = set()
    projects: list[Project] = []
    ids: set[str] = set()
    for i, item in enumerate(_list(data, "projects")):
        path = f"projects[{i}]"
        raw = _object(item, path, ("id", "cost"), ("name", "add_links", "change_links", "borders"))
        project_id = _text(raw["id"], f"{path}.id")
        if project_id in ids:
            raise InputError(f"{path}.id", f"duplicate project id {project_id!r}")
        ids.add(project_id)
        new_links = []
        for j, item_link in enumerate(_list(raw.get("add_links", []), f"{path}.add_links")):
            link = _link(item_link, f"{path}.add_links[{j}]", nodes)
            if link.id in existing or link.id in added:
                raise InputError(f"{path}.add_links[{j}].id", f"duplicate link id {link.id!r}")
            added.add(link.id)
            new_links.append(link)
        changes = []
        changed: set[str] = set()
        for j, item_change in enumerate(_list(raw.get("change_links", []), f"{path}.change_links")):
            cpath = f"{path}.change_links[{j}]"
            rawc = _object(item_change, cpath, ("id",), ("hours", "cost", "capacity", "km"))
            link_id = _text(rawc["id"], f"{cpath}.id")
            if link_id not in existing:
                raise InputError(f"{cpath}.id", f"unknown link {link_id!r}")
            if link_id in changed:
                raise InputError(f"{cpath}.id", f"link {link_id!r} changed twice")
            changed.add(link_id)
            if len(rawc.keys() - {"id", *ANNOTATIONS}) == 0:
                raise InputError(cpath, "changes nothing (give hours, cost, capacity or km)")
            changes.append(
                LinkChange(
                    link_id,
                    hours=_optional_number(rawc, "hours", cpath),
                    cost=_optional_number(rawc, "cost", cpath),
                    capacity=_optional_number(rawc, "capacity", cpath),
                    km=_optional_number(rawc, "km", cpath),
                )
            )
        borders = []
        pairs: set[tuple[str, str]] = set()
        for j, item_border in enumerate(_list(raw.get("borders", []), f"{path}.borders")):
            bpath = f"{path}.borders[{j}]"
            rawb = _object(item_border, bpath, ("pair",), ("hours", "cost"))
            pair = _pair(rawb["pair"], f"{bpath}.pair", countries)
            if pair in pairs:
                raise InputError(f"{bpath}.pair", f"pair {rawb['pair']!r} changed twice")
            pairs.add(pair)
            if rawb.get("hours") is None and rawb.get("cost") is None:
                raise InputError(bpath, "changes nothing (give hours or cost)")
            borders.append(
                BorderChange(
                    pair, _optional_number(rawb, "hours", bpath), _optional_number(rawb, "cost", bpath)
                )
            )
        name = raw.get("name", "")
        if not isinstance(name, str):
            raise InputError(f"{path}.name", "expected a string")
        projects.append(
            Project(
                id=project_id,
                cost=_number(raw["cost"], f"{path}.cost"),
                add_links=tuple(new_links),
                change_links=tuple(changes),
                borders=tuple(borders),
                name=name,
            )
        )
    return tuple(projects)

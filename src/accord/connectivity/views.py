from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from django.shortcuts import render
from django.utils.translation import gettext as _

from accord.core.errors import InputError
from accord.core.network import (
    BY,
    Assessor,
    Demand,
    Metric,
    Network,
    Project,
    Route,
    StateGraph,
    bottlenecks,
    parse_demand,
    parse_network,
    parse_projects,
)
from accord.orgs.queries import organisation

from . import mapping


@cache
def reference(code: str) -> tuple[Network, Demand, tuple[Project, ...]] | None:
    """The organisation's shipped network, demand and projects (accord/data/<code>/network/), if any."""
    folder = resources.files("accord.data").joinpath(code, "network")
    if not folder.joinpath("network.json").is_file():
        return None

    def read(name: str):
        return json.loads(folder.joinpath(name).read_text(encoding="utf-8"))

    network = parse_network(read("network.json"))
    return network, parse_demand(read("demand.json"), network), parse_projects(read("projects.json"), network)


@cache
def _loads(code: str) -> tuple[dict[str, float | None], tuple]:
    """Per link the highest load/capacity ratio of its two directions (hours routing), and bottlenecks."""
    network, demand, projects = reference(code)
    loads = Assessor(network, demand, projects).loads()
    ratio: dict[str, float | None] = {}
    for x in loads:
        r = x.ratio
        if r is not None:
            ratio[x.link] = max(ratio.get(x.link) or 0.0, r)
    return ratio, tuple(bottlenecks(loads))


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    kind: str  # gauge, mode, border
    title: str


def index(request, org):
    o = organisation(org)
    ref = reference(o.code)
    context: dict = {
        "org": o,
        "width": mapping.WIDTH,
        "height": mapping.HEIGHT,
        "countries": mapping.country_paths(),
    }
    if ref is None:
        return render(request, "connectivity/index.html", {**context, "missing": True})
    network, _demand, projects = ref
    ratios, over = _loads(o.code)
    node_xy = {n.id: mapping.xy(n.lon, n.lat) for n in network.nodes}
    # A sea route to a port off the map would cross the land as a straight line: leave it out.
    inside = {n.id for n in network.nodes if mapping.on_map(n.lon, n.lat)}
    shown = [x for x in network.links if x.mode != "sea" or (x.frm in inside and x.to in inside)]
    segments = [_segment(link, node_xy, ratios.get(link.id), "link") for link in shown]
    planned = [
        _segment(link, node_xy, None, "planned", project.name or project.id)
        for project in projects
        for link in project.add_links
    ]
    query = {
        "from": request.GET.get("from", ""),
        "to": request.GET.get("to", ""),
        "by": request.GET.get("by", "hours"),
        "vot": request.GET.get("vot", "1"),
    }
    route, error, status = None, "", 200
    if query["from"] or query["to"]:
        try:
            route = _find(network, query)
            if route is None:
                error = _("No route between these places.")
        except InputError as exc:
            error, status = exc.message, 422
    context |= {
        "nodes": sorted(network.nodes, key=lambda n: n.name),
        "node_points": [(n, *node_xy[n.id]) for n in network.nodes],
        "segments": segments,
        "planned": planned,
        "bottlenecks": over,
        "query": query,
        "criteria": [("hours", _("hours")), ("cost", _("cost")), ("generalised", _("generalised cost"))],
        "route": route,
        "route_points": " ".join(f"{x},{y}" for x, y in (node_xy[n] for n in route.path)) if route else "",
        "route_names": [network.node(n).name for n in route.path] if route else [],
        "markers": _markers(network, route, node_xy) if route else [],
        "error": error,
    }
    return render(request, "connectivity/index.html", context, status=status)


def _find(network: Network, query: dict) -> Route | None:
    for key in ("from", "to"):
        if not network.has_node(query[key]):
            raise InputError(key, _("Choose a place from the list."))
    if query["from"] == query["to"]:
        raise InputError("to", _("Choose two different places."))
    if query["by"] not in BY:
        raise InputError("by", _("Unknown criterion."))
    try:
        vot = float(query["vot"])
    except ValueError:
        vot = math.nan
    if not (math.isfinite(vot) and vot >= 0):
        raise InputError("vot", _("The value of time must be a number of at least 0."))
    return StateGraph(network, (), Metric(query["by"], vot)).route(query["from"], query["to"])


def _segment(link, node_xy, ratio, kind: str, project: str = "") -> mapping.Segment:
    (x1, y1), (x2, y2) = node_xy[link.frm], node_xy[link.to]
    css = f"{kind} mode-{link.mode} " + (
        "planned" if kind == "planned" else f"load-{mapping.load_class(ratio)}"
    )
    gauge = f" {link.gauge} mm" if link.gauge else ""
    load = "" if ratio is None else " · " + _("load %(pct)d%% of capacity") % {"pct": round(ratio * 100)}
    title = f"{link.name or link.id}: {link.mode}{gauge}, {link.km:g} km, {link.hours:g} h{load}"
    if project:
        title += " · " + _("project: %(name)s") % {"name": project}
    return mapping.Segment(link.id, link.name, x1, y1, x2, y2, link.mode, css, title)


def _markers(network: Network, route: Route, node_xy) -> list[Marker]:
    """Where the route pays a penalty: gauge and mode changes at nodes, borders mid-link."""
    links = {link.id: link for link in network.links}
    out = []
    prev = None
    for i, link_id in enumerate(route.links):
        link = links[link_id]
        here, there = route.path[i], route.path[i + 1]
        if prev is not None and prev.mode != link.mode:
            x, y = node_xy[here]
            out.append(
                Marker(x, y, "mode", _("change of mode at %(place)s") % {"place": network.node(here).name})
            )
        elif prev is not None and link.mode == "rail" and prev.gauge != link.gauge:
            x, y = node_xy[here]
            out.append(
                Marker(x, y, "gauge", _("gauge change at %(place)s") % {"place": network.node(here).name})
            )
        a, b = network.node(here), network.node(there)
        if a.country != b.country:
            (x1, y1), (x2, y2) = node_xy[here], node_xy[there]
            title = _("border %(a)s-%(b)s") % {"a": a.country, "b": b.country}
            out.append(Marker(round((x1 + x2) / 2, 1), round((y1 + y2) / 2, 1), "border", title))
        prev = link
    return out

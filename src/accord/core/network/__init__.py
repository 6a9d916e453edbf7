"""Transport network analysis: routes with gauge, mode and border penalties, and what projects save.

Pure Python on numpy/scipy (no Django). `model` reads and validates the three file formats, `graph`
holds the (node, mode, gauge) state graph and finds routes, `assess` computes savings, the best set of
projects within a budget, loads and bottlenecks.
"""

from accord.core.network.assess import Assessor, BestSet, Flow, LinkLoad, ProjectSaving, bottlenecks
from accord.core.network.graph import BY, By, Metric, Route, StateGraph, route
from accord.core.network.model import (
    BorderChange,
    Demand,
    Link,
    LinkChange,
    Network,
    Node,
    Pair,
    Penalties,
    Penalty,
    Project,
    parse_demand,
    parse_network,
    parse_projects,
)

__all__ = [
    "BY",
    "Assessor",
    "BestSet",
    "BorderChange",
    "By",
    "Demand",
    "Flow",
    "Link",
    "LinkChange",
    "LinkLoad",
    "Metric",
    "Network",
    "Node",
    "Pair",
    "Penalties",
    "Penalty",
    "Project",
    "ProjectSaving",
    "Route",
    "StateGraph",
    "bottlenecks",
    "parse_demand",
    "parse_network",
    "parse_projects",
    "route",
]

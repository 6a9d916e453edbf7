"""What a pipeline project does to the transport network: its saving, the flows that gain, its rank.

Pipeline projects are tied to network projects as data (accord/data/<code>/network/pipeline.json), and
the figures reach the project page and the financing optimiser through accord.base.registry, so the
projects app never names this one."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from accord.core.allocation.model import MAX_PRIORITY
from accord.core.errors import InputError
from accord.core.network import Assessor, ProjectSaving

from .views import reference

TOP_FLOWS = 3


@dataclass(frozen=True)
class Effect:
    saving: ProjectSaving
    name: str
    rank: int  # 1 = the largest saving among the network's projects
    of: int


@cache
def pipeline_links(code: str) -> dict[str, str]:
    """{pipeline project code: network project id} of the organisation (network/pipeline.json)."""
    ref = reference(code)
    path = resources.files("accord.data").joinpath(code, "network", "pipeline.json")
    if ref is None or not path.is_file():
        return {}
    return parse_pipeline(json.loads(path.read_text(encoding="utf-8")), {p.id for p in ref[2]})


def parse_pipeline(data, network_ids: set[str]) -> dict[str, str]:
    """Validate a decoded pipeline.json; raises InputError naming the entry."""
    if not isinstance(data, list):
        raise InputError("pipeline", "expected a list")
    out: dict[str, str] = {}
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not {"pipeline", "network"} <= item.keys():
            raise InputError(f"pipeline[{i}]", "expected an object with pipeline and network")
        if unknown := item.keys() - {"pipeline", "network", "source", "note"}:
            raise InputError(f"pipeline[{i}].{sorted(unknown)[0]}", "unknown field")
        if item["network"] not in network_ids:
            raise InputError(f"pipeline[{i}].network", f"unknown network project {item['network']!r}")
        if item["pipeline"] in out:
            raise InputError(f"pipeline[{i}].pipeline", f"duplicate pipeline project {item['pipeline']!r}")
        out[item["pipeline"]] = item["network"]
    return out


@cache
def assessment(code: str) -> dict[str, Effect]:
    """Every network project's effect (hours routing), computed once per process: the data is shipped."""
    ref = reference(code)
    if ref is None:
        return {}
    network, demand, projects = ref
    names = {p.id: p.name or p.id for p in projects}
    savings = Assessor(network, demand, projects).savings()
    return {s.id: Effect(s, names[s.id], rank, len(savings)) for rank, s in enumerate(savings, 1)}


def effect_of(org_code: str, project_code: str) -> Effect | None:
    network_id = pipeline_links(org_code).get(project_code)
    return None if network_id is None else assessment(org_code)[network_id]


def panel_values(org, project) -> Mapping | None:
    """The project page's network panel (base.registry.PROJECT_PANELS); None without a network mapping."""
    code = org.code
    found = effect_of(code, project.code)
    if found is None:
        return None
    network = reference(code)[0]
    flows = [
        (network.node(f.frm).name, network.node(f.to).name, f.tonnes, f.before, f.after, f.saving)
        for f in found.saving.flows[:TOP_FLOWS]
    ]
    return {"effect": found, "flows": flows, "more_flows": max(0, len(found.saving.flows) - TOP_FLOWS)}


def network_priorities(org, gaps: Mapping[str, float]) -> dict[str, float]:
    """Priority = network saving per unit still needed, so the optimiser's value (priority x amount)
    of a funded project is its saving: the plan then maximises the network saving it funds."""
    out = {}
    for project_code, gap in gaps.items():
        found = effect_of(org.code, project_code)
        if found is not None and gap > 0 and found.saving.saving > 0:
            out[project_code] = min(found.saving.saving / gap, MAX_PRIORITY)
    return out

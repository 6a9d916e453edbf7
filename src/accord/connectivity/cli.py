"""`accord network route|assess`: routes and project savings on a transport network file."""

from __future__ import annotations

import argparse
import math
import sys

from accord.base.cli import CommandError, add_described, load_json_file, print_json

HELP = """Transport network: routes with gauge, mode and border penalties, and what projects save.

  accord network route NETWORK --from A --to B [--by hours|cost|generalised] [--value-of-time V] [--json]
  accord network assess NETWORK --demand DEMAND --projects PROJECTS [--by ...] [--value-of-time V]
                        [--budget B] [--time-limit S] [--json]

NETWORK, DEMAND and PROJECTS are JSON files (formats in docs/connectivity.md). --by generalised
minimises cost + V x hours and needs --value-of-time. route --json prints
{"path","links","hours","cost","value","transfers"}; assess --json prints {"by","total","projects":
[{"id","saving","saving_per_cost"}] (ranked), "best_set": {"projects","saving","cost","optimal","bound"}
(with --budget), "bottlenecks": [{"link","from","to","load","capacity","ratio"}]}.
Exit status: 0 success; 1 no route between the two nodes; 2 bad input (one line on stderr naming the
file and field)."""


def register(sub) -> None:
    p = add_described(sub, "network", "transport network: routes and project savings", HELP)
    nsub = p.add_subparsers(dest="network_command", metavar="SUBCOMMAND")
    nsub.required = True
    r = add_described(nsub, "route", "the best route between two nodes", HELP)
    r.add_argument("network", metavar="NETWORK", help="network file (JSON)")
    r.add_argument("--from", dest="frm", required=True, metavar="A", help="origin node id")
    r.add_argument("--to", required=True, metavar="B", help="destination node id")
    _criterion(r)
    r.add_argument("--json", action="store_true", help="print JSON")
    r.set_defaults(func=_route)

    a = add_described(
        nsub, "assess", "each project's saving, the best set within a budget, bottlenecks", HELP
    )
    a.add_argument("network", metavar="NETWORK", help="network file (JSON)")
    a.add_argument("--demand", required=True, metavar="DEMAND", help="demand file (JSON)")
    a.add_argument("--projects", required=True, metavar="PROJECTS", help="projects file (JSON)")
    _criterion(a)
    a.add_argument(
        "--budget", type=float, metavar="B", help="choose the best set of projects costing at most B"
    )
    a.add_argument(
        "--time-limit", type=float, default=60.0, metavar="S", help="seconds for the best set (default 60)"
    )
    a.add_argument("--json", action="store_true", help="print JSON")
    a.set_defaults(func=_assess)


def _criterion(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", choices=("hours", "cost", "generalised"), default="hours", help="what to minimise")
    p.add_argument(
        "--value-of-time", type=float, metavar="V", help="cost per tonne-hour, for --by generalised"
    )


def _metric(args: argparse.Namespace):
    from accord.core.errors import InputError
    from accord.core.network import Metric

    if args.by == "generalised" and args.value_of_time is None:
        raise CommandError("--value-of-time: required with --by generalised")
    try:
        return Metric(args.by, args.value_of_time or 0.0)
    except InputError:
        raise CommandError(
            f"--value-of-time: must be a number of at least 0, got {args.value_of_time}"
        ) from None


def _route(args: argparse.Namespace) -> int:
    from accord.core.network import parse_network, route

    network = load_json_file(args.network, parse_network)
    metric = _metric(args)
    for flag, node in (("--from", args.frm), ("--to", args.to)):
        if not network.has_node(node):
            raise CommandError(f"{flag}: unknown node {node!r} in {args.network}")
    if args.frm == args.to:
        raise CommandError("--to: the route must end at another node")
    r = route(network, args.frm, args.to, metric)
    if r is None:
        sys.stderr.write(f"accord network: no route from {args.frm} to {args.to}\n")
        return 1
    if args.json:
        print_json(r.to_json())
        return 0
    print(" -> ".join(args_name(network, n) for n in r.path))
    print(f"Links: {', '.join(r.links)}")
    print(
        f"{r.hours:g} hours, cost {r.cost:g} per tonne; {args.by} value {r.value:g}; "
        f"{r.transfers} transfer(s) ({r.gauge_changes} gauge, {r.mode_changes} mode), {r.borders} border(s)."
    )
    return 0


def args_name(network, node_id: str) -> str:
    node = network.node(node_id)
    return f"{node.name} ({node_id})" if node.name != node_id else node_id


def _assess(args: argparse.Namespace) -> int:
    from accord.core.errors import InputError
    from accord.core.network import Assessor, bottlenecks, parse_demand, parse_network, parse_projects

    network = load_json_file(args.network, parse_network)
    demand = load_json_file(args.demand, parse_demand, network)
    projects = load_json_file(args.projects, parse_projects, network)
    metric = _metric(args)
    if args.budget is not None and not (math.isfinite(args.budget) and args.budget >= 0):
        raise CommandError(f"--budget: must be a number of at least 0, got {args.budget}")
    if not (math.isfinite(args.time_limit) and args.time_limit > 0):
        raise CommandError(f"--time-limit: must be a positive number of seconds, got {args.time_limit}")
    assessor = Assessor(network, demand, projects, metric)
    savings = assessor.savings()
    try:
        best = assessor.best_set(args.budget, args.time_limit, savings) if args.budget is not None else None
    except InputError as exc:
        raise CommandError(f"--{exc.field.replace('_', '-')}: {exc.message}") from None
    over = bottlenecks(assessor.loads())
    if args.json:
        out = {"by": args.by, "total": assessor.total(), "projects": [s.to_json() for s in savings]}
        if best is not None:
            out["best_set"] = best.to_json()
        out["bottlenecks"] = [b.to_json() for b in over]
        print_json(out)
        return 0
    print(f"Demand-weighted {args.by} before any project: {assessor.total():,.6g}")
    print("Projects by saving:")
    for rank, s in enumerate(savings, 1):
        per = "-" if s.saving_per_cost is None else f"{s.saving_per_cost:,.4g}"
        print(f"  {rank:>3}. {s.id:<24} saving {s.saving:>14,.6g}   per unit cost {per}")
    if best is not None:
        status = (
            "proven optimal"
            if best.optimal
            else f"time limit reached; no set saves more than {best.bound:,.6g}"
        )
        print(
            f"Best set within {args.budget:,.6g}: {', '.join(best.projects) or '(none)'}; "
            f"saving {best.saving:,.6g}, cost {best.cost:,.6g} ({status})."
        )
    if over:
        print("Bottlenecks (load above capacity):")
        for b in over:
            print(f"  {b.link} {b.frm} -> {b.to}: {b.load:,.6g} t on {b.capacity:,.6g} t")
    else:
        print("No link is loaded above its capacity.")
    return 0

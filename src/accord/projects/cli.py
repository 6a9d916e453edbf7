"""`accord finance allocate FILE [--json] [--time-limit SECONDS]`, `accord export iati --org CODE`."""

from __future__ import annotations

import argparse
import sys

from accord.base.cli import CommandError, add_described, add_org_argument, load_json_file, print_json
from accord.core import allocation
from accord.core.errors import InputError
from accord.core.limits import TIME_LIMIT_DEFAULT, time_limit
from accord.orgs.cli import organisation_arg

FINANCE_HELP = """\
Funding allocation. `accord finance allocate FILE` reads a funding portfolio file (JSON):
  {"currency": "USD",
   "projects": [{"id": "P1", "cost": 120.0, "sector": "transport", "countries": ["KZ","CN"], "priority": 3}],
   "funders":  [{"id": "F1", "capital": 500.0, "sectors": ["transport"], "countries": ["KZ","CN","KG"],
                 "min_ticket": 5.0, "max_ticket": 100.0}]}
A funder may fund a project when the project's sector and every one of its countries are in its mandate;
each allocation lies within the funder's ticket range, a funder spends at most its capital, and a project
is funded only in full. The plan maximises the sum of priority x cost of the funded projects.
Output: a table, or with --json {"funded", "allocations", "value", "unfunded", "optimal", "gap"}. The
search stops after --time-limit seconds (default 60) with the best plan found: "optimal" is then false
and "gap" says how far it may be from the best, (bound - value) / bound; 0 when optimal.
Numbers must be finite; amounts at most 1e15, priority at most 1e6.
Exit status: 0 success, 2 bad input (one line on stderr naming the file and field)."""


def register(sub) -> None:
    p = add_described(sub, "finance", "funding allocation (the funding-gap optimiser)", FINANCE_HELP)
    fin = p.add_subparsers(dest="finance_command", metavar="SUBCOMMAND", parser_class=type(p))
    fin.required = True
    a = add_described(
        fin, "allocate", "which projects the capital can fully fund, by whom, and the gaps left", FINANCE_HELP
    )
    a.add_argument("file", metavar="FILE", help="funding portfolio file (JSON)")
    a.add_argument("--json", action="store_true", help="print the result as JSON")
    a.add_argument(
        "--time-limit",
        type=float,
        default=TIME_LIMIT_DEFAULT,
        metavar="SECONDS",
        help=f"stop after SECONDS with the best plan found (default {TIME_LIMIT_DEFAULT:g})",
    )
    a.set_defaults(func=_allocate)

    # Another app may add its own exports under `accord export`; share the one subcommand.
    export = sub.choices.get("export")
    if export is None:
        export = sub.add_parser("export", help="export data in standard formats")
        export.add_subparsers(
            dest="export_command", metavar="FORMAT", parser_class=type(export)
        ).required = True
    formats = next(action for action in export._actions if isinstance(action, argparse._SubParsersAction))
    e = formats.add_parser(
        "iati",
        help="IATI 2.03 activity XML of the published projects",
        description="Write IATI 2.03 activity XML for the organisation's published projects. "
        "Identifiers are XI-IATI-<ORG>-<project code>, e.g. XI-IATI-SCO-kz-rail. Each project's cost is "
        "reported as one budget per calendar year of its timeline, pro rata by days.",
    )
    add_org_argument(e)
    e.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    e.set_defaults(func=_export_iati)


def _allocate(args: argparse.Namespace) -> int:
    try:
        limit = time_limit(args.time_limit)
    except InputError as exc:
        raise CommandError(f"{exc.field}: {exc.message}") from None
    portfolio = load_json_file(args.file, allocation.parse_portfolio)
    result = allocation.allocate(portfolio, time_limit=limit)
    if args.json:
        print_json(result.to_json())
        return 0
    out = sys.stdout
    cur = portfolio.currency
    out.write(
        f"Funded projects ({len(result.funded)} of {len(portfolio.projects)}), value {result.value:,.2f}"
        f"{'' if result.optimal else f' (not proven optimal: within {result.gap:.2%} of the best)'}\n"
    )
    if result.allocations:
        width = max(len("project"), *(len(a.project) for a in result.allocations))
        fw = max(len("funder"), *(len(a.funder) for a in result.allocations))
        out.write(f"  {'project':<{width}}  {'funder':<{fw}}  {'amount ' + cur:>18}\n")
        for a in result.allocations:
            out.write(f"  {a.project:<{width}}  {a.funder:<{fw}}  {a.amount:>18,.2f}\n")
    out.write(f"Gaps remaining ({len(result.unfunded)})\n")
    for g in result.unfunded:
        out.write(f"  {g.project}  {g.gap:,.2f} {cur}\n")
    return 0


def _export_iati(args: argparse.Namespace) -> int:
    org = organisation_arg(args.org)
    from .exports import iati_xml

    data = iati_xml(org)
    if args.output:
        try:
            with open(args.output, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise CommandError(f"--output: cannot write {args.output}: {exc.strerror}") from None
    else:
        sys.stdout.buffer.write(data)
    return 0

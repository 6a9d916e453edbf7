"""`accord negotiate solve FILE [--json] [--time-limit SECONDS]`: the best package of a negotiation file."""

from __future__ import annotations

import argparse

from accord.base.cli import CommandError, print_json, read_json_file
from accord.core.errors import InputError
from accord.core.limits import TIME_LIMIT_DEFAULT, time_limit
from accord.core.packages import parse_problem, solve

HELP = """Negotiations to consensus.

  accord negotiate solve FILE [--json] [--time-limit SECONDS]

FILE is a negotiation package file (JSON): members, provisions with their options, and stances
(support, accept, dissociate, reserve, object), optionally with an "unless" list of (provision, option)
conditions. The solver chooses one option for every provision: fewest applying blocking stances
(reserve, object), then most support, then fewest dissociations. Without --json it prints the package
and the stances that must move; with --json it prints
{"consensus","package","blocking","support","dissociations","optimal","bound","gap"}. The search stops
after --time-limit seconds (default 60) with the best package found, "optimal": false, "bound" the fewest
blocking stances any package can have (proven) and "gap" = (blocking - bound) / blocking.
Exit status: 0 success; 2 bad input (one line on stderr naming the field)."""


def register(sub) -> None:
    p = sub.add_parser(
        "negotiate",
        help="negotiations: find a consensus package",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    nsub = p.add_subparsers(dest="negotiate_command", metavar="SUBCOMMAND")
    nsub.required = True
    s = nsub.add_parser(
        "solve",
        help="the best package of a negotiation file",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("file", metavar="FILE", help="negotiation package file (JSON)")
    s.add_argument("--json", action="store_true", help="print JSON (contract in the README)")
    s.add_argument(
        "--time-limit",
        type=float,
        default=TIME_LIMIT_DEFAULT,
        metavar="SECONDS",
        help=f"stop after SECONDS with the best package found (default {TIME_LIMIT_DEFAULT:g})",
    )
    s.set_defaults(func=_solve)


def _solve(args: argparse.Namespace) -> int:
    try:
        limit = time_limit(args.time_limit)
    except InputError as exc:
        raise CommandError(f"{exc.field}: {exc.message}") from None
    try:
        data = read_json_file(args.file)
    except ValueError as exc:  # json refuses integers of more than 4,300 digits outside JSONDecodeError
        raise CommandError(f"{args.file}: a number is too long: {str(exc).split(':')[0]}") from None
    try:
        result = solve(parse_problem(data), time_limit=limit)
    except InputError as exc:
        raise CommandError(f"{args.file}: {exc.field}: {exc.message}") from None
    if args.json:
        print_json(result.to_json())
        return 0
    print(
        "Consensus: a package nobody blocks."
        if result.consensus
        else f"No consensus: the best package still has {len(result.blocking)} blocking stance(s)."
    )
    print("Package:")
    for provision, option in result.package.items():
        print(f"  {provision}: {option}")
    if result.blocking:
        print("Stances that must move:")
        for b in result.blocking:
            print(f"  {b.member} on {b.provision} option {b.option}")
    print(
        f"Support: {result.support}; dissociations: {result.dissociations}; "
        f"{'proven optimal' if result.optimal else 'best found in time'}."
    )
    return 0

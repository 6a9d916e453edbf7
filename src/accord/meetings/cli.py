"""`accord calendar`: iCalendar of sessions."""

from __future__ import annotations

import argparse
import sys

from accord.base.cli import CommandError, add_org_argument, parse_date
from accord.orgs.cli import organisation_arg


def register(sub) -> None:
    p = sub.add_parser(
        "calendar",
        help="print the sessions of an organisation's bodies as iCalendar (RFC 5545)",
        description="One all-day event per dated session, with stable UIDs so that re-imports "
        "update entries instead of duplicating them.",
    )
    add_org_argument(p)
    p.add_argument("--body", help="only this body: CHS, CHG, CMFA, CNC, RATS_COUNCIL ...")
    p.add_argument("--from", dest="start", type=parse_date, help="sessions ending on or after YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=parse_date, help="sessions starting on or before YYYY-MM-DD")
    p.set_defaults(func=_calendar)


def _calendar(args: argparse.Namespace) -> int:
    org = organisation_arg(args.org)
    from . import queries
    from .exports import calendar

    if args.body is not None:
        bodies = queries.body_codes(org)
        if args.body not in bodies:
            raise CommandError(f"--body: unknown body {args.body!r}; known: {', '.join(bodies)}")
    if args.start and args.end and args.start > args.end:
        raise CommandError("--from: is after --to")
    rows = queries.session_views(org, queries.sessions(org, body=args.body, start=args.start, end=args.end))
    title = f"{org.name_en}" + (f" {args.body}" if args.body else "")
    sys.stdout.write(calendar(org, rows, title).decode("utf-8"))
    return 0

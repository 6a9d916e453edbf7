"""`accord calendar` (iCalendar of sessions) and `accord notify run` (the notification sweep, for cron)."""

from __future__ import annotations

import argparse
import sys

from accord.cli import CommandError, parse_date, setup_django


def register(sub) -> None:
    p = sub.add_parser(
        "calendar",
        help="print the sessions of an organisation's bodies as iCalendar (RFC 5545)",
        description="One all-day event per dated session, with stable UIDs so that re-imports "
        "update entries instead of duplicating them.",
    )
    p.add_argument("--org", required=True, help="organisation code, e.g. sco")
    p.add_argument("--body", help="only this body: CHS, CHG, CMFA, CNC, RATS_COUNCIL ...")
    p.add_argument("--from", dest="start", type=parse_date, help="sessions ending on or after YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=parse_date, help="sessions starting on or before YYYY-MM-DD")
    p.set_defaults(func=_calendar)

    p = sub.add_parser("notify", help="notifications")
    nsub = p.add_subparsers(dest="notify_command", metavar="SUBCOMMAND")
    nsub.required = True
    r = nsub.add_parser("run", help="run the notification sweep once (idempotent; for cron)")
    r.add_argument("--org", default="sco", help="organisation code (default sco)")
    r.set_defaults(func=_notify_run)


def _organisation(code: str):
    setup_django()
    from django.db import DatabaseError

    from accord.orgs.models import Organisation

    try:
        org = Organisation.objects.filter(code=code).first()
    except DatabaseError:
        raise CommandError(
            "the database is not set up: run `accord load-reference sco` or `accord demo`"
        ) from None
    if org is None:
        known = ", ".join(Organisation.objects.values_list("code", flat=True)) or "none loaded"
        raise CommandError(f"--org: unknown organisation {code!r}; known: {known}")
    return org


def _calendar(args: argparse.Namespace) -> int:
    org = _organisation(args.org)
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


def _notify_run(args: argparse.Namespace) -> int:
    org = _organisation(args.org)
    from accord import clock

    from .notifications import sweep

    result = sweep(org, clock.now())
    detail = ", ".join(f"{k} {v}" for k, v in sorted(result.sent.items())) or "nothing due"
    print(f"{org.code}: {result.total} notifications sent ({detail})")
    return 0

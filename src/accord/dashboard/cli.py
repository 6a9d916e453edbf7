"""`accord notify run`: one reminder sweep (for cron; `accord worker` runs it too)."""

from __future__ import annotations

import argparse

from accord.orgs.cli import organisation_arg


def register(sub) -> None:
    p = sub.add_parser("notify", help="notifications")
    nsub = p.add_subparsers(dest="notify_command", metavar="SUBCOMMAND")
    nsub.required = True
    r = nsub.add_parser("run", help="run the notification sweep once (idempotent; for cron)")
    r.add_argument("--org", default="sco", help="organisation code (default sco)")
    r.set_defaults(func=_notify_run)


def _notify_run(args: argparse.Namespace) -> int:
    org = organisation_arg(args.org)
    from accord.base import clock

    from .sweep import sweep

    result = sweep(org, clock.now())
    detail = ", ".join(f"{k} {v}" for k, v in sorted(result.sent.items())) or "nothing due"
    print(f"{org.code}: {result.total} notifications sent ({detail})")
    return 0

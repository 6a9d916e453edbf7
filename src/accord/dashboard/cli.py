"""`accord worker` (the background worker and its status), `accord clock` (the demo clock) and
`accord notify run` (one reminder sweep, for cron; the worker runs it too)."""

from __future__ import annotations

import argparse
import logging
import sys

from accord.base.cli import CommandError, add_org_argument, setup_django
from accord.orgs.cli import organisation_arg


def register(sub) -> None:
    p = sub.add_parser("notify", help="notifications")
    nsub = p.add_subparsers(dest="notify_command", metavar="SUBCOMMAND")
    nsub.required = True
    r = nsub.add_parser("run", help="run the notification sweep once (idempotent; for cron)")
    add_org_argument(r)
    r.set_defaults(func=_notify_run)

    w = sub.add_parser(
        "worker",
        help="run the background worker: deadlines, reminders, e-mails (beside the server)",
        description="Runs the tasks on the database queue (settling silence procedures at their deadline, "
        "reminders, e-mails to retry) and enqueues the periodic sweeps. Several workers may share one "
        "PostgreSQL database. Exit status of --status: 0 healthy, 1 no live worker or a failed task.",
    )
    w.add_argument(
        "--status", action="store_true", help="show when a worker last ran, waiting and failed tasks"
    )
    w.add_argument("--once", action="store_true", help="one round: enqueue the sweeps, run what is due, exit")
    w.add_argument(
        "--interval", type=float, default=1.0, help="seconds between polls of an empty queue (default 1)"
    )
    w.set_defaults(func=_worker)

    c = sub.add_parser("clock", help="the demo clock, shared by the server and the worker")
    csub = c.add_subparsers(dest="clock_command", metavar="SUBCOMMAND")
    csub.required = True
    csub.add_parser("show", help="the application's time now").set_defaults(func=_clock_show)
    a = csub.add_parser("advance", help="move the demo clock forward, e.g. 2h, 3d, 90m, 1d12h")
    a.add_argument("by", help="how far: NdNhNm, e.g. 2h or 3d")
    a.set_defaults(func=_clock_advance)


def _notify_run(args: argparse.Namespace) -> int:
    org = organisation_arg(args.org)
    from accord.base import clock

    from .sweep import sweep

    result = sweep(org, clock.now())
    detail = ", ".join(f"{k} {v}" for k, v in sorted(result.sent.items())) or "nothing due"
    print(f"{org.code}: {result.total} notifications sent ({detail})")
    return 0


def _worker(args: argparse.Namespace) -> int:
    if not 0 <= args.interval <= 3600:
        raise CommandError(f"--interval: {args.interval} is not between 0 and 3600 seconds")
    setup_django()
    from . import worker

    if args.status:
        return _print_status(worker.status())
    for name in ("accord", "django_tasks", "django_tasks_db"):  # one line per task run, in the worker's log
        logging.getLogger(name).setLevel(logging.INFO)
    if args.once:
        worker.run_once()
        return 0
    worker.run(interval=args.interval)
    return 0


def _print_status(s) -> int:
    last = s.last_seen.isoformat(timespec="seconds") if s.last_seen else "never"
    print(f"last heartbeat: {last} ({s.alive} worker(s) alive)")
    print(f"tasks waiting: {s.waiting} ({s.due} due now, {s.running} running)")
    print(f"e-mails unsent: {s.unsent_mail}")
    print(f"failed tasks: {len(s.failed)}")
    for name, error, when in s.failed:
        print(f"  {when} {name}: {error}")
    return 0 if s.healthy else 1


def _clock_show(args: argparse.Namespace) -> int:
    setup_django()
    from accord.base import clock

    now = clock.now()
    how = (
        f"demo clock; real time {clock.real(now).isoformat(timespec='seconds')}"
        if clock.shifted()
        else "real time"
    )
    print(f"{now.isoformat(timespec='seconds')} ({how})")
    return 0


def _clock_advance(args: argparse.Namespace) -> int:
    setup_django()
    from accord.base import clock

    try:
        by = clock.parse_duration(args.by)
        now = clock.advance(by)
    except (ValueError, LookupError) as exc:
        raise CommandError(str(exc)) from None
    sys.stdout.write(f"demo clock now {now.isoformat(timespec='seconds')} (moved {by} forward)\n")
    # The worker's catch-up settles what the jump made due within a minute; enqueue it now, sooner.
    from .tasks import enqueue_catch_up

    enqueue_catch_up()
    return 0

"""The `accord` command. Bad input exits 2 with one line on stderr; never a traceback."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

from accord.base.cli import CommandError, ensure_database, setup_django
from accord.core.errors import InputError

# Apps that add their own subcommands: each module has register(subparsers).
APP_COMMANDS = [
    "accord.orgs.cli",
    "accord.negotiations.cli",
    "accord.projects.cli",
    "accord.meetings.cli",
    "accord.dashboard.cli",
    "accord.connectivity.cli",
]


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; keep it to one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="accord",
        description=(
            "accord runs a consensus-based regional organisation (the SCO is built in, ASEAN ships too, any "
            "other loads from a data folder): membership and the rotating chair over time, negotiations to "
            "consensus with silence procedures, programmes, meetings, project financing and transport "
            "corridors. Start with `accord demo`; in production run `accord serve` and `accord worker`."
        ),
        epilog="Exit status: 0 success, 1 a check failed (audit verify, worker --status) or no route "
        "(network route), 2 bad input. "
        "Run `accord COMMAND --help`.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser(
        "demo", help="migrate the embedded database, load the SCO and a demo scenario, and serve it"
    )
    p.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    p.add_argument("--no-serve", action="store_true", help="load the demo and exit")
    p.set_defaults(func=_demo)

    p = sub.add_parser("serve", help="production server (gunicorn) on DATABASE_URL")
    p.add_argument("--bind", default=os.environ.get("ACCORD_BIND", "127.0.0.1:8000"))
    p.add_argument("--workers", type=int, default=int(os.environ.get("ACCORD_WORKERS", "3")))
    p.add_argument("--migrate", action="store_true", help="apply migrations before starting")
    p.set_defaults(func=_serve)

    p = sub.add_parser("manage", help="pass the remaining arguments to Django's manage.py", add_help=False)
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(func=_manage)

    for module in APP_COMMANDS:
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module).register(sub)
    return parser


def _demo(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise CommandError(f"--port: {args.port} is not a TCP port")
    from accord.base.demo import DEMO_CLOCK_START

    # The demo runs inside the Kazakh chairmanship: its clock starts at DEMO_CLOCK_START and runs on.
    os.environ.setdefault("ACCORD_CLOCK_START", DEMO_CLOCK_START)
    # Links in notifications point at this server; e-mails go to files, not over the terminal.
    os.environ.setdefault("ACCORD_SITE_URL", f"http://127.0.0.1:{args.port}")
    os.environ.setdefault("ACCORD_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    ensure_database(verbose=True)
    from datetime import datetime

    from accord.base import clock

    # One clock for the server, the worker and `accord clock advance`: an offset in the data directory.
    clock.start_demo_clock(datetime.fromisoformat(os.environ["ACCORD_CLOCK_START"]))
    from accord.demo import load_demo

    logins = load_demo()
    from django.conf import settings

    if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        print(f"\nE-mails the demo sends are written to {settings.EMAIL_FILE_PATH}/")
    print(f"\naccord demo is ready. Demo logins (password for all: {logins.password}):")
    for who, what in logins.people:
        print(f"  {who:<14} {what}")
    if args.no_serve:
        return 0
    from django.core.management import call_command

    worker = _start_worker(Path(settings.ACCORD_CLOCK_FILE).parent / "worker.log")
    # SIGTERM (a service manager, `kill`) stops the server like Ctrl-C: the worker is stopped with it.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    print(f"Demo clock: {clock.now():%Y-%m-%d %H:%M} UTC; move it on with `accord clock advance 3d`.")
    print(f"\nServing on http://127.0.0.1:{args.port}/  (Ctrl-C to stop)")
    try:
        call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False)
    finally:
        _stop(worker)
    return 0


def _start_worker(log_path: Path) -> subprocess.Popen:
    """`accord worker` as a child process, with this process's environment (database, clock, mail)."""
    log = log_path.open("ab")
    child = subprocess.Popen(
        [sys.executable, "-m", "accord", "worker"],
        stdout=log,
        stderr=subprocess.STDOUT,
        # ACCORD_WORKER_PARENT: the worker stops by itself should this process die without stopping it.
        env={**os.environ, "ACCORD_WORKER_PARENT": str(os.getpid())},
    )
    log.close()
    print(f"\nWorker running beside the server (pid {child.pid}, log {log_path}).")
    return child


def _stop(child: subprocess.Popen) -> None:
    """SIGTERM lets the worker finish its task; one that does not stop in 10 s is killed."""
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _serve(args: argparse.Namespace) -> int:
    setup_django()
    if args.migrate:
        ensure_database()
    from gunicorn.app.wsgiapp import run

    sys.argv = ["gunicorn", "--bind", args.bind, "--workers", str(args.workers), "accord.wsgi:application"]
    run()
    return 0


def _manage(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["accord manage", *args.args])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (CommandError, InputError) as exc:
        sys.stderr.write(f"accord {args.command}: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

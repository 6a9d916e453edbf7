"""`accord load-reference`, `accord chair`, `accord audit verify`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from accord.base.cli import CommandError, add_org_argument, parse_date, print_json, setup_django
from accord.core.rotation import MAX_FORECAST


def register(sub) -> None:
    p = sub.add_parser(
        "load-reference",
        help="load or refresh an organisation's reference data (idempotent)",
        description="Load the organisation's data files (states, statuses, bodies, sessions, "
        "offices) into the database. Running it again changes nothing unless the files changed; "
        "rows the Secretariat corrected in the admin are kept unless --overwrite-edits is given.",
    )
    p.add_argument(
        "org",
        help="a shipped organisation's code (e.g. sco, asean) or a folder of data files in the format of "
        "docs/reference-data.md",
    )
    p.add_argument(
        "--overwrite-edits",
        action="store_true",
        help="put the files' values back on rows the Secretariat changed in the admin (kept by default)",
    )
    p.set_defaults(func=_load_reference)

    p = sub.add_parser(
        "chair",
        help="who chairs a body on a date, or the forecast of the next chairs",
        description="The chair of a body on a date, from recorded sessions (basis 'recorded') or the "
        "rotation rule (basis 'forecast'). Reads the database when the organisation is loaded there, "
        "else the shipped reference data.",
    )
    add_org_argument(p)
    p.add_argument(
        "--body", help="body code, e.g. CHS or CHG (default: the organisation's first body with a chair)"
    )
    p.add_argument("--on", type=parse_date, help="date YYYY-MM-DD (default today)")
    p.add_argument(
        "--forecast",
        type=int,
        metavar="N",
        help=f"also list the N terms after the current one (0-{MAX_FORECAST})",
    )
    p.add_argument("--json", action="store_true", help="print JSON (contract in README)")
    p.set_defaults(func=_chair)

    p = sub.add_parser("audit", help="audit trail tools")
    asub = p.add_subparsers(dest="audit_command", metavar="SUBCOMMAND")
    asub.required = True
    v = asub.add_parser(
        "verify",
        help="check the keyed hash chain against the checkpoints: exit 0 intact, 1 naming the first "
        "bad event, 2 when it cannot be checked",
        description="Walk the audit chain and compare it with the signed checkpoints kept outside the "
        "database. When intact, a checkpoint of the current head is appended to the data directory's "
        "checkpoint file.",
    )
    v.add_argument(
        "--checkpoint",
        metavar="FILE",
        help="checkpoint file to compare with (default: audit-checkpoints.jsonl in the data directory)",
    )
    v.set_defaults(func=_audit_verify)


def _is_folder(arg: str) -> bool:
    """A path (it names a folder, or has a separator) rather than a shipped organisation's code."""
    return "/" in arg or "\\" in arg or Path(arg).is_dir()


def _load_reference(args: argparse.Namespace) -> int:
    from accord.base.cli import ensure_database
    from accord.core.reference import available_references, load_reference_folder

    path = None
    if _is_folder(args.org):
        path = args.org
        load_reference_folder(path)  # refuse a bad folder before touching the database
    elif args.org not in available_references():
        raise CommandError(
            f"unknown organisation {args.org!r}; available: {', '.join(available_references())} "
            "(or give a folder of data files)"
        )
    ensure_database()
    from accord.orgs.actions import load_reference

    result = load_reference(args.org, overwrite_edits=args.overwrite_edits, path=path)
    code = result.organisation
    print(f"{code}: created {result.created or 'nothing'}; updated {result.updated or 'nothing'}")
    if result.kept:
        print(
            f"kept the Secretariat's changes to {result.kept}, where the files differ "
            "(--overwrite-edits puts the files' values back)"
        )
    return 0


def _rotations(org_code: str):
    """Rotations from the database if the organisation is loaded there, else from the shipped data files."""
    setup_django()
    from django.db import DatabaseError

    from accord.orgs import queries
    from accord.orgs.models import Organisation

    try:
        org = Organisation.objects.filter(code=org_code).first()
        if org is not None:
            return queries.Rotations.from_db(org)
    except DatabaseError:
        pass
    from accord.core.reference import available_references

    if org_code not in available_references():
        raise CommandError(
            f"--org: unknown organisation {org_code!r}; available: {', '.join(available_references())}"
        )
    return queries.Rotations.from_reference(org_code)


def _chair(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    from accord.base import clock

    args.org = args.org or settings.ACCORD_DEFAULT_ORG
    rotations = _rotations(args.org)
    day = args.on or clock.today()
    args.body = args.body or rotations.default_body()
    if args.body not in rotations.bodies:
        raise CommandError(
            f"--body: unknown body {args.body!r}; known: {', '.join(sorted(rotations.bodies))}"
        )
    if args.forecast is not None and not 0 <= args.forecast <= MAX_FORECAST:
        raise CommandError(f"--forecast: must be from 0 to {MAX_FORECAST}")
    if args.forecast is not None:
        views = rotations.forecast(args.body, day, args.forecast)
        terms = [
            {
                "code": v.term.holder,
                "name": v.state.name_en,
                "start": v.term.start.isoformat(),
                "end": v.term.end.isoformat(),
                "basis": v.term.basis,
                "end_estimated": v.term.end_estimated,
            }
            for v in views
        ]
        if args.json:
            print_json({"org": args.org, "body": args.body, "terms": terms})
        else:
            for v, t in zip(views, terms, strict=True):
                est = _estimate_note(v)
                print(f"{t['start']} – {t['end']}{est}  {t['code']}  {t['name']}  [{t['basis']}]")
        return 0
    v = rotations.chair_on(args.body, day)
    if args.json:
        print_json(
            {
                "org": args.org,
                "body": args.body,
                "date": day.isoformat(),
                "chair": {"code": v.term.holder, "name": v.state.name_en},
                "term": {
                    "start": v.term.start.isoformat(),
                    "end": v.term.end.isoformat(),
                    "end_estimated": v.term.end_estimated,
                },
                "basis": v.term.basis,
            }
        )
    else:
        est = _estimate_note(v)
        print(
            f"{args.body} chair on {day.isoformat()}: {v.state.name_en} ({v.term.holder}), term "
            f"{v.term.start.isoformat()} – {v.term.end.isoformat()}{est} [{v.term.basis}]"
        )
    return 0


def _estimate_note(view) -> str:
    if view.awaiting_session:
        return " (until its session, not yet dated: end estimated)"
    return " (end estimated)" if view.term.end_estimated else ""


def _audit_verify(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    from accord.audit.log import CannotVerify, verify, write_checkpoint

    try:
        result = verify(args.checkpoint)
        if result.ok:
            write_checkpoint()
    except (DatabaseError, CannotVerify, ImproperlyConfigured) as exc:
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise CommandError(f"cannot check the audit chain: {first_line}") from None
    except OSError as exc:
        raise CommandError(f"cannot write the checkpoint: {exc}") from None
    if result.ok:
        against = f"{result.checkpoints} checkpoints agree" if result.checkpoints else "no checkpoints yet"
        print(f"audit chain intact: {result.checked} events, {against}")
        return 0
    sys.stderr.write(f"audit chain broken at event #{result.first_bad}: {result.reason}\n")
    return 1


def organisation_arg(code: str | None):
    """The organisation an `--org` names (None: the site's default), from the database; a CommandError if
    it is not there."""
    setup_django()
    from django.conf import settings
    from django.db import DatabaseError

    from accord.orgs.models import Organisation

    code = code or settings.ACCORD_DEFAULT_ORG
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

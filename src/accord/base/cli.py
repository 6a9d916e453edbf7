"""What every app's subcommands share: their error, Django's set-up, dates and JSON files.

Each app's `cli.py` has register(subparsers); the `accord` command (accord.cli) collects them. A
CommandError is bad input: `accord` prints its one line and exits 2."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from accord.core.errors import InputError


class CommandError(Exception):
    """Raised by a subcommand for bad input; main() prints it and exits 2."""


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    import django

    django.setup()


def ensure_database(verbose: bool = False) -> None:
    """Create the embedded database's folder and bring the schema up to date."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def add_described(sub, name: str, help: str, description: str) -> argparse.ArgumentParser:  # noqa: A002
    """A subcommand whose --help prints `description` as written (its line breaks and layout kept)."""
    return sub.add_parser(
        name, help=help, description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )


def add_org_argument(parser: argparse.ArgumentParser) -> None:
    """`--org CODE`, by default the site's default organisation (the setting ACCORD_DEFAULT_ORG)."""
    parser.add_argument("--org", help="organisation code (default: the site's default organisation)")


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


# Input files larger than this are refused before they are read (a negotiation of 3,000 provisions and
# 100,000 stances is about 10 MB); /dev/zero or a wrong file must not fill the memory.
MAX_INPUT_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64  # nesting of arrays and objects: the file formats need 4
MAX_INTEGER_DIGITS = 30


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ValueError(f"a number is too long (more than {MAX_INTEGER_DIGITS} digits)")
    return int(text)


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest in a decoded value (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                break
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def read_json_file(path: str) -> Any:
    """Read a JSON input file; every failure is a CommandError naming the file. Bounded: its size, its
    nesting and its integers. (NaN and Infinity are refused by each format's parser, naming the field.)"""
    p = Path(path)
    if not p.exists():
        raise CommandError(f"{path}: no such file")
    if p.is_dir():
        raise CommandError(f"{path}: is a directory, not a JSON file")
    try:
        with p.open("rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise CommandError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise CommandError(f"{path}: larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB, not read")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"{path}: cannot read: not UTF-8 text") from None
    if not text.strip():
        raise CommandError(f"{path}: file is empty")
    try:
        value = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise CommandError(f"{path}: bad JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise CommandError(f"{path}: nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise CommandError(f"{path}: bad JSON: {exc}") from None
    if _depth(value) > MAX_DEPTH:
        raise CommandError(f"{path}: nested deeper than {MAX_DEPTH} levels")
    return value


def load_json_file(path: str, parse, *context) -> Any:
    """A JSON input file read (read_json_file) and parsed by `parse(data, *context)`; a refusal of the
    parser is a CommandError naming the file and the field."""
    data = read_json_file(path)
    try:
        return parse(data, *context)
    except InputError as exc:
        raise CommandError(f"{path}: {exc.field}: {exc.message}") from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

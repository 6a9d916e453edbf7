"""Finding and reading organisations' data folders: the shipped ones (accord/data/<code>/) or any folder."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from accord.core.errors import InputError

from .parse import parse_reference
from .records import FILES, OPTIONAL_FILES, Reference
from .rows import ORG_CODE


def available_references() -> list[str]:
    """Codes of the organisations shipped as data, e.g. ["asean", "sco"]."""
    root = resources.files("accord.data")
    return sorted(
        entry.name
        for entry in root.iterdir()
        if entry.is_dir() and entry.joinpath("organisation.json").is_file()
    )


@cache
def load_reference(code: str) -> Reference:
    """Read and validate the shipped reference organisation `code` (a folder of accord/data)."""
    if not ORG_CODE.fullmatch(code) or code not in available_references():
        raise InputError(
            "org", f"unknown reference organisation {code!r}; available: {available_references()}"
        )
    reference = _read(resources.files("accord.data").joinpath(code))
    if reference.organisation.code != code:
        raise InputError(
            "organisation.json.code", f"{reference.organisation.code!r} but the folder is {code!r}"
        )
    return reference


def load_reference_folder(path: str | Path) -> Reference:
    """Read and validate an organisation from any folder in the documented format (not cached: the
    files may change between calls)."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError("path", f"{str(folder)!r} is not a folder")
    return _read(folder)


def _read(folder: Traversable) -> Reference:
    documents: dict[str, Any] = {}
    for name in (*FILES, *OPTIONAL_FILES):
        entry = folder.joinpath(name)
        if name in OPTIONAL_FILES and not entry.is_file():
            continue
        try:
            documents[name] = json.loads(entry.read_text(encoding="utf-8"))
        except (FileNotFoundError, IsADirectoryError):
            raise InputError(name, "file missing") from None
        except UnicodeDecodeError:
            raise InputError(name, "not UTF-8 text") from None
        except json.JSONDecodeError as error:
            raise InputError(name, f"not valid JSON: {error}") from None
    return parse_reference(documents)

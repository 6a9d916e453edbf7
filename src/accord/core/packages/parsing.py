"""Reading a negotiation package file (README, "Negotiation package file") into a PackageProblem."""

from __future__ import annotations

from accord.core.errors import InputError
from accord.core.packages.model import STANCE_KINDS, Condition, PackageProblem, Provision, Stance


def _object(
    value: object, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, object]:
    """`value` as a JSON object with exactly these keys; `path` is "" for the file itself."""
    if not isinstance(value, dict):
        raise InputError(path or "(file)", "expected an object")
    prefix = f"{path}." if path else ""
    for key in value:
        if key not in required and key not in optional:
            # Strict on purpose: a misspelt "unless" would otherwise turn a conditional objection
            # into an unconditional one without a word.
            raise InputError(f"{prefix}{key}", "unknown key")
    for key in required:
        if key not in value:
            raise InputError(f"{prefix}{key}", "missing")
    return value


def _list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise InputError(path, "expected a list")
    return value


def _text(value: object, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise InputError(path, "expected a non-empty string")
    return value


def parse_problem(data: object) -> PackageProblem:
    """Validate a decoded JSON value (README, "Negotiation package file") into a PackageProblem.

    Raises InputError naming the field (``stances[3].option``) for every invalid input.
    """
    root = _object(data, "", ("members", "provisions", "stances"))
    members = tuple(_text(m, f"members[{i}]") for i, m in enumerate(_list(root["members"], "members")))
    provisions = []
    for i, item in enumerate(_list(root["provisions"], "provisions")):
        path = f"provisions[{i}]"
        raw = _object(item, path, ("id", "options"))
        opts = _list(raw["options"], f"{path}.options")
        provisions.append(
            Provision(
                id=_text(raw["id"], f"{path}.id"),
                options=tuple(_text(o, f"{path}.options[{j}]") for j, o in enumerate(opts)),
            )
        )
    stances = []
    for i, item in enumerate(_list(root["stances"], "stances")):
        path = f"stances[{i}]"
        raw = _object(item, path, ("member", "provision", "option", "stance"), ("unless", "reason"))
        kind = _text(raw["stance"], f"{path}.stance")
        if kind not in STANCE_KINDS:
            raise InputError(
                f"{path}.stance", f"unknown stance {kind!r}, expected one of {', '.join(STANCE_KINDS)}"
            )
        unless = []
        for j, cond in enumerate(_list(raw.get("unless", []), f"{path}.unless")):
            cpath = f"{path}.unless[{j}]"
            rawc = _object(cond, cpath, ("provision", "option"))
            unless.append(
                Condition(
                    _text(rawc["provision"], f"{cpath}.provision"), _text(rawc["option"], f"{cpath}.option")
                )
            )
        reason = raw.get("reason", "")
        if not isinstance(reason, str):
            raise InputError(f"{path}.reason", "expected a string")
        stances.append(
            Stance(
                member=_text(raw["member"], f"{path}.member"),
                provision=_text(raw["provision"], f"{path}.provision"),
                option=_text(raw["option"], f"{path}.option"),
                stance=kind,
                unless=tuple(unless),
                reason=reason,
            )
        )
    return PackageProblem(members, tuple(provisions), tuple(stances))

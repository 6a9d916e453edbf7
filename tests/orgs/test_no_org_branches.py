"""No organisation is a special case in code: no string literal in src/accord (outside the data folders)
is an organisation's code. Docstrings and comments may name organisations; the allowed literals below
are defaults, each listed with why."""

import ast
from pathlib import Path

import accord
from accord.core.reference import available_references

ROOT = Path(accord.__file__).parent

# (file relative to src/accord, literal): where a code is a default, not a branch.
ALLOWED = {
    ("settings.py", "sco"),  # ACCORD_DEFAULT_ORG's default, overridable by the environment
    ("demo.py", "sco"),  # the demo scenario (the Kazakh chairmanship 2023-24) is written for the SCO
}


def literals(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_organisation_code_literal_outside_data():
    codes = {variant for code in available_references() for variant in (code, code.upper())}
    assert {"sco", "SCO", "asean", "ASEAN"} <= codes
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("data/"):
            continue
        for line, value in literals(path):
            if value.strip() in codes and (relative, value.strip()) not in ALLOWED:
                found.append(f"{relative}:{line}: {value!r}")
    assert found == []


def test_the_check_sees_a_branch(tmp_path):
    """The scan finds an `if org == ...` when there is one (a test that cannot fail is a defect)."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Mentions the SCO."""\n\ndef f(org):\n    if org.code == "asean":\n        return 1\n'
    )
    assert [value for _line, value in literals(sample)] == ["asean"]

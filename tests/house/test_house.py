"""The house's own rules, checked over the sources: what a review would otherwise have to find by hand."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import accord
from accord.audit.events import EVENT_TYPES

SRC = Path(accord.__file__).parent
ROOT = SRC.parent.parent
APPS = sorted(p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists())

# Function-level imports that cross apps, each with the reason it cannot be at the top of its module.
# The layers contract (pyproject.toml, `lint-imports`) checks their direction like any other import.
LAZY_CROSS_APP_IMPORTS = {
    # A subcommand imports models only when it runs: `accord` parses its arguments (and `accord demo` sets
    # the demo's environment) before Django is set up.
    "cli.py": "Django is set up after the command line is parsed",
}
# Actions with more than one record() call, each on its own path.
SEVERAL_EVENTS = {
    ("negotiations", "break_silence"): "a late break records its refusal instead of the break",
}


def _py_files():
    for path in SRC.rglob("*.py"):
        if "migrations" not in path.parts:
            yield path


def _app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "accord" else parts[0]


def test_no_function_level_import_crosses_apps_outside_the_documented_list():
    offenders = []
    for path in _py_files():
        rel = path.relative_to(SRC)
        app = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    target = node.module
                elif isinstance(node, ast.Import):
                    target = node.names[0].name
                else:
                    continue
                if not target.startswith("accord.") or _app_of(target) == app:
                    continue
                if rel.name in LAZY_CROSS_APP_IMPORTS or (app, fn.name) == ("base", "setup_django"):
                    continue
                offenders.append(f"{rel}:{node.lineno} {fn.name} imports {target}")
    assert not offenders, "\n".join(offenders)


def test_no_app_reaches_another_by_a_module_path_string():
    """Cross-app parts come through accord.base.registry, not importlib on a name."""
    allowed = {"urls.py", "api.py", "cli.py", "demo.py"}  # the shell mounts the apps it lists
    offenders = [
        str(p.relative_to(SRC))
        for p in _py_files()
        if re.search(r"find_spec|import_module\(", p.read_text(encoding="utf-8"))
        and not (p.parent == SRC and p.name in allowed)
    ]
    assert not offenders


def _action_modules():
    for app in APPS:
        for name in ("actions",):
            try:
                module = importlib.import_module(f"accord.{app}.{name}")
            except ModuleNotFoundError:
                continue
            yield app, module
            if hasattr(module, "__path__"):  # actions/ split by topic
                for info in pkgutil.iter_modules(module.__path__):
                    yield app, importlib.import_module(f"{module.__name__}.{info.name}")


def _record_calls(fn: ast.FunctionDef) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(fn)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "record"
    ]


def test_every_public_action_records_exactly_one_declared_event():
    """Introspected, so that a new action without its event fails here."""
    checked, problems = 0, []
    for app, module in _action_modules():
        source = inspect.getsource(module)
        tree = ast.parse(source)
        for fn in tree.body:
            if not isinstance(fn, ast.FunctionDef) or fn.name.startswith("_"):
                continue
            checked += 1
            calls = _record_calls(fn)
            expected = 2 if (app, fn.name) in SEVERAL_EVENTS else 1
            if len(calls) != expected:
                problems.append(f"{module.__name__}.{fn.name}: {len(calls)} record() calls, not {expected}")
            for call in calls:
                arg = call.args[0] if call.args else None
                # One constant, or a choice between two (added or changed)
                events = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
                for event in events:
                    if not (isinstance(event, ast.Attribute) and isinstance(event.value, ast.Name)):
                        problems.append(f"{module.__name__}.{fn.name}: the event is not a declared constant")
                        continue
                    value = getattr(getattr(module, event.value.id), event.attr).value
                    if value not in EVENT_TYPES:
                        problems.append(f"{module.__name__}.{fn.name}: {value!r} is not declared")
    assert checked >= 40 and not problems, "\n".join(problems)


def test_every_declared_event_is_recorded_somewhere():
    sources = "".join(p.read_text(encoding="utf-8") for p in _py_files())
    unused = [
        v for v in EVENT_TYPES if not re.search(r"Event\." + v.upper().replace(".", "_") + r"\b", sources)
    ]
    assert not unused


def test_the_repository_stands_alone():
    """No comment, doc or test points to files outside the repository."""
    pattern = re.compile(r"DESIGN\.md|DOMAIN\.md|DOMAIN §|\.\./shared")
    offenders = [
        str(p.relative_to(ROOT))
        for base in ("src", "docs", "tests", "bench")
        for p in (ROOT / base).rglob("*")
        if p.suffix in {".py", ".md", ".html", ".json", ".txt"}
        and p.name != "test_house.py"
        and pattern.search(p.read_text(encoding="utf-8", errors="ignore"))
    ] + (["README.md"] if pattern.search((ROOT / "README.md").read_text(encoding="utf-8")) else [])
    assert not offenders, offenders


@pytest.mark.parametrize("app", ["negotiations", "programmes", "projects", "meetings", "dashboard"])
def test_each_app_declares_its_own_permissions(app):
    from accord.orgs.permissions import PERMISSIONS

    declared = importlib.import_module(f"accord.{app}.permissions").PERMISSIONS
    assert declared and all(PERMISSIONS[name] is rule for name, rule in declared.items())


def test_the_architecture_page_lists_the_import_contracts():
    """docs/architecture.md shows the contracts `lint-imports` enforces, word for word."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    lines = []
    for contract in config["contracts"]:
        lines.append(contract["name"])
        if contract["type"] == "layers":
            lines += [f"  {layer}" for layer in contract["layers"]]
        else:
            lines.append(
                f"  {', '.join(contract['source_modules'])} may not import "
                f"{', '.join(contract['forbidden_modules'])}"
            )
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    shown = page.split("<!-- contracts: begin -->")[1].split("<!-- contracts: end -->")[0]
    assert shown.strip().strip("`").strip() == "\n".join(lines)

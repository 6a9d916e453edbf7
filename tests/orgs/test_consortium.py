"""A third organisation written from docs/reference-data.md alone: a fictional consortium of five states
in a temporary folder, loaded with `accord load-reference PATH` and asked `accord chair`."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

import accord
from accord.cli import main

SRC = "invented for this test"
NAMES = {"XB": "Borduria", "XF": "Freedonia", "XG": "Genovia", "XR": "Ruritania", "XS": "Syldavia"}

FILES = {
    "organisation.json": {
        "code": "cfs",
        "name": {"en": "Consortium of Fictional States"},
        "founded": "2020-01-01",
        "languages": ["en"],
        "collation_language": "en",
        "timezone": "Europe/Paris",
        "secretariat_city": {"en": "Klow"},
        "statuses": ["member"],
        "currency": "EUR",
        "decision_rules": [
            {"code": "interested_members", "name": {"en": "coalition of the willing"}, "source": SRC}
        ],
        "sources": [SRC],
    },
    "states.json": [{"code": code, "name": {"en": name}, "source": SRC} for code, name in NAMES.items()],
    "statuses.json": [
        {
            "state": code,
            "status": "member",
            "start": "2025-06-01" if code == "XG" else "2020-01-01",
            "end": None,
            "source": SRC,
        }
        for code in NAMES
    ],
    "bodies.json": [
        {
            "code": "ASSEMBLY",
            "name": {"en": "Assembly"},
            "meets": {"text": {"en": "once a year"}, "min_per_year": 1},
            "chair": {"rule": "rotation", "rotation": "ASSEMBLY", "term": "calendar_year"},
            "source": SRC,
        },
        {
            "code": "BOARD",
            "name": {"en": "Board"},
            "meets": None,
            "chair": {"rule": "follows", "body": "ASSEMBLY"},
            "source": SRC,
        },
    ],
    "sessions.json": [
        {
            "body": "ASSEMBLY",
            "number": 1,
            "year": 2023,
            "host": "XB",
            "city": {"en": "Szohod"},
            "start": "2023-05-02",
            "end": "2023-05-03",
            "status": "held",
            "format": "in_person",
            "source": SRC,
        },
    ],
    "offices.json": {"offices": [], "terms": []},
    "chairmanships.json": [
        {"rotation": "ASSEMBLY", "year": 2023, "state": "XB", "status": "held", "source": SRC},
        {"rotation": "ASSEMBLY", "year": 2024, "state": "XF", "status": "held", "source": SRC},
    ],
}


def write(folder: Path, files=FILES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_text(json.dumps(data), encoding="utf-8")
    return folder


def accord_cmd(*args, tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(Path(accord.__file__).parents[1]),
        "ACCORD_DATA_DIR": str(tmp_path / "data"),
    }
    return subprocess.run(
        [sys.executable, "-m", "accord", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_a_consortium_from_a_folder_answers_accord_chair(tmp_path):
    folder = write(tmp_path / "consortium")
    load = accord_cmd("load-reference", str(folder), tmp_path=tmp_path)
    assert load.returncode == 0, load.stderr[-2000:]
    assert load.stdout.startswith("cfs: created {'organisation': 1, 'states': 5")

    r = accord_cmd("chair", "--org", "cfs", "--on", "2024-05-01", "--json", tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {
        "org": "cfs",
        "body": "ASSEMBLY",
        "date": "2024-05-01",
        "chair": {"code": "XF", "name": "Freedonia"},
        "term": {"start": "2024-01-01", "end": "2024-12-31", "end_estimated": False},
        "basis": "recorded",
    }
    # Genovia is next in English order but joins on 1 Jun 2025, so is not a member for all of 2025.
    r = accord_cmd(
        "chair",
        "--org",
        "cfs",
        "--body",
        "BOARD",
        "--on",
        "2024-05-01",
        "--forecast",
        "5",
        "--json",
        tmp_path=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    terms = [(t["code"], t["start"][:4], t["basis"]) for t in json.loads(r.stdout)["terms"]]
    assert terms == [
        ("XF", "2024", "recorded"),
        ("XR", "2025", "forecast"),
        ("XS", "2026", "forecast"),
        ("XB", "2027", "forecast"),
        ("XF", "2028", "forecast"),
        ("XG", "2029", "forecast"),
    ]
    again = accord_cmd("load-reference", str(folder), tmp_path=tmp_path)
    assert again.stdout.strip() == "cfs: created nothing; updated nothing"


def broken(change):
    files = copy.deepcopy(FILES)
    change(files)
    return files


def _gap(files):
    files["chairmanships.json"][1]["year"] = 2025


def _missing_sessions(files):
    del files["sessions.json"]


@pytest.mark.parametrize(
    "change,where",
    [
        (lambda f: f["states.json"][1].update(code="x1"), "states.json[1].code"),
        (lambda f: f["organisation.json"].pop("timezone"), "organisation.json.timezone: missing"),
        (lambda f: f["organisation.json"].update(currency="euro"), "organisation.json.currency"),
        (
            lambda f: f["organisation.json"].update(official_languages=["fr"]),
            "organisation.json.official_languages",
        ),
        (
            lambda f: f["organisation.json"]["decision_rules"][0].update(code="majority"),
            "organisation.json.decision_rules[0].code",
        ),
        (lambda f: f["bodies.json"][0]["chair"].update(term="fortnightly"), "bodies.json[0].chair.term"),
        (_gap, "chairmanships.json[1].year"),
        (lambda f: f["chairmanships.json"][0].update(state="XG"), "chairmanships.json[0].state"),
        (lambda f: f["chairmanships.json"][0].update(rotation="BOARD"), "chairmanships.json[0].rotation"),
        (
            lambda f: f["chairmanships.json"][0].update(colour="red"),
            "chairmanships.json[0].colour: unknown field",
        ),
        (_missing_sessions, "sessions.json: file missing"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_bad_folder_is_refused_naming_file_and_field(tmp_path, capsys, change, where):
    folder = write(tmp_path / "bad", broken(change))
    assert main(["load-reference", str(folder)]) == 2
    err = capsys.readouterr().err
    assert where in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_not_json_and_not_a_folder(tmp_path, capsys):
    folder = write(tmp_path / "bad")
    (folder / "states.json").write_text("[{", encoding="utf-8")
    assert main(["load-reference", str(folder)]) == 2
    assert "states.json: not valid JSON" in capsys.readouterr().err
    assert main(["load-reference", str(tmp_path / "nowhere") + "/"]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_a_refused_folder_writes_nothing(tmp_path):
    folder = write(tmp_path / "bad", broken(_gap))
    assert accord_cmd("load-reference", str(folder), tmp_path=tmp_path).returncode == 2
    r = accord_cmd("chair", "--org", "cfs", tmp_path=tmp_path)
    assert r.returncode == 2 and "unknown organisation 'cfs'" in r.stderr

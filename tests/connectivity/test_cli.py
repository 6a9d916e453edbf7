"""`accord network route|assess` run as a subprocess: the JSON contracts and clean refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
REFERENCE = SRC / "accord" / "data" / "sco" / "network"

NETWORK = {
    "nodes": [
        {"id": "URC", "country": "CN", "name": "Urumqi", "lat": 43.8, "lon": 87.6},
        {"id": "DOS", "country": "KZ", "name": "Dostyk", "lat": 45.25, "lon": 82.48},
        {"id": "ALA", "country": "KZ", "name": "Almaty", "lat": 43.24, "lon": 76.89},
    ],
    "links": [
        {
            "id": "r1",
            "from": "URC",
            "to": "DOS",
            "mode": "rail",
            "gauge": 1435,
            "km": 460,
            "hours": 10,
            "cost": 20,
            "capacity": 100,
        },
        {
            "id": "r2",
            "from": "DOS",
            "to": "ALA",
            "mode": "rail",
            "gauge": 1520,
            "km": 870,
            "hours": 20,
            "cost": 30,
        },
        {"id": "road", "from": "URC", "to": "ALA", "mode": "road", "km": 1000, "hours": 60, "cost": 40},
    ],
    "penalties": {
        "gauge_change": {"hours": 12, "cost": 8},
        "mode_change": {"hours": 6, "cost": 4},
        "border": {"default": {"hours": 10, "cost": 5}, "KZ-CN": {"hours": 24, "cost": 10}},
    },
}
DEMAND = {"pairs": [{"from": "URC", "to": "ALA", "tonnes": 500}], "unserved": {"hours": 200, "cost": 200}}
PROJECTS = [
    {
        "id": "dostyk-2",
        "cost": 10,
        "change_links": [{"id": "r1", "capacity": 1000}],
        "borders": [{"pair": "CN-KZ", "hours": 8}],
    },
    {"id": "expressway", "cost": 4, "change_links": [{"id": "road", "hours": 20}]},
]


def run(*args: str, files: dict | None = None, tmp_path: Path | None = None):
    paths = {}
    for name, content in (files or {}).items():
        f = tmp_path / name
        f.write_text(content if isinstance(content, str) else json.dumps(content))
        paths[name] = str(f)
    argv = [paths.get(a, a) for a in args]
    env = {**os.environ, "PYTHONPATH": str(SRC), "ACCORD_DATA_DIR": str(tmp_path or "/tmp")}
    p = subprocess.run(
        [sys.executable, "-m", "accord", "network", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return p.returncode, p.stdout, p.stderr


def test_route_json(tmp_path):
    code, out, err = run(
        "route",
        "n.json",
        "--from",
        "URC",
        "--to",
        "ALA",
        "--json",
        files={"n.json": NETWORK},
        tmp_path=tmp_path,
    )
    assert code == 0, err
    assert json.loads(out) == {
        "path": ["URC", "DOS", "ALA"],
        "links": ["r1", "r2"],
        "hours": 10 + 24 + 20 + 12,
        "cost": 20 + 10 + 30 + 8,
        "value": 66,
        "transfers": 1,
    }
    code, out, _ = run(
        "route",
        "n.json",
        "--from",
        "URC",
        "--to",
        "ALA",
        "--by",
        "generalised",
        "--value-of-time",
        "0.5",
        "--json",
        files={"n.json": NETWORK},
        tmp_path=tmp_path,
    )
    # rail: 68 + 0.5 x 66 = 101; road (which crosses CN-KZ too): 50 + 0.5 x 84 = 92.
    assert code == 0 and json.loads(out)["value"] == pytest.approx(min(68 + 33, 50 + 0.5 * 84))


def test_route_human_and_no_route(tmp_path):
    code, out, _ = run(
        "route", "n.json", "--from", "URC", "--to", "ALA", files={"n.json": NETWORK}, tmp_path=tmp_path
    )
    assert code == 0 and "Urumqi (URC) -> Dostyk (DOS) -> Almaty (ALA)" in out and "1 gauge" in out
    one_way = {**NETWORK, "links": [{**x, "two_way": False} for x in NETWORK["links"]]}
    code, out, err = run(
        "route", "n.json", "--from", "ALA", "--to", "URC", files={"n.json": one_way}, tmp_path=tmp_path
    )
    assert code == 1 and out == "" and err.strip() == "accord network: no route from ALA to URC"


def test_assess_json(tmp_path):
    files = {"n.json": NETWORK, "d.json": DEMAND, "p.json": PROJECTS}
    code, out, err = run(
        "assess",
        "n.json",
        "--demand",
        "d.json",
        "--projects",
        "p.json",
        "--budget",
        "12",
        "--json",
        files=files,
        tmp_path=tmp_path,
    )
    assert code == 0, err
    data = json.loads(out)
    # Before: rail 66 h. dostyk-2 cuts the border to 8 h (rail 50 h, road 60 + 8 = 68 h): 500 x 16.
    # expressway: road 20 + 24 = 44 h: 500 x 22. Both: min(50, 28) -> 500 x 38, but they cost 14 > 12.
    assert data["by"] == "hours" and data["total"] == 500 * 66
    assert data["projects"] == [
        {"id": "expressway", "saving": 500 * 22, "saving_per_cost": 500 * 22 / 4},
        {"id": "dostyk-2", "saving": 500 * 16, "saving_per_cost": 500 * 16 / 10},
    ]
    assert data["best_set"] == {
        "projects": ["expressway"],
        "saving": 11000,
        "cost": 4,
        "optimal": True,
        "bound": 11000,
    }
    assert data["bottlenecks"] == [
        {"link": "r1", "from": "URC", "to": "DOS", "load": 500, "capacity": 100, "ratio": 5}
    ]
    code, out, _ = run(
        "assess", "n.json", "--demand", "d.json", "--projects", "p.json", files=files, tmp_path=tmp_path
    )
    assert code == 0 and "expressway" in out and "r1 URC -> DOS" in out and "Best set" not in out


BAD = [
    ({"n.json": "{"}, ["route", "n.json", "--from", "URC", "--to", "ALA"], "n.json: bad JSON"),
    (
        {"n.json": {**NETWORK, "links": [{**NETWORK["links"][0], "to": "XXX"}]}},
        ["route", "n.json", "--from", "URC", "--to", "ALA"],
        "n.json: links[0].to: unknown node 'XXX'",
    ),
    (
        {"n.json": {**NETWORK, "links": [{**NETWORK["links"][0], "hours": -3}]}},
        ["route", "n.json", "--from", "URC", "--to", "ALA"],
        "n.json: links[0].hours: must be at least 0",
    ),
    (
        {"n.json": {**NETWORK, "links": [{**NETWORK["links"][0], "to": "URC"}]}},
        ["route", "n.json", "--from", "URC", "--to", "ALA"],
        "n.json: links[0].to: link 'r1' goes from 'URC' to itself",
    ),
    (
        {"n.json": {**NETWORK, "nodes": NETWORK["nodes"] + NETWORK["nodes"][:1]}},
        ["route", "n.json", "--from", "URC", "--to", "ALA"],
        "n.json: nodes[3].id: duplicate node id 'URC'",
    ),
    ({"n.json": NETWORK}, ["route", "n.json", "--from", "URC", "--to", "MOW"], "--to: unknown node 'MOW'"),
    (
        {"n.json": NETWORK},
        ["route", "n.json", "--from", "URC", "--to", "ALA", "--by", "generalised"],
        "--value-of-time: required",
    ),
    (
        {
            "n.json": NETWORK,
            "d.json": DEMAND,
            "p.json": [{**PROJECTS[0], "borders": [{"pair": "KZ-RU", "hours": 1}]}],
        },
        ["assess", "n.json", "--demand", "d.json", "--projects", "p.json"],
        "p.json: projects[0].borders[0].pair: unknown pair 'KZ-RU'",
    ),
    (
        {
            "n.json": NETWORK,
            "d.json": {**DEMAND, "pairs": [{"from": "URC", "to": "MOW", "tonnes": 1}]},
            "p.json": [],
        },
        ["assess", "n.json", "--demand", "d.json", "--projects", "p.json"],
        "d.json: pairs[0].to: unknown node 'MOW'",
    ),
    (
        {"n.json": NETWORK, "d.json": DEMAND, "p.json": PROJECTS + PROJECTS[:1]},
        ["assess", "n.json", "--demand", "d.json", "--projects", "p.json"],
        "p.json: projects[2].id: duplicate project id 'dostyk-2'",
    ),
    (
        {"n.json": NETWORK, "d.json": DEMAND, "p.json": PROJECTS},
        ["assess", "n.json", "--demand", "d.json", "--projects", "p.json", "--budget", "-1"],
        "--budget: must be",
    ),
    (
        {"n.json": NETWORK, "d.json": DEMAND, "p.json": PROJECTS},
        [
            "assess",
            "n.json",
            "--demand",
            "d.json",
            "--projects",
            "p.json",
            "--budget",
            "5",
            "--time-limit",
            "0",
        ],
        "--time-limit: must be a positive number",
    ),
]


@pytest.mark.parametrize(("files", "argv", "message"), BAD)
def test_refusals(tmp_path, files, argv, message):
    code, out, err = run(*argv, files=files, tmp_path=tmp_path)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], err
    assert str(tmp_path) in lines[0] or message.startswith("--")


def test_reference_data_assesses(tmp_path):
    n, d, p = (str(REFERENCE / f) for f in ("network.json", "demand.json", "projects.json"))
    code, out, err = run(
        "assess", n, "--demand", d, "--projects", p, "--budget", "10000", "--json", tmp_path=tmp_path
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["best_set"]["optimal"] and data["best_set"]["saving"] >= max(
        x["saving"] for x in data["projects"]
    )
    code, out, err = run("route", n, "--from", "CN-LYG", "--to", "KZ-ALA", "--json", tmp_path=tmp_path)
    assert code == 0, err

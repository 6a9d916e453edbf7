"""`accord chair`: the contract in README.md, run as a real subprocess on the shipped reference data."""

import json
import subprocess
import sys

import pytest


def accord(*args, tmp_path, clock=None):
    env = {
        "PATH": "/usr/bin:/bin",
        "ACCORD_DATA_DIR": str(tmp_path),
        "ACCORD_SQLITE_PATH": str(tmp_path / "none.db"),
    }
    if clock:
        env["ACCORD_CLOCK_START"] = clock
    return subprocess.run(
        [sys.executable, "-m", "accord", *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.parametrize(
    "body,day,code,start,end,basis",
    [
        ("CHS", "2024-03-01", "KZ", "2023-07-05", "2024-07-04", "recorded"),
        ("CHS", "2024-07-05", "CN", "2024-07-05", "2025-09-01", "recorded"),
        ("CHS", "2001-06-15", "CN", "2001-06-15", "2001-06-15", "recorded"),
        ("CHS", "2002-01-01", "RU", "2001-06-16", "2002-06-07", "recorded"),
        ("CHG", "2024-03-01", "PK", None, "2024-10-16", "recorded"),
        ("CHG", "2025-01-01", "RU", "2024-10-17", "2025-11-18", "recorded"),
    ],
)
def test_chair_json(tmp_path, body, day, code, start, end, basis):
    r = accord("chair", "--org", "sco", "--body", body, "--on", day, "--json", tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["org"] == "sco" and out["body"] == body and out["date"] == day
    assert out["chair"]["code"] == code and out["chair"]["name"]
    assert out["basis"] == basis
    assert out["term"]["end"] == end
    if start:
        assert out["term"]["start"] == start


@pytest.mark.parametrize(
    "body,code,start,after",
    [
        ("CHS", "KG", "2025-09-02", ["PK", "RU", "TJ", "UZ", "BY"]),
        ("CHG", "TJ", "2025-11-19", ["UZ", "BY", "IN", "IR", "KZ"]),
    ],
)
def test_today_the_announced_host_chairs_until_its_session_is_dated(tmp_path, body, code, start, after):
    """On 1 Dec 2026 neither the Bishkek summit nor the Tajik CHG meeting has a date on record."""
    today = "2026-12-01T09:00:00+00:00"
    r = accord("chair", "--body", body, "--json", tmp_path=tmp_path, clock=today)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["date"], out["chair"]["code"], out["basis"]) == ("2026-12-01", code, "recorded")
    assert out["term"] == {"start": start, "end": "2026-12-01", "end_estimated": True}
    r = accord("chair", "--body", body, "--forecast", "5", "--json", tmp_path=tmp_path, clock=today)
    terms = json.loads(r.stdout)["terms"]
    assert [t["code"] for t in terms] == [code, *after]
    assert [t["basis"] for t in terms] == ["recorded"] + ["forecast"] * 5


def test_cnc_follows_chs(tmp_path):
    r = accord("chair", "--body", "CNC", "--on", "2024-03-01", "--json", tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["chair"]["code"] == "KZ"


def test_forecast_continues_in_russian_order(tmp_path):
    r = accord("chair", "--org", "sco", "--on", "2025-10-01", "--forecast", "10", "--json", tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"org", "body", "terms"}
    codes = [t["code"] for t in out["terms"]]
    assert codes == ["KG", "PK", "RU", "TJ", "UZ", "BY", "IN", "IR", "KZ", "CN", "KG"]
    assert out["terms"][0]["basis"] == "recorded" and out["terms"][1]["basis"] == "forecast"
    for a, b in zip(out["terms"], out["terms"][1:], strict=False):
        assert a["end"] < b["start"]
    assert {"code", "name", "start", "end", "basis"} <= set(out["terms"][0])


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--org", "osce"], "--org"),
        (["--body", "XYZ"], "--body"),
        (["--on", "2024-13-01"], "--on"),
        (["--on", "yesterday"], "--on"),
        (["--on", "1999-01-01"], "before"),
        (["--forecast", "-1"], "--forecast"),
        (["--forecast", "100000"], "--forecast: must be from 0 to 50"),
        (["--forecast", "x"], "--forecast"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, args, needle):
    r = accord("chair", *args, tmp_path=tmp_path)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert needle in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_help_explains_itself(tmp_path):
    r = accord("--help", tmp_path=tmp_path)
    assert r.returncode == 0
    for cmd in ("demo", "serve", "load-reference", "chair", "audit", "manage"):
        assert cmd in r.stdout

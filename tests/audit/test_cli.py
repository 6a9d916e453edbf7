"""`accord audit verify`: exit 0 intact, 1 broken naming the first bad event, 2 when it cannot check."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _run(env, *args):
    return subprocess.run([sys.executable, "-m", "accord", *args], env=env, capture_output=True, text=True)


@pytest.fixture
def env(tmp_path):
    return {
        "ACCORD_SQLITE_PATH": str(tmp_path / "a.sqlite3"),
        "ACCORD_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        # The sources under test, not whichever copy the interpreter has installed.
        "PYTHONPATH": os.pathsep.join(p for p in [SRC, os.environ.get("PYTHONPATH", "")] if p),
    }


def test_verify_anchors_the_head_and_then_sees_the_tail_deleted(env, tmp_path):
    assert _run(env, "load-reference", "sco").returncode == 0
    ok = _run(env, "audit", "verify")
    assert ok.returncode == 0 and "intact" in ok.stdout, ok.stderr
    assert (tmp_path / "audit-checkpoints.jsonl").read_text().count("\n") >= 2  # first event, and verify's
    con = sqlite3.connect(tmp_path / "a.sqlite3")
    last = con.execute("SELECT max(id) FROM audit_auditevent").fetchone()[0]
    con.execute("DELETE FROM audit_auditevent WHERE id=?", (last,))
    con.commit()
    bad = _run(env, "audit", "verify")
    assert bad.returncode == 1 and f"#{last}" in bad.stderr and "deleted" in bad.stderr
    assert "Traceback" not in bad.stderr
    # Another copy of the checkpoints (e.g. from the digest e-mail) can be named instead.
    copy = tmp_path / "copy.jsonl"
    copy.write_text((tmp_path / "audit-checkpoints.jsonl").read_text())
    assert _run(env, "audit", "verify", "--checkpoint", str(copy)).returncode == 1


def test_verify_names_an_edited_event(env, tmp_path):
    assert _run(env, "load-reference", "sco").returncode == 0
    con = sqlite3.connect(tmp_path / "a.sqlite3")
    first = con.execute("SELECT min(id) FROM audit_auditevent").fetchone()[0]
    con.execute("UPDATE audit_auditevent SET action='forged' WHERE id=?", (first,))
    con.commit()
    bad = _run(env, "audit", "verify")
    assert bad.returncode == 1 and f"#{first}" in bad.stderr and "Traceback" not in bad.stderr


def test_verify_with_the_database_down_exits_2_in_one_line(env):
    env = env | {"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nowhere"}
    r = _run(env, "audit", "verify")
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "cannot check" in r.stderr and "Traceback" not in r.stderr


def test_verify_with_a_missing_checkpoint_file_exits_2(env, tmp_path):
    assert _run(env, "load-reference", "sco").returncode == 0
    r = _run(env, "audit", "verify", "--checkpoint", str(tmp_path / "nope.jsonl"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1

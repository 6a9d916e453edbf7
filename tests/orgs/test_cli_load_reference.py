"""`accord load-reference` as the Secretariat runs it at deployment: idempotent, refusing unknown input."""

import subprocess
import sys
from pathlib import Path


def accord(*args, tmp_path: Path):
    env = {"PATH": "/usr/bin:/bin", "ACCORD_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "accord", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_loading_twice_changes_nothing_the_second_time(tmp_path):
    first = accord("load-reference", "sco", tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "created {'organisation': 1, 'states':" in first.stdout
    again = accord("load-reference", "sco", tmp_path=tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    assert again.stdout.strip() == "sco: created nothing; updated nothing"
    chair = accord("chair", "--on", "2024-03-01", tmp_path=tmp_path)  # now read from the database
    assert "Kazakhstan (KZ), term 2023-07-05 – 2024-07-04 [recorded]" in chair.stdout


def test_unknown_organisation_exits_2_with_one_line(tmp_path):
    r = accord("load-reference", "osce", tmp_path=tmp_path)
    assert r.returncode == 2 and "unknown organisation 'osce'" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr

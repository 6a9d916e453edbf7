"""`accord demo --no-serve` as a newcomer runs it: a fresh embedded database, logins printed once each,
e-mails written to files (not over the terminal) with links to the port the demo serves on."""

import subprocess
import sys
from pathlib import Path


def test_demo_loads_on_a_fresh_database_and_keeps_the_terminal_readable(tmp_path: Path) -> None:
    # No DATABASE_URL: the demo is the embedded database, whatever the suite itself runs on.
    env = {"PATH": "/usr/bin:/bin", "ACCORD_DATA_DIR": str(tmp_path)}
    r = subprocess.run(
        [sys.executable, "-m", "accord", "demo", "--no-serve", "--port", "8123"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert "Content-Type:" not in r.stdout
    logins = r.stdout.split("Demo logins", 1)[1].splitlines()[1:]
    usernames = [line.split()[0] for line in logins if line.startswith("  ") and not line.startswith("  (")]
    assert {"secretariat", "kz-nc", "in-delegate", "investor", "public"} <= set(usernames)
    assert len(usernames) == len(set(usernames))
    mails = list((tmp_path / "mail").glob("*.log"))
    assert f"written to {tmp_path / 'mail'}/" in r.stdout and mails
    assert "http://127.0.0.1:8123/sco/negotiations/drafts/" in "".join(m.read_text() for m in mails)

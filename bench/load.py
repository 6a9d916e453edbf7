"""Benchmark: writes under load, with Locust, against `accord serve --workers 4` and `accord worker`.

Usage: .venv/bin/python bench/load.py [--quick] [--db postgresql,sqlite] [--users 100] [--seconds 60]

For each database (PostgreSQL first, at DATABASE_URL's server or 127.0.0.1:5432, then the embedded
SQLite): a fresh database with the SCO reference data and a large draft (300 provisions x 3 options,
6,000 stances, as bench/pages.py builds it), sessions for delegates of India's delegation, the server
(4 gunicorn workers) and the task worker on loopback, then three headless Locust runs:
1. mixed: `--users` delegates for `--seconds` (map polls with the ETag, stance writes, comments);
2. stance writes back to back, 20 users, a third of that time;
3. the bare write view (one insert, no audit; mounted only because this script sets ACCORD_BENCH_WRITE=1),
   the same. The ratio of 2 to 3 is the write throughput against a bare view.
Writes bench/results/load-<db>.json (p50/p95/p99 per request type, errors, writes/s, load average).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).parent
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent
PG = "postgresql://postgres@127.0.0.1:5432/accord"


def setup(out: str, users: int) -> None:
    """In a child process whose environment names the database: build it and sign the delegates in."""
    sys.path.insert(0, str(HERE))
    import pages  # noqa: F401  (sets Django up)
    from django.db import connection
    from django.test import Client

    from accord.web.benchwrite import make_table

    person, draft, members, stances = pages.build(300)
    with connection.cursor() as cursor:
        make_table(cursor)
    sessions = []
    for _ in range(users):
        c = Client()
        c.force_login(person)
        sessions.append(c.cookies["sessionid"].value)
    labels = [p.label for p in draft.provisions.order_by("id")]
    Path(out).write_text(
        json.dumps(
            {"draft": draft.pk, "state": "IN", "sessions": sessions, "labels": labels, "stances": stances}
        )
    )


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, timeout: float = 60) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer at {url}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _locust(env: dict, host: str, mode: str, users: int, seconds: int, work: Path) -> list[dict]:
    prefix = work / mode
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(HERE / "locust" / "delegates.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(10, users)),
            "--run-time",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            {"mixed": "MixedDelegate", "stances": "StanceWriter", "bare": "BareWriter"}[mode],
        ],
        env={**env, "LOAD_MODE": mode},
        check=False,
        capture_output=True,
    )
    rows = []
    with open(f"{prefix}_stats.csv") as f:
        for r in csv.DictReader(f):
            if r["Name"] == "Aggregated" or r["Name"].startswith("setup"):
                continue
            rows.append(
                {
                    "request": r["Name"],
                    "count": int(r["Request Count"]),
                    "errors": int(r["Failure Count"]),
                    "per_s": round(float(r["Requests/s"]), 1),
                    "p50_ms": float(r["50%"]),
                    "p95_ms": float(r["95%"]),
                    "p99_ms": float(r["99%"]),
                }
            )
    failures = Path(f"{prefix}_failures.csv")
    errors = list(csv.DictReader(failures.open())) if failures.exists() else []
    return rows + ([{"failures": errors[:10]}] if errors else [])


def run_one(db: str, users: int, seconds: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="accord-load-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(ACCORD_DATA_DIR=str(work / "data"), ACCORD_BENCH_WRITE="1", PYTHONUNBUFFERED="1")
    (work / "data").mkdir()
    if db == "postgresql":
        base = os.environ.get("DATABASE_URL", PG).rpartition("/")[0]
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "accord_bench_load"')
            conn.execute('CREATE DATABASE "accord_bench_load"')
        env["DATABASE_URL"] = f"{base}/accord_bench_load"
    setup_file = work / "setup.json"
    subprocess.run(
        [sys.executable, __file__, "--setup", str(setup_file), "--users", str(users)], env=env, check=True
    )
    env["LOAD_SETUP"] = str(setup_file)
    port = _port()
    host = f"http://127.0.0.1:{port}"
    log = (work / "server.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "accord"), "serve", "--workers", "4", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    worker = subprocess.Popen(
        [str(BIN / "accord"), "worker"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        _wait(f"{host}/accounts/login/")
        load_before = os.getloadavg()
        mixed = _locust(env, host, "mixed", users, seconds, work)
        burst = max(10, seconds // 3)
        time.sleep(15)  # requests still queued at the server from the run before finish first
        stances = _locust(env, host, "stances", 20, burst, work)
        time.sleep(15)
        bare = _locust(env, host, "bare", 20, burst, work)
    finally:
        _stop(server)
        _stop(worker)
        log.close()
    stance_rate = next((r["per_s"] for r in stances if r.get("request") == "stance write"), 0)
    bare_rate = next((r["per_s"] for r in bare if r.get("request") == "bare write"), 0)
    writes = [r for r in mixed if r.get("request") in ("stance write", "comment")]
    result = {
        "database": db,
        "users": users,
        "seconds": seconds,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "mixed": mixed,
        "mixed_writes_per_s": round(sum(r["per_s"] for r in writes), 1),
        "stance_writes_back_to_back": stances,
        "bare_writes_back_to_back": bare,
        "stance_to_bare_throughput": round(stance_rate / bare_rate, 2) if bare_rate else None,
    }
    shutil.rmtree(work, ignore_errors=True)
    if db == "postgresql":
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "accord_bench_load"')
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="postgresql,sqlite")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--quick", action="store_true", help="30 delegates for 15 s")
    parser.add_argument("--setup", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup(args.setup, args.users)
        return 0
    users, seconds = (30, 15) if args.quick else (args.users, args.seconds)
    for db in args.db.split(","):
        try:
            result = run_one(db, users, seconds)
        except Exception as exc:  # noqa: BLE001 (PostgreSQL absent: say so, go on with SQLite)
            print(f"load on {db}: not run ({exc})")
            continue
        result.update(python=platform.python_version(), cpus=os.cpu_count(), quick=args.quick)
        target = RESULTS / f"load-{db}.json"
        target.write_text(json.dumps(result, indent=2) + "\n")
        print(f"load on {db}: {users} delegates, {seconds} s; wrote {target}")
        for part in ("mixed", "stance_writes_back_to_back", "bare_writes_back_to_back"):
            for r in result[part]:
                if "request" in r:
                    print(
                        f"  {part:<28}{r['request']:<14}{r['count']:>7}{r['errors']:>5} err"
                        f"{r['per_s']:>8}/s p50 {r['p50_ms']:>6} p95 {r['p95_ms']:>6} p99 {r['p99_ms']:>6}"
                    )
        print(f"  stance / bare throughput: {result['stance_to_bare_throughput']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

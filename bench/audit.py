"""Benchmark: what the audit chain costs writers, on SQLite and (with DATABASE_URL) on PostgreSQL.

Usage: .venv/bin/python bench/audit.py [--writes N] [--threads T]
       DATABASE_URL=postgresql://... .venv/bin/python bench/audit.py   (also runs on that server)

Rows, each timed over N writes on a throwaway database (SQLite: a temporary file with the shipped
settings; PostgreSQL: a test database created and dropped on the server of DATABASE_URL):
- bare insert (baseline): one row inserted in its own transaction;
- stance write, no audit: what set_stance does to the tables (lock the draft, upsert the stance,
  append the stance history) without the audit event;
- stance write, audited: the same plus accord.audit.log.record (the keyed chain);
- and the last two again with T threads writing to T different drafts at once: without the audit they
  do not wait on each other; with it every write waits on the chain's single lock (PostgreSQL advisory
  lock; on SQLite every write transaction already waits on the file's one write lock).
Prints writes per second and the ratio to the bare insert; writes bench/results/audit.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "audit.json"


def measure(writes: int, threads: int) -> dict:
    """Runs in a child process whose environment names the database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from accord import clock
    from accord.audit.log import record
    from accord.negotiations import actions
    from accord.negotiations.models import Draft, Option, Stance, StanceChange
    from accord.orgs.actions import load_reference
    from accord.orgs.models import Organisation, State

    test_db = None
    if connection.vendor == "postgresql":
        test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        load_reference("sco")
        org = Organisation.objects.get(code="sco")
        drafts = []
        for t in range(threads):
            draft = actions.create_draft(None, org, body="CHS", title=f"Bench {t}")
            actions.add_provision(None, draft, kind="OP", options=[{"text": "A"}, {"text": "B"}])
            drafts.append(actions.open_negotiation(None, draft))
        states = list(State.objects.filter(code__in=["CN", "IN", "KZ", "KG", "PK", "RU", "TJ", "UZ"]))

        def bare(draft, option, i):
            with transaction.atomic():
                st = states[i % len(states)]
                StanceChange.objects.create(
                    draft=draft, option=option, state=st, round=1, kind="support", at=clock.now()
                )

        def stance(draft, option, i, audited):
            st, kind, now = states[i % len(states)], ("support", "accept")[i % 2], clock.now()
            with transaction.atomic():
                locked = Draft.objects.select_for_update().get(pk=draft.pk)
                before = Stance.objects.filter(option=option, state=st).values_list("kind", flat=True).first()
                row, _ = Stance.objects.update_or_create(
                    option=option, state=st, defaults={"draft": locked, "kind": kind, "at": now}
                )
                StanceChange.objects.create(
                    draft=locked, option=option, state=st, round=1, before=before or "", kind=kind, at=now
                )
                if audited:
                    record(
                        "stance.set",
                        target=row,
                        payload={"draft": locked.pk, "state": st.code, "before": before, "stance": kind},
                    )

        def options_of(draft):
            return Option.objects.filter(provision__draft=draft).order_by("letter").first()

        def sequential(fn):
            draft = drafts[0]
            option = options_of(draft)
            for i in range(20):  # warm up
                fn(draft, option, i)
            start = time.perf_counter()
            for i in range(writes):
                fn(draft, option, i)
            return writes / (time.perf_counter() - start)

        def concurrent(fn):
            per = max(1, writes // threads)
            gate = threading.Barrier(threads + 1)
            errors = []

            def work(t):
                try:
                    draft = drafts[t]
                    option = options_of(draft)
                    gate.wait()
                    for i in range(per):
                        fn(draft, option, i)
                except Exception as exc:  # reported: a failed write makes the figure meaningless
                    errors.append(repr(exc))
                finally:
                    connection.close()

            workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
            for w in workers:
                w.start()
            gate.wait()
            start = time.perf_counter()
            for w in workers:
                w.join()
            elapsed = time.perf_counter() - start
            if errors:
                raise RuntimeError(f"{len(errors)} failed writes, first: {errors[0]}")
            return per * threads / elapsed

        rows = [
            ("bare insert (baseline)", 1, sequential(bare)),
            ("stance write, no audit", 1, sequential(lambda d, o, i: stance(d, o, i, False))),
            ("stance write, audited", 1, sequential(lambda d, o, i: stance(d, o, i, True))),
            ("stance write, no audit", threads, concurrent(lambda d, o, i: stance(d, o, i, False))),
            ("stance write, audited", threads, concurrent(lambda d, o, i: stance(d, o, i, True))),
        ]
        base = rows[0][2]
        return {
            "database": connection.vendor,
            "rows": [
                {
                    "write": name,
                    "threads": t,
                    "writes_per_s": round(rate, 1),
                    "ms_per_write": round(1000 / rate, 3),
                    "ratio_to_bare": round(base / rate, 2),
                }
                for name, t, rate in rows
            ],
        }
    finally:
        connection.close()
        if test_db is not None:
            connection.creation.destroy_test_db(test_db, verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.writes, args.threads)))
        return 0
    runs = []
    with tempfile.TemporaryDirectory(prefix="accord-bench-audit-") as tmp:
        base_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        src = str(Path(__file__).resolve().parents[1] / "src")
        base_env["PYTHONPATH"] = os.pathsep.join(p for p in [src, os.environ.get("PYTHONPATH", "")] if p)
        envs = [base_env | {"ACCORD_DATA_DIR": tmp, "ACCORD_SQLITE_PATH": f"{tmp}/bench.sqlite3"}]
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            envs.append(base_env | {"ACCORD_DATA_DIR": tmp, "DATABASE_URL": os.environ["DATABASE_URL"]})
        for env in envs:
            cmd = [sys.executable, __file__, "--child", "--writes", str(args.writes), "--threads"]
            out = subprocess.run([*cmd, str(args.threads)], env=env, capture_output=True, text=True)
            if out.returncode != 0:
                sys.stderr.write(out.stderr)
                return 1
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"audit chain cost: {args.writes} writes per row, {args.threads} threads for the concurrent rows")
    print(f"{'database':<12}{'write':<26}{'threads':>8}{'writes/s':>11}{'ms/write':>10}{'x bare':>8}")
    for run in runs:
        for r in run["rows"]:
            print(
                f"{run['database']:<12}{r['write']:<26}{r['threads']:>8}{r['writes_per_s']:>11}"
                f"{r['ms_per_write']:>10}{r['ratio_to_bare']:>8}"
            )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "audit",
                "writes": args.writes,
                "threads": args.threads,
                "python": platform.python_version(),
                "machine": platform.machine(),
                "cpus": os.cpu_count(),
                "runs": runs,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

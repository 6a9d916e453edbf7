"""SQLite as a real default: 100 concurrent stance writers in 2 processes queue on the file, none fails."""

import sqlite3
import subprocess
import sys
import time

import pytest

SETUP = """
from accord.cli import setup_django
setup_django()
from accord.negotiations import actions
from accord.orgs.models import Organisation

draft = actions.create_draft(None, Organisation.objects.get(code="sco"), body="CHS", title="Concurrent")
for i in range(5):
    actions.add_provision(None, draft, kind="OP", options=[{"text": f"Text {i} A"}, {"text": f"Text {i} B"}])
print(actions.open_negotiation(None, draft).pk)
"""

# Each thread reads, then writes, in one transaction (set_stance): the pattern that fails with
# "database is locked" when SQLite transactions start DEFERRED.
WRITER = """
import sys, threading, time
from accord.cli import setup_django
setup_django()
from django.db import connection
from accord.negotiations import actions
from accord.negotiations.models import Draft

tag, n, start, draft_pk = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
draft = Draft.objects.get(pk=draft_pk)
members = ["CN", "IN", "KZ", "KG", "PK", "RU", "TJ", "UZ"]
errors = []
gate = threading.Barrier(n)

def work(i):
    try:
        given = actions.StanceInput(provision=f"OP{i % 5 + 1}", option="AB"[i % 2], stance="support")
        gate.wait()
        actions.set_stance(None, draft, members[i % len(members)], given)
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

time.sleep(max(0.0, start - time.time()))
threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(errors))
for e in errors[:5]:
    print(e)
"""


@pytest.mark.django_db(transaction=True)
def test_100_concurrent_writers_in_2_processes_on_a_sqlite_file(subprocess_env, tmp_path):
    def run(*args):
        r = subprocess.run([sys.executable, *args], env=subprocess_env, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return r.stdout

    run("-m", "accord", "load-reference", "sco")
    draft = run("-c", SETUP).strip()
    start = time.time() + 3  # both processes start writing together, once both have set Django up
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, tag, "50", str(start), draft],
            env=subprocess_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in "ab"
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert out.splitlines()[0] == "0", out + err
    assert "intact" in run("-m", "accord", "audit", "verify")
    con = sqlite3.connect(tmp_path / "db.sqlite3")
    assert con.execute("SELECT count(*) FROM negotiations_stancechange").fetchone()[0] == 100
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

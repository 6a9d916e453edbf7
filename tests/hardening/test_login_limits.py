"""Login limits count across /accounts/login/ and /admin/login/, and across processes."""

import subprocess
import sys
import time

import pytest

from tests.conftest import PASSWORD


def test_the_sixth_wrong_password_at_the_admin_login_is_refused(client, make_person):
    make_person("root", is_staff=True, is_superuser=True)
    for _ in range(5):
        r = client.post("/admin/login/", {"username": "root", "password": "wrong"})
        assert r.status_code == 200
    refused = client.post("/admin/login/", {"username": "root", "password": "wrong"})
    assert refused.status_code == 429 and b"Too many sign-in attempts" in refused.content
    # Even the right password waits for the window to pass.
    right = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert right.status_code == 429 and "_auth_user_id" not in client.session


def test_both_login_pages_count_against_one_limit(client, make_person):
    make_person("root", is_staff=True, is_superuser=True)
    for _ in range(3):
        client.post("/accounts/login/", {"username": "root", "password": "wrong"})
    for _ in range(2):
        client.post("/admin/login/", {"username": "ROOT ", "password": "wrong"})
    assert client.post("/admin/login/", {"username": "root", "password": PASSWORD}).status_code == 429
    assert client.post("/accounts/login/", {"username": "root", "password": PASSWORD}).status_code == 429


def test_a_good_admin_sign_in_clears_the_usernames_failures(client, make_person):
    make_person("root", is_staff=True, is_superuser=True)
    for _ in range(4):
        client.post("/admin/login/", {"username": "root", "password": "wrong"})
    assert client.post("/admin/login/", {"username": "root", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(5):
        assert client.post("/admin/login/", {"username": "root", "password": "wrong"}).status_code == 200


@pytest.mark.parametrize("url", ["/admin/login/", "/accounts/login/"])
def test_a_signed_in_visitor_guessing_another_account_is_still_counted(client, make_person, url):
    """Being signed in as oneself must not reset the count of the account one is guessing at."""
    make_person("root", is_staff=True, is_superuser=True)
    client.force_login(make_person("mallory", "public", "public"))
    for _ in range(5):
        client.post(url, {"username": "root", "password": "wrong"})
    assert client.post(url, {"username": "root", "password": PASSWORD}).status_code == 429


COUNTER = """
import sys, threading, time
from accord.cli import setup_django
setup_django()
from django.db import connection
from accord.web import ratelimit

n, start = int(sys.argv[1]), float(sys.argv[2])
allowed = []
gate = threading.Barrier(n)

def work():
    try:
        gate.wait()
        allowed.append(ratelimit.hit("login:user:root", 5, 300))
    finally:
        connection.close()

time.sleep(max(0.0, start - time.time()))
threads = [threading.Thread(target=work) for _ in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sum(allowed))
"""


@pytest.mark.django_db(transaction=True)
def test_two_processes_racing_share_one_count(subprocess_env):
    """Twelve attempts at once from two processes on the database cache: exactly five get through."""
    migrate = subprocess.run(
        [sys.executable, "-m", "accord", "manage", "migrate", "-v0"],
        env=subprocess_env,
        capture_output=True,
        text=True,
    )
    assert migrate.returncode == 0, migrate.stderr
    start = str(time.time() + 3)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", COUNTER, "6", start],
            env=subprocess_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    counts = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        counts.append(int(out.strip()))
    assert sum(counts) == 5, counts

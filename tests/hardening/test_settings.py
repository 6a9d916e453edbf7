"""Settings refuse an unsafe production start in one line, and DEBUG is off unless asked for."""

import subprocess
import sys

SHOW = "from django.conf import settings; print(settings.DEBUG)"


def _django(env, code):
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env | {"DJANGO_SETTINGS_MODULE": "accord.settings"},
        capture_output=True,
        text=True,
    )


def test_production_without_a_secret_key_refuses_to_start_in_one_line(subprocess_env):
    r = subprocess.run(
        [sys.executable, "-m", "accord", "audit", "verify"],
        env=subprocess_env | {"ACCORD_ENV": "production"},
        capture_output=True,
        text=True,
    )
    assert r.returncode != 0
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured:") and "ACCORD_SECRET_KEY" in last
    assert "KeyError" not in r.stderr


def test_production_with_a_secret_key_starts(subprocess_env):
    env = subprocess_env | {"ACCORD_ENV": "production", "ACCORD_SECRET_KEY": "k" * 50}
    r = _django(env, SHOW)
    assert r.returncode == 0 and r.stdout.strip() == "False", r.stderr


def test_debug_is_off_unless_asked_for(subprocess_env):
    assert _django(subprocess_env, SHOW).stdout.strip() == "False"
    assert _django(subprocess_env | {"ACCORD_DEBUG": "1"}, SHOW).stdout.strip() == "True"
    assert _django(subprocess_env | {"ACCORD_DEBUG": "yes"}, SHOW).stdout.strip() == "False"


BOOM = """
import django, sys
django.setup()
from django.conf import settings
from django.test import Client
from django.urls import path

def boom(request):
    raise ZeroDivisionError("secret detail")

urlpatterns = [path("boom/", boom)]
settings.ROOT_URLCONF = sys.modules[__name__]
r = Client(raise_request_exception=False).get("/boom/")
print(r.status_code, "secret detail" in r.content.decode())
"""


def test_a_crash_shows_no_traceback_and_logs_one(subprocess_env):
    """Run as the demo runs (no ACCORD_DEBUG): the page says nothing of the error; the log has it all."""
    r = subprocess.run(
        [sys.executable, "-c", BOOM],
        env=subprocess_env | {"DJANGO_SETTINGS_MODULE": "accord.settings"},
        capture_output=True,
        text=True,
    )
    assert r.stdout.split() == ["500", "False"], r.stderr
    assert "Traceback" in r.stderr and "ZeroDivisionError: secret detail" in r.stderr

"""Benchmark: server time of every page reachable on the demo data, for several roles.

Usage: .venv/bin/python bench/crawl.py [--runs N] [--quick]

Loads the demo into a throwaway embedded database, finds the pages as the crawler test does
(tests/web/test_crawl.py: the menus, then the links on those pages, one step further, at most 45 pages a
role), and times `--runs` GETs of each through the full middleware stack with Django's test client (after
one untimed GET that warms templates and caches). Writes bench/results/crawl.json: every page's median and
p95 by role, its query count, and the five slowest.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("ACCORD_DATA_DIR", tempfile.mkdtemp(prefix="accord-crawl-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "accord.settings"
# The demo sends notices: kept in memory, not printed.
os.environ.setdefault("ACCORD_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, for tests.web

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from served import served  # noqa: E402  (the server's collector settings too)

RESULTS = Path(__file__).parent / "results" / "crawl.json"
ROLES = ["secretariat", "kz-head", "in-delegate", "investor", None]  # None: not signed in


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="5 runs a page, three roles")
    args = parser.parse_args()
    runs = 5 if args.quick else args.runs
    roles = ROLES[:2] + [None] if args.quick else ROLES
    from tests.web.test_crawl import _crawl

    from accord.demo import load_demo

    call_command("migrate", verbosity=0)
    logins = load_demo()
    client = Client(raise_request_exception=False)
    pages = []
    for role in roles:
        client.logout()
        if role:
            assert client.login(username=role, password=logins.password), role
        home = client.get("/sco/", HTTP_ACCEPT_LANGUAGE="en")
        menu = re.findall(r'<nav class="mainnav".*?</nav>', home.content.decode(), re.S)[0]
        start = ["/sco/", *re.findall(r'href="(/[^"]+)"', menu)]
        for url in _crawl(client, start):
            first = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            if first.status_code != 200:
                continue
            times = []
            for _ in range(runs):
                times.append(served(client, url, HTTP_ACCEPT_LANGUAGE="en")[1])
            with CaptureQueriesContext(connection) as queries:
                client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            pages.append(
                {
                    "role": role or "anonymous",
                    "url": url,
                    "median_ms": round(statistics.median(times), 2),
                    "p95_ms": round(p95(times), 2),
                    "queries": len(queries),
                    "bytes": len(first.content),
                }
            )
    slowest = sorted(pages, key=lambda p: -p["p95_ms"])[:5]
    over = [p for p in pages if p["p95_ms"] >= 150]
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "crawl",
                "database": connection.vendor,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "runs": runs,
                "pages_timed": len(pages),
                "over_150_ms": len(over),
                "slowest": slowest,
                "pages": pages,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"crawl: {len(pages)} pages x {runs} runs ({connection.vendor}); {len(over)} with p95 >= 150 ms")
    for p in slowest:
        print(
            f"  {p['p95_ms']:>8} ms p95 {p['median_ms']:>8} median {p['queries']:>4} q  {p['role']:<12}",
            p["url"],
        )
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

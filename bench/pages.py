"""Benchmark: server time of the consensus map page at 300 provisions x 10 members, beside a bare Django view.

Usage: .venv/bin/python bench/pages.py [--runs N] [--provisions P]

Builds a throwaway embedded database (setup rows are bulk-inserted: the bench measures reads, not the
actions), signs in a head of delegation, and times GET of the map page and of its htmx fragment through
the full middleware stack with Django's test client, beside a bare view returning a short HttpResponse
through the same stack. Prints a table and writes bench/results/pages.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("ACCORD_DATA_DIR", tempfile.mkdtemp(prefix="accord-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "accord.settings"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "pages.json"


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bare/", bare), path("", include("accord.urls"))]


def build(provisions: int):
    from django.core.management import call_command

    from accord.base import clock
    from accord.negotiations import actions
    from accord.negotiations.models import Option, OptionVersion, Provision, Stance
    from accord.orgs.actions import add_affiliation, create_person, load_reference
    from accord.orgs.models import Organisation, State, Status

    call_command("migrate", verbosity=0)
    load_reference("sco")
    org = Organisation.objects.get(code="sco")
    person = create_person(None, username="in-head", password="bench-pw-123", check_password=False)
    add_affiliation(
        None,
        person,
        org,
        kind="delegation",
        role="head",
        state=State.objects.get(code="IN"),
        start=clock.today().replace(year=2001),
    )
    draft = actions.open_negotiation(None, actions.create_draft(None, org, body="CHS", title="Bench"))
    now = clock.now()
    Provision.objects.bulk_create(
        [
            Provision(draft=draft, kind="PP" if i < provisions // 5 else "OP", number=i + 1)
            for i in range(provisions)
        ]
    )
    provs = list(Provision.objects.filter(draft=draft))
    Option.objects.bulk_create(
        [
            Option(provision=p, letter=letter, text=f"{p.label} option {letter} " * 4)
            for p in provs
            for letter in "ABC"
        ]
    )
    options = list(Option.objects.filter(provision__draft=draft).select_related("provision"))
    OptionVersion.objects.bulk_create(
        [OptionVersion(option=o, round=1, text=o.text, at=now) for o in options]
    )
    members = sorted(
        Status.objects.filter(Status.on(clock.today()), organisation=org, kind="member").values_list(
            "state__code", flat=True
        )
    )
    states = {s.code: s for s in State.objects.filter(code__in=members)}
    kinds = ["support", "accept", "dissociate", "reserve", "object", "accept", "support"]
    stances = []
    for i, o in enumerate(o for o in options if o.letter in "AB"):
        for j, m in enumerate(members):
            kind = kinds[(i * 7 + j * 3) % len(kinds)]
            unless = (
                [{"provision": provs[(i + 1) % len(provs)].label, "option": "A"}] if (i + j) % 11 == 0 else []
            )
            stances.append(Stance(draft=draft, option=o, state=states[m], kind=kind, unless=unless, at=now))
    Stance.objects.bulk_create(stances)
    return person, draft, len(members), len(stances)


def timed(
    client: Client, url: str, runs: int, headers: dict[str, str] | None = None
) -> tuple[list[float], int]:
    expected = client.get(url, headers=headers).status_code  # also warms templates and caches
    assert expected in (200, 304), (url, expected)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == expected, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, headers=headers)
    return times, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--provisions", type=int, default=300)
    args = parser.parse_args()
    with override_settings(ROOT_URLCONF=sys.modules[__name__], ALLOWED_HOSTS=["*"]):
        person, draft, members, n_stances = build(args.provisions)
        client = Client()
        client.force_login(person)
        rows = []
        fragment = f"/sco/negotiations/drafts/{draft.pk}/map/"
        # The poll sends back the ETag it was given: while nothing changed the answer is an empty 304.
        unchanged = {"If-None-Match": client.get(fragment)["ETag"], "HX-Request": "true"}
        for name, url, headers in [
            ("bare Django view (baseline)", "/bare/", None),
            ("consensus map page", f"/sco/negotiations/drafts/{draft.pk}/", None),
            ("consensus map fragment (htmx poll)", fragment, None),
            ("map poll, nothing changed (304)", fragment, unchanged),
        ]:
            times, queries = timed(client, url, args.runs, headers)
            rows.append(
                {
                    "page": name,
                    "url": url,
                    "median_ms": round(statistics.median(times), 2),
                    "min_ms": round(min(times), 2),
                    "max_ms": round(max(times), 2),
                    "queries": queries,
                }
            )
    base = rows[0]["median_ms"]
    for r in rows:
        r["ratio_to_bare"] = round(r["median_ms"] / base, 1) if base else None
    print(
        f"consensus map: {args.provisions} provisions x 3 options, {members} members, {n_stances} stances, "
        f"{args.runs} runs, {connection.vendor}"
    )
    print(f"{'page':<38}{'median ms':>11}{'min':>9}{'max':>9}{'queries':>9}{'x bare':>9}")
    for r in rows:
        print(
            f"{r['page']:<38}{r['median_ms']:>11}{r['min_ms']:>9}{r['max_ms']:>9}{r['queries']:>9}"
            f"{r['ratio_to_bare']:>9}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "pages",
                "provisions": args.provisions,
                "members": members,
                "stances": n_stances,
                "runs": args.runs,
                "database": connection.vendor,
                "python": platform.python_version(),
                "machine": platform.machine(),
                "rows": rows,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

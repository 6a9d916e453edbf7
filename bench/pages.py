"""Benchmark: server time of the consensus map (page, poll and API) beside a bare Django view.

Usage: .venv/bin/python bench/pages.py [--runs N] [--sizes 300x10,1000x40] [--quick]
(DATABASE_URL=postgresql://... to measure on PostgreSQL; the embedded SQLite otherwise)

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
import subprocess
import sys
import tempfile
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
from served import served  # noqa: E402  (the server's collector settings too)

RESULTS = Path(__file__).parent / "results" / "pages-sqlite.json"


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bare/", bare), path("", include("accord.urls"))]


def build(provisions: int, extra_members: int = 0):
    from django.core.management import call_command

    from accord.base import clock
    from accord.negotiations import actions
    from accord.negotiations.models import Option, OptionVersion, Provision, Stance
    from accord.orgs.actions import add_affiliation, create_person, load_reference
    from accord.orgs.models import Organisation, State, Status

    call_command("migrate", verbosity=0)
    load_reference("sco")
    org = Organisation.objects.get(code="sco")
    # Larger organisations than the SCO: members added for the bench, with the codes ISO 3166 leaves to
    # users (XA-XZ, then QM-QZ), two letters as the column allows.
    spare = [f"X{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] + [f"Q{c}" for c in "MNOPQRSTUVWXYZ"]
    for i in range(extra_members):
        state, _ = State.objects.get_or_create(code=spare[i], defaults={"name_en": f"Member {i}"})
        Status.objects.get_or_create(
            organisation=org, state=state, kind="member", defaults={"start": clock.today().replace(year=2001)}
        )
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
    if connection.vendor == "postgresql":
        # Statistics for the bulk-inserted rows, as autovacuum would gather within a minute: without them
        # the planner takes the 3,000 options for a handful and joins them by a nested loop.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return person, draft, len(members), len(stances)


def timed(
    client: Client, url: str, runs: int, headers: dict[str, str] | None = None, before=None
) -> tuple[list[float], int]:
    """Times of `runs` GETs; `before()` (untimed) runs ahead of each, e.g. a change that invalidates."""
    expected = client.get(url, headers=headers).status_code  # also warms templates and caches
    assert expected in (200, 304), (url, expected)
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        response, ms = served(client, url, headers=headers)
        times.append(ms)
        assert response.status_code == expected, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, headers=headers)
    return times, len(queries)


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(provisions: int, members_extra: int, runs: int) -> dict:
    from django.db.models import F

    from accord.negotiations import actions
    from accord.negotiations.models import Draft

    with override_settings(ROOT_URLCONF=sys.modules[__name__], ALLOWED_HOSTS=["*"]):
        person, draft, members, n_stances = build(provisions, members_extra)
        client = Client()
        client.force_login(person)

        labels = [p.label for p in draft.provisions.order_by("id")]
        kinds = ["object", "support", "reserve", "accept", "dissociate"]
        writes = iter(range(10**9))

        def changed():
            # A delegation changes its stance (through the action, untimed): the draft's version moves on
            # by one stance change, which the cached map absorbs without reading the rest again.
            i = next(writes)
            given = actions.StanceInput(
                provision=labels[(i * 7) % len(labels)], option="A", stance=kinds[i % 5]
            )
            actions.set_stance(None, draft, "RU", given)

        def other_change():
            # A change the map does not show (a silence opened, the draft's state): the version moves on,
            # the text is read again and found the same.
            Draft.objects.filter(pk=draft.pk).update(version=F("version") + 1)

        from accord.negotiations.models import Option

        edited = Option.objects.filter(provision__draft=draft, letter="C").order_by("id")

        def text_edited():
            # The Secretariat rewords one option (through the action, untimed): the text is read again,
            # the stances are not, and only that provision's rows are made again.
            i = next(writes)
            actions.edit_option(None, edited[i % 50], f"Reworded option, edit {i}")

        page = f"/sco/negotiations/drafts/{draft.pk}/"
        fragment = f"{page}map/"
        api = f"/api/orgs/sco/drafts/{draft.pk}/map"
        # The poll sends back the ETag it was given: while nothing changed the answer is an empty 304.
        unchanged = {"If-None-Match": client.get(fragment)["ETag"], "HX-Request": "true"}
        rows = []
        for name, url, headers, before in [
            ("bare Django view (baseline)", "/bare/", None, None),
            ("map page", page, None, None),
            ("map page after a stance change", page, None, changed),
            ("map page after another change", page, None, other_change),
            ("map page after a text edit", page, None, text_edited),
            ("map fragment (htmx poll)", fragment, None, None),
            ("map fragment after a stance change", fragment, None, changed),
            ("map API", api, None, None),
            ("map API after a stance change", api, None, changed),
            ("map API after another change", api, None, other_change),
            ("map API after a text edit", api, None, text_edited),
            ("map poll, nothing changed (304)", fragment, unchanged, None),
        ]:
            times, queries = timed(client, url, runs, headers, before)
            rows.append(
                {
                    "page": name,
                    "url": url,
                    "median_ms": round(statistics.median(times), 2),
                    "p95_ms": round(p95(times), 2),
                    "max_ms": round(max(times), 2),
                    "queries": queries,
                }
            )
    base = rows[0]["median_ms"]
    for r in rows:
        r["ratio_to_bare"] = round(r["median_ms"] / base, 1) if base else None
    return {
        "provisions": provisions,
        "members": members,
        "stances": n_stances,
        "runs": runs,
        "database": connection.vendor,
        "rows": rows,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--sizes", default="300x10,1000x40", help="provisions x members, comma-separated")
    parser.add_argument("--quick", action="store_true", help="300 x 10 only, 10 runs")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # one size, in a fresh process and database
    args = parser.parse_args()
    if args.one:
        provisions, members = (int(x) for x in args.one.split("x"))
        print(json.dumps(measure(provisions, max(0, members - 10), args.runs)))
        return 0
    sizes = ["300x10"] if args.quick else args.sizes.split(",")
    runs = 10 if args.quick else args.runs
    results = []
    for size in sizes:
        env = {**os.environ, "ACCORD_DATA_DIR": tempfile.mkdtemp(prefix="accord-bench-")}
        if env.get("DATABASE_URL"):
            env["DATABASE_URL"] = _fresh_postgres(env["DATABASE_URL"], size)
        out = subprocess.run(
            [sys.executable, __file__, "--one", size, "--runs", str(runs)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        results.append(result)
        print(
            f"consensus map: {result['provisions']} provisions x 3 options, {result['members']} members, "
            f"{result['stances']} stances, {runs} runs, {result['database']}"
        )
        print(f"{'request':<38}{'median ms':>11}{'p95':>9}{'max':>9}{'queries':>9}{'x bare':>9}")
        for r in result["rows"]:
            print(
                f"{r['page']:<38}{r['median_ms']:>11}{r['p95_ms']:>9}{r['max_ms']:>9}{r['queries']:>9}"
                f"{r['ratio_to_bare']:>9}"
            )
    vendor = results[0]["database"]
    target = RESULTS.with_name(f"pages-{vendor}.json")
    target.write_text(
        json.dumps(
            {
                "benchmark": "pages",
                "python": platform.python_version(),
                "machine": platform.machine(),
                "cpus": os.cpu_count(),
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "sizes": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {target}")
    return 0


def _fresh_postgres(url: str, size: str) -> str:
    """A database of its own for one size, created (and emptied) on the server DATABASE_URL names."""
    import psycopg

    base, _, _name = url.rpartition("/")
    name = f"accord_bench_{size}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


if __name__ == "__main__":
    sys.exit(main())

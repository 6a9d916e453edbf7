"""On PostgreSQL the same inputs were a 500 at write time (numeric overflow, NUL in a string, a unique
violation between two concurrent creates): each is now a 4xx naming the field, with nothing written."""

import threading

import pytest
from django.db import connection
from django.test import Client

from accord.audit.models import AuditEvent
from accord.projects.models import Project

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROJECT = {
    "code": "kz-twin",
    "title": "Corridor",
    "description": "Illustrative.",
    "sector": "transport",
    "countries": ["KZ"],
    "lead_state": "KZ",
    "cost": "1000",
    "currency": "USD",
    "start": "2025-01-01",
    "end": "2026-01-01",
}


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


@pytest.mark.parametrize("cost", ["99999999999999999999999", "1e30"])
def test_cost_overflow_is_422(sco, people, login, cost):
    body = (
        '{"code": "kz-big", "title": "T", "description": "D", "sector": "transport", "countries": ["KZ"], '
        f'"lead_state": "KZ", "cost": {cost}, "currency": "USD", "start": "2025-01-01", "end": "2026-01-01"}}'
    )
    r = login(people["kz_delegate"]).post("/api/orgs/sco/projects", body, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "cost"
    assert not Project.objects.exists() and not AuditEvent.objects.filter(action="project.propose").exists()


def test_nul_in_text_path_query_and_form(sco, people, login):
    client = login(people["kz_delegate"])
    r = client.post("/api/orgs/sco/projects", {**PROJECT, "title": "a\x00b"}, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "title"
    assert client.get("/sco/projects/p/a\x00b/").status_code == 400
    assert client.get("/api/orgs/sco/projects/a%00b").status_code == 400
    assert client.get("/sco/projects/", {"stage": "\x00"}).status_code == 400
    assert client.post("/sco/projects/propose/", {"title": "a\x00b"}).status_code == 400
    assert not Project.objects.exists()


def test_twenty_concurrent_creates_of_one_code_give_one_201_and_422s(sco, people):
    person = people["kz_delegate"]
    statuses, errors = [], []
    start = threading.Barrier(20)

    def create():
        try:
            client = Client()
            client.force_login(person)
            start.wait()
            r = client.post("/api/orgs/sco/projects", PROJECT, content_type="application/json")
            statuses.append((r.status_code, r.json()))
        except Exception as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    codes = sorted(s for s, _ in statuses)
    assert codes == [201] + [422] * 19, codes
    assert all(body["detail"][0]["field"] == "code" for s, body in statuses if s == 422)
    assert Project.objects.filter(code="kz-twin").count() == 1
    assert AuditEvent.objects.filter(action="project.propose").count() == 1

"""The load benchmark's bare write view is off unless the benchmark's environment turns it on."""

import pytest
from django.test import RequestFactory

from accord.web import benchwrite

pytestmark = pytest.mark.django_db


def test_not_mounted_by_default(client, monkeypatch):
    monkeypatch.delenv(benchwrite.ENV, raising=False)
    assert not benchwrite.enabled()
    assert client.post("/bench/bare-write/").status_code == 404


def test_the_view_refuses_when_off_and_inserts_when_on(monkeypatch):
    from django.db import connection
    from django.http import Http404

    request = RequestFactory().post("/bench/bare-write/", {"x": "y"})
    monkeypatch.delenv(benchwrite.ENV, raising=False)
    with pytest.raises(Http404):
        benchwrite.bare_write(request)
    monkeypatch.setenv(benchwrite.ENV, "1")
    monkeypatch.setattr(benchwrite, "_made", False)
    assert benchwrite.bare_write(request).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM accord_bench_write")
        assert cursor.fetchone()[0] == 1

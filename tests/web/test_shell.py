"""The shell: error pages in the site's frame and the reader's language, menus without dead ends, the API
docs without a CDN, the demo clock's badge."""

import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from freezegun import freeze_time

from accord.base import clock


def _shell(html: str) -> bool:
    return 'class="topbar"' in html and 'class="mainnav"' in html and "</footer>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "title"), [("en", "There is no such page"), ("ru", "Такой страницы нет"), ("zh-hans", "没有这个页面")]
)
def test_404_in_the_shell_and_the_readers_language(sco, client, settings, lang, title):
    settings.DEBUG = False
    for url in ("/sco/meetings/sessions/999999/", "/no-such-org/", "/sco/nowhere/"):
        r = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        html = r.content.decode()
        assert r.status_code == 404 and _shell(html) and title in html, url
        assert 'href="/sco/"' in html  # a way back


@pytest.mark.django_db
def test_403_in_the_shell_with_a_way_back(sco, people, login, settings):
    settings.DEBUG = False
    r = login(people["kz_delegate"]).get("/sco/dashboard/", HTTP_ACCEPT_LANGUAGE="ru")
    html = r.content.decode()
    assert r.status_code == 403 and _shell(html)
    assert "Вам недоступна эта страница" in html and 'href="/sco/"' in html


@pytest.mark.django_db
def test_500_in_the_shell(sco, monkeypatch, settings):
    settings.DEBUG = False
    from accord.meetings import queries

    def boom(*a, **k):
        raise RuntimeError("a fault")

    monkeypatch.setattr(queries, "session_detail", boom)
    client = Client(raise_request_exception=False)
    r = client.get("/sco/meetings/sessions/1/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = r.content.decode()
    assert r.status_code == 500 and _shell(html) and "出了问题" in html and "a fault" not in html


@pytest.mark.django_db
@freeze_time("2024-03-01 09:00:00")  # Kazakhstan chairs
@pytest.mark.parametrize(("who", "sees"), [("secretariat", True), ("kz_head", True), ("kz_delegate", False),
                                           ("in_head", False), ("investor", False), (None, False)])
def test_chairs_dashboard_only_in_the_menu_of_those_who_may_open_it(sco, people, client, who, sees):
    if who:
        client.force_login(people[who])
    html = client.get("/sco/meetings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    nav = html.split('class="mainnav"', 1)[1].split("</nav>", 1)[0]
    assert ("/sco/dashboard/" in nav) is sees
    assert client.get("/sco/dashboard/").status_code in ((200,) if sees else (302, 403))


@pytest.mark.django_db
def test_api_docs_reference_only_local_urls(client):
    r = client.get("/api/docs")
    html = r.content.decode()
    assert r.status_code == 200 and "swagger-ui" in html
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs and all(ref.startswith("/") and not ref.startswith("//") for ref in refs), refs
    assert "cdn" not in html.lower()
    for ref in refs:  # and each is served here
        assert client.get(ref).status_code == 200, ref


@pytest.mark.django_db
def test_demo_clock_badge_on_every_page_while_it_runs(sco, client, monkeypatch):
    assert "Demo clock" not in client.get("/sco/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    monkeypatch.setattr(clock, "_CLOCK_START", datetime(2024, 6, 1, 9, 0, tzinfo=UTC))
    for url in ("/sco/", "/sco/meetings/", "/accounts/login/"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Demo clock" in html and "(UTC)" in html, url

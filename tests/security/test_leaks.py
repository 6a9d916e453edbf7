"""The public never sees what is not published: the funding gap counts published projects only, and a
session's agenda names a draft only to those who may open it."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from accord.meetings import actions as meeting_actions
from accord.negotiations import actions as negotiation_actions

pytestmark = pytest.mark.django_db

OUTSIDERS = (None, "public", "investor")


def as_(who, people, login):
    return login(people[who]) if who else Client()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_public_funding_gap_counts_published_projects_only(sco, people, login, finance, who):
    gap = as_(who, people, login).get("/api/orgs/sco/funding-gap").json()
    # kz-rail and kz-road are published (120M each); kz-secret is endorsed but not published.
    assert Decimal(gap["total_cost"]) == Decimal("240000000.00")


def test_insiders_funding_gap_counts_the_whole_pipeline(sco, people, login, finance):
    gap = login(people["secretariat"]).get("/api/orgs/sco/funding-gap").json()
    assert Decimal(gap["total_cost"]) == Decimal("360000000.00")


@pytest.mark.parametrize("who", OUTSIDERS)
def test_unpublished_projects_appear_on_no_public_page(sco, people, login, finance, who):
    c = as_(who, people, login)
    for url in (
        "/sco/projects/",
        "/sco/projects/projects.csv",
        "/sco/projects/budgets.csv",
        "/sco/projects/dashboard/",
        "/api/orgs/sco/projects",
        "/api/orgs/sco/funding-gap",
    ):
        r = c.get(url)
        assert r.status_code == 200 and b"kz-secret" not in r.content, url
    assert c.get("/sco/projects/p/kz-secret/").status_code == 404
    assert c.get("/api/orgs/sco/projects/kz-secret").status_code == 404


@pytest.fixture
def agenda(sco):
    restricted = negotiation_actions.create_draft(
        None, sco, body="CHS", title="Secret border protocol", kind="decision", restricted=True
    )
    working = negotiation_actions.create_draft(None, sco, body="CHS", title="Working declaration text")
    session = meeting_actions.create_session(None, sco, body="CHS", start=date(2030, 6, 1))
    meeting_actions.add_agenda_item(None, session, title="Border cooperation", draft=restricted)
    meeting_actions.add_agenda_item(None, session, title="Summit declaration", draft=working)
    return f"/sco/meetings/sessions/{session.pk}/"


@pytest.mark.parametrize("who", OUTSIDERS)
def test_session_page_hides_draft_titles_from_the_public(sco, people, login, agenda, who):
    page = as_(who, people, login).get(agenda)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Border cooperation" in text  # the agenda item itself is public
    assert "Secret border protocol" not in text and "Working declaration text" not in text
    assert "/negotiations/drafts/" not in text


def test_session_page_shows_draft_titles_to_those_who_may_open_them(sco, people, login, agenda):
    text = login(people["kz_delegate"]).get(agenda).content.decode()
    assert "Secret border protocol" in text and "Working declaration text" in text

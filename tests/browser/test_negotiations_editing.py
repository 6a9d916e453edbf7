"""Editing a draft in a real chromium: the Secretariat rewords, adds and refuses bad input in place (htmx),
opens a round and compares; the consensus map's poll is answered 304 until a stance moves; the stance
history shows the move."""

from datetime import date

import pytest

from accord.negotiations import actions
from accord.negotiations.models import Option
from accord.orgs.actions import add_affiliation, create_person
from accord.orgs.models import State
from accord.orgs.queries import actor_for
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PW = "accord-test-pw"


@pytest.fixture
def sign_in(live_server):
    def do(page, username):
        page.goto(f"{live_server.url}/accounts/login/?next=/sco/negotiations/")
        page.fill("#id_username", username)
        page.fill("#id_password", PW)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    return do


def _person(sco, username, kind, role, state=None):
    p = create_person(None, username=username, password=PW, check_password=False)
    st = State.objects.get(code=state) if state else None
    add_affiliation(None, p, sco, kind=kind, role=role, state=st, start=date(2001, 1, 1))
    return p


def _draft(sco):
    draft = actions.create_draft(None, sco, body="CHS", title="Editing declaration", kind="declaration")
    actions.add_provision(
        None, draft, kind="PP", options=[{"text": "Recalling the Charter", "proposed_by": "KZ"}]
    )
    actions.add_provision(
        None,
        draft,
        kind="OP",
        options=[
            {"text": "The member states agree to cooperate.", "proposed_by": "RU"},
            {"text": "The member states will consider cooperating.", "proposed_by": "IN"},
            {"delete": True, "proposed_by": "PK"},
        ],
    )
    return actions.open_negotiation(None, draft)


def test_secretariat_edits_the_text_in_place(page, sign_in, sco, live_server):
    _person(sco, "sec", "secretariat", "staff")
    draft = _draft(sco)
    sign_in(page, "sec")
    page.goto(f"{live_server.url}/sco/negotiations/drafts/{draft.pk}/")
    page.click("#edit-text")
    page.wait_for_selector("#provision-OP1")
    url = page.url

    page.fill("#text-OP1-A", "The member states agree to cooperate closely.")
    page.click('#provision-OP1 [data-option="OP1 A"] button[type=submit]')
    page.wait_for_selector("#provision-OP1 .notice")
    assert page.inner_text("#provision-OP1 .notice") == "Wording saved."
    assert page.url == url  # swapped in place, no reload

    page.fill("#provision-OP1 .add-option textarea", "The member states welcome cooperation.")
    page.select_option("#provision-OP1 .add-option select", "KZ")
    page.click("#provision-OP1 .add-option button")
    page.wait_for_selector('#provision-OP1 [data-option="OP1 D"]')
    assert "proposed by KZ" in page.inner_text('#provision-OP1 [data-option="OP1 D"]')

    page.fill("#text-OP1-B", "   ")  # passes the browser's `required`, refused by the action
    page.click('#provision-OP1 [data-option="OP1 B"] button[type=submit]')
    page.wait_for_selector('#provision-OP1 [data-option="OP1 B"] .error')
    assert "is required" in page.inner_text('#provision-OP1 [data-option="OP1 B"] .error')
    assert Option.objects.get(provision__draft=draft, letter="B").text.startswith("The member states will")
    shot(page, "negotiations-editor")

    page.click("#new-round button")
    page.wait_for_selector(".messages li.success")
    assert "Round 2 opened." in page.inner_text(".messages")
    page.fill("#text-OP1-A", "The member states agree to cooperate closely and regularly.")
    page.click('#provision-OP1 [data-option="OP1 A"] button[type=submit]')
    page.wait_for_selector("#provision-OP1 .notice")

    page.goto(f"{live_server.url}/sco/negotiations/drafts/{draft.pk}/compare/?a=1&b=2")
    body = page.inner_text("main")
    shot(page, "negotiations-compare-rounds")
    assert "cooperate closely." in body and "cooperate closely and regularly." in body


def test_map_poll_is_304_until_a_stance_moves(page, sign_in, sco, live_server):
    delegate = _person(sco, "in-delegate", "delegation", "delegate", "IN")
    draft = _draft(sco)
    polls = []
    page.on(
        "response",
        lambda r: polls.append(r.status) if f"/drafts/{draft.pk}/map/" in r.url else None,
    )
    sign_in(page, "in-delegate")
    page.goto(f"{live_server.url}/sco/negotiations/drafts/{draft.pk}/")
    page.wait_for_timeout(7000)
    assert len(polls) >= 2 and set(polls) == {304}, polls
    assert page.locator("#map td.cell").count() == 2 * 10  # the grid stays after each 304
    page.evaluate("document.getElementById('texts').dataset.seen = 'before the change'")

    actions.set_stance(
        actor_for(delegate, sco),
        draft,
        "IN",
        actions.StanceInput("OP1", "A", "reserve", "Awaiting instructions", (("PP1", "A"),)),
    )
    actions.set_stance(
        actor_for(delegate, sco), draft, "IN", actions.StanceInput("OP1", "A", "object", "Too binding")
    )
    page.wait_for_selector('#map td.cell.object[data-state="IN"][data-provision="OP1"]', timeout=10000)
    changed_at = len(polls)
    assert 200 in polls
    # The poll that brought the change brought the texts too (swapped out of band: the mark is gone).
    assert page.locator("#texts").count() == 1 and page.get_attribute("#texts", "data-seen") is None
    page.evaluate("document.getElementById('texts').dataset.seen = 'after the change'")
    page.wait_for_timeout(4000)
    assert polls[changed_at:] and set(polls[changed_at:]) == {304}, polls  # polls with the new tag
    assert page.get_attribute("#texts", "data-seen") == "after the change"  # a 304 swaps nothing
    shot(page, "negotiations-map-polling")

    page.goto(f"{live_server.url}/sco/negotiations/drafts/{draft.pk}/history/?provision=OP1")
    history = page.inner_text("#history-OP1-A-IN")
    shot(page, "negotiations-stance-history")
    assert "Awaiting instructions" in history and "Too binding" in history and "unless PP1 A" in history

    draft = actions.new_round(None, draft)
    actions.set_stance(
        actor_for(delegate, sco),
        draft,
        "IN",
        actions.StanceInput("OP1", "A", "accept", "Instructions received"),
    )
    page.goto(f"{live_server.url}/sco/negotiations/drafts/{draft.pk}/compare/?a=1&b=2")
    moved = page.inner_text('tr[data-move="OP1 A IN"]')
    shot(page, "negotiations-compare-stances")
    assert "object" in moved and "accept" in moved and "Instructions received" in moved

"""Issue 11's negotiation journeys in a real chromium, driven only through pages (the worker's settling,
as in the other tests, is the one step no page takes): 1 the Secretariat creates a draft; 2 three
delegations state stances, one objects "unless", one tables an amendment; 3 the chair finds the package,
makes it the chair's proposal and opens silence; 4 a delegation breaks it, and a second proposal passes at
its deadline; 5 the adopted decision's page and its Akoma Ntoso download."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from accord.base import clock
from accord.negotiations import actions
from accord.negotiations.models import ChairProposal, Draft, Option, SilenceProcedure
from accord.orgs.actions import add_affiliation, create_person
from accord.orgs.models import State
from accord.orgs.queries import Rotations
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PW = "accord-test-pw"
ZONE = "Asia/Almaty"


def _person(sco, username, kind, role, state=None):
    p = create_person(None, username=username, password=PW, check_password=False)
    st = State.objects.get(code=state) if state else None
    add_affiliation(None, p, sco, kind=kind, role=role, state=st, start=date(2001, 1, 1))
    return p


def _sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next=/sco/negotiations/")
    page.fill("#id_username", username)
    page.fill("#id_password", PW)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _stance(page, choice, kind, reason="", unless=""):
    page.select_option("#choice", choice)
    page.select_option("#stance-form select[name=stance]", kind)
    page.fill("#stance-form input[name=reason]", reason)
    page.fill("#stance-form input[name=unless]", unless)
    page.click("#stance-form button[type=submit]")


def _translate_and_verify(page, base, draft):
    """The language service (the Secretariat) writes every missing Russian and Chinese version on the
    side-by-side page and marks each verified: silence adopts at its deadline, so it opens only on a text
    whose official-language versions are verified (issue 13)."""
    _sign_in(page, base, "sec")
    page.goto(f"{base}/sco/negotiations/drafts/{draft.pk}/")
    page.click("#languages-link")
    page.wait_for_selector("#side-by-side")
    words = {"ru": "Текст, написанный для демонстрации", "zh": "为演示而写的文本"}
    for _ in range(40):
        missing = page.locator("td.status-missing")
        if missing.count() == 0:
            break
        cell = missing.first
        lang = cell.get_attribute("lang")
        cell.locator("details summary").click()
        cell.locator("textarea[name=text]").fill(words[lang])
        cell.locator("form button[type=submit]:has-text('Save')").click()
        page.wait_for_load_state()
    for _ in range(40):
        if page.locator("button.verify").count() == 0:
            break
        page.locator("button.verify").first.click()
        page.wait_for_load_state()
    assert page.locator("td.status-missing").count() == 0 and page.locator("button.verify").count() == 0
    shot(page, "journey-3-languages-verified")


def _open_silence_on_latest(page, base, draft, deadline_local):
    page.goto(f"{base}/sco/negotiations/drafts/{draft.pk}/package/")
    page.click("#find-package")
    page.wait_for_selector("#make-proposal")
    page.click("#make-proposal button[type=submit]")
    page.wait_for_selector("#proposal-text")
    page.fill("#id_deadline", deadline_local.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_timezone", ZONE)


def test_negotiation_from_draft_to_adoption(page, new_page, sco, live_server):
    base = live_server.url
    chair_state = Rotations.from_db(sco).chair_on("CHS", clock.today()).state.code
    states = [s for s in ("IN", "CN", "RU", "PK", "KZ") if s != chair_state][:3]
    _person(sco, "sec", "secretariat", "staff")
    _person(sco, "chair", "delegation", "head", chair_state)
    for s in states:
        _person(sco, f"{s.lower()}-head", "delegation", "head", s)
    objector, supporter, tabler = states

    # 1. The Secretariat creates a draft: a refused field first, then the draft, its text, the negotiation.
    _sign_in(page, base, "sec")
    page.click("#new-draft")
    page.fill("#id_title", "Declaration on water cooperation")
    page.select_option("#id_kind", "declaration")
    page.select_option("#id_body", "CHS")
    page.select_option("#id_decision_rule", "consensus_minus_one")
    page.click("#draft-form button[type=submit]")
    page.wait_for_selector("#id_state_concerned-error")
    assert page.input_value("#id_title") == "Declaration on water cooperation"  # typed input kept
    shot(page, "journey-1-new-draft-error")
    page.select_option("#id_decision_rule", "consensus")
    page.click("#draft-form button[type=submit]")
    page.wait_for_selector("#add-provision")
    draft = Draft.objects.get(title="Declaration on water cooperation")
    for kind, a, b in (
        ("PP", "Recalling the Charter of the Organisation,", "Guided by the Charter,"),
        (
            "OP",
            "The member states shall cooperate on transboundary water.",
            "The member states may cooperate.",
        ),
    ):
        page.select_option("#add-provision select[name=kind]", kind)
        page.fill("#add-provision textarea[name=text]", a)
        page.fill("#add-provision textarea[name=text_b]", b)
        page.click("#add-provision button[type=submit]")
        page.wait_for_load_state()
    shot(page, "journey-1-editor")
    page.goto(f"{base}/sco/negotiations/drafts/{draft.pk}/")
    page.click("text=Open negotiation")
    page.wait_for_load_state()
    draft.refresh_from_db()
    assert draft.state == "negotiation" and draft.provisions.count() == 2
    shot(page, "journey-1-draft-open")

    # 2. Three delegations: one objects "unless" (a bad condition first), one supports, one tables.
    _sign_in(page, base, f"{objector.lower()}-head")
    page.goto(f"{base}/sco/negotiations/drafts/{draft.pk}/")
    _stance(page, "OP1 A", "object", "Too binding", "OP9 Z")
    page.wait_for_selector("#id_unless-error")
    assert "OP9" in page.inner_text("#id_unless-error")
    assert page.input_value("#stance-form input[name=unless]") == "OP9 Z"
    shot(page, "journey-2-unless-error")
    _stance(page, "OP1 A", "object", "Too binding", "PP1 B")
    page.wait_for_selector(f'td.cell.object[data-state="{objector}"][data-provision="OP1"]')
    assert not page.locator("#id_unless-error").count()
    _sign_in(page, base, f"{supporter.lower()}-head")
    page.goto(f"{base}/sco/negotiations/drafts/{draft.pk}/")
    _stance(page, "OP1 B", "support", "Flexible")
    page.wait_for_selector(f'td.cell.support[data-state="{supporter}"][data-provision="OP1"]')
    _sign_in(page, base, f"{tabler.lower()}-head")
    page.goto(f"{base}/sco/negotiations/drafts/{draft.pk}/")
    page.click("#table-amendment")
    page.select_option("#id_at", "OP1")
    page.click("#table-form button[type=submit]")
    page.wait_for_selector("#id_text-error")
    page.fill("#id_text", "The member states will cooperate on transboundary water where they agree.")
    page.click("#table-form button[type=submit]")
    page.wait_for_selector("#text-OP1")
    assert f"tabled by {tabler}" in page.inner_text("#text-OP1")
    assert Option.objects.get(provision__draft=draft, letter="C", tabled=True).proposed_by.code == tabler
    page.fill("#comment-form textarea[name=text]", "We tabled C as a bridge.")
    page.fill("#comment-form input[name=provision]", "OP1")
    page.click("#comment-form button[type=submit]")
    page.wait_for_load_state()
    _sign_in(page, base, f"{objector.lower()}-head")
    page.goto(f"{base}/sco/negotiations/drafts/{draft.pk}/")
    page.click("#comments details.reply summary")
    page.fill("#comments details.reply textarea", "C could work for us.")
    page.click("#comments details.reply button[type=submit]")
    page.wait_for_selector("#comments .comment.depth-1")
    shot(page, "journey-2-stances-tabled-thread")

    # 3. The language service verifies the official-language versions; the chair: the package, the
    # chair's proposal, silence on exactly that text.
    _translate_and_verify(page, base, draft)
    _sign_in(page, base, "chair")
    now_local = datetime.now(ZoneInfo(ZONE))
    first_deadline = (now_local + timedelta(days=4)).replace(hour=18, minute=0, second=0, microsecond=0)
    _open_silence_on_latest(page, base, draft, first_deadline)
    shot(page, "journey-3-proposal")
    page.click("#proposal-silence button[type=submit]")
    page.wait_for_selector("#id_confirm-error")  # the final step asks for confirmation
    page.check("#id_confirm")
    page.click("#proposal-silence button[type=submit]")
    page.wait_for_selector("#silence-text")
    proposal = ChairProposal.objects.get(draft=draft, number=1)
    silence_text = page.inner_text("#silence-text")
    for row in proposal.clean:
        assert row["text"] in silence_text
    assert "[" not in silence_text
    assert "18:00 (Asia/Almaty)" in page.inner_text("#map-silence")
    assert page.locator("#map td.cell.blocking").count() == 0
    shot(page, "journey-3-under-silence")

    # 4. The objector breaks silence in writing at OP1; the worker settles it; back in negotiation.
    _sign_in(page, base, f"{objector.lower()}-head")
    page.goto(f"{base}/sco/negotiations/drafts/{draft.pk}/")
    page.select_option("#silence select[name=provision]", "OP1")
    page.fill("#silence textarea[name=text]", "We cannot accept OP1 as proposed.")
    page.click("#silence button[type=submit]")
    page.wait_for_load_state()
    assert "broke silence on OP1" in page.inner_text("#map")
    shot(page, "journey-4-broken")
    actions.settle_silences()
    _sign_in(page, base, "chair")
    page.goto(f"{base}/sco/negotiations/drafts/{draft.pk}/")
    assert "back in negotiation" in page.inner_text("#silence-returned")
    shot(page, "journey-4-returned")
    # The objector moves to the tabled bridge; a second proposal passes at its deadline.
    _sign_in(page, base, f"{objector.lower()}-head")
    page.goto(f"{base}/sco/negotiations/drafts/{draft.pk}/")
    _stance(page, "OP1 A", "accept")
    page.wait_for_selector(f'td.cell.accept[data-state="{objector}"][data-provision="OP1"]')
    _sign_in(page, base, "chair")
    second_deadline = first_deadline + timedelta(days=1)
    _open_silence_on_latest(page, base, draft, second_deadline)
    page.check("#id_confirm")
    page.click("#proposal-silence button[type=submit]")
    page.wait_for_selector("#silence-text")
    proc = SilenceProcedure.objects.get(draft=draft, proposal__number=2)
    with freeze_time(proc.deadline + timedelta(minutes=5), tick=True):
        actions.settle_silences()  # the worker, at the deadline
        # 5. The adopted decision's page and its Akoma Ntoso download.
        page.goto(f"{base}/sco/negotiations/drafts/{draft.pk}/")
        assert "adopted" in page.inner_text("#silence")
        page.click("#silence-adopted a")
        page.wait_for_load_state()
        body = page.inner_text("main")
        shot(page, "journey-5-adopted")
        page.goto(f"{base}/sco/negotiations/drafts/{draft.pk}/")
        href = page.get_attribute("a:has-text('Akoma Ntoso XML')", "href")
        # The link, followed with the page's own session (the file is a download, not a page).
        akn = page.request.get(f"{base}{href}")
        xml = akn.text()
    assert "silence procedure" in body and proposal.clean[0]["text"] in body
    assert akn.status == 200 and "<akomaNtoso" in xml


def test_journey_pages_in_russian(new_page, sco, live_server):
    """The new pages read in Russian: the new-draft form and a refusal beside its field."""
    _person(sco, "sec", "secretariat", "staff")
    page = new_page(locale="ru-RU")
    _sign_in(page, live_server.url, "sec")
    page.goto(f"{live_server.url}/sco/negotiations/drafts/new/")
    page.click("#draft-form button[type=submit]")
    page.wait_for_selector("#id_title-error")
    text = page.inner_text("main")
    assert "Новый проект" in text and "Название" in text
    shot(page, "journey-1-new-draft-ru")

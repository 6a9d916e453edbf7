"""The Secretariat prepares a session on the site alone: creates it (a wrong date first), builds the agenda
with a draft and a programme, reorders and removes an item, uploads a document, writes the outcome, and
downloads the session's .ics with the agenda in it."""

from datetime import UTC, datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format
from icalendar import Calendar

from accord.base import clock
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_prepares_a_session_with_agenda_and_ics(
    page, sign_in, live_server, sco, make_person, settings, tmp_path
):
    from accord.negotiations.models import Draft
    from accord.orgs.models import Body
    from accord.programmes import actions as programme_actions

    settings.MEDIA_ROOT = str(tmp_path / "media")
    make_person("sec", "secretariat", "staff")
    Draft.objects.create(organisation=sco, body=Body.objects.get(organisation=sco, code="CNC"),
                         title="Draft communiqué of the Council", created_at=datetime(2026, 11, 1, tzinfo=UTC))
    programme_actions.create_programme(None, sco, code="ct-2025-27", title_en="Counter-terrorism programme",
                                       start_year=2025, end_year=2027)
    sign_in(page, "sec")
    page.goto(f"{live_server.url}/sco/meetings/")
    page.get_by_role("link", name="New session").click()
    page.select_option("#id_body", "CNC")
    page.fill("#id_start", "2027-03-10")
    page.fill("#id_end", "2027-03-09")
    page.fill("#id_city_en", "Bishkek")
    page.fill("#id_venue", "Ala-Archa State Residence")
    page.get_by_role("button", name="Create session").click()
    page.wait_for_load_state()
    # refused beside the field, with its label, and what was typed is still there
    assert "Last day: The last day is before the first day." in page.inner_text("#id_end-error")
    assert page.input_value("#id_venue") == "Ala-Archa State Residence"
    shot(page, "meetings-1-session-form-error")
    page.fill("#id_end", "2027-03-11")
    page.get_by_role("button", name="Create session").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Council of National Coordinators 2027")
    shot(page, "meetings-2-session-created")

    for title, draft, programme in [
        ("Opening of the session", None, None),
        ("Communiqué", "Draft communiqué of the Council", None),
        ("Review of the programme", None, "Counter-terrorism programme (2025–2027)"),
    ]:
        page.fill("#id_agenda-title", title)
        if draft:
            page.select_option("#id_agenda-draft", label=draft)
        if programme:
            page.select_option("#id_agenda-programme", label=programme)
        page.get_by_role("button", name="Add to the agenda").click()
        page.wait_for_load_state()
    items = page.locator("ol.agenda > li")
    assert items.count() == 3
    assert items.nth(1).locator("a", has_text="Draft communiqué of the Council").count() == 1
    shot(page, "meetings-3-agenda")

    # the programme review goes first: up twice
    for _ in range(2):
        page.get_by_role("button", name="Move up: Review of the programme").click()
        page.wait_for_load_state()
    assert items.nth(0).inner_text().startswith("Review of the programme")
    # removing asks first
    page.get_by_role("link", name="Remove: Opening of the session").click()
    page.wait_for_load_state()
    assert "Remove this agenda item?" in page.inner_text("h1")
    shot(page, "meetings-4-confirm-remove")
    page.get_by_role("button", name="Remove").click()
    page.wait_for_load_state()
    assert page.locator("ol.agenda > li").count() == 2

    upload = tmp_path / "provisional-agenda.pdf"
    upload.write_bytes(b"%PDF-1.4 provisional agenda")
    page.fill("#id_document-title", "Provisional agenda")
    page.set_input_files("#id_document-file", str(upload))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state()
    doc = page.locator("#document a", has_text="Provisional agenda")
    assert doc.count() == 1
    with translation.override("en"):
        today = date_format(clock.today(), "DATE_FORMAT")
    assert f"circulated {today}" in page.inner_text("#document")  # the day of the upload
    page.fill("#id_outcome-text", "The Council adopted the agenda and the communiqué.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "adopted the agenda" in page.inner_text("#outcome .outcome")
    shot(page, "meetings-5-session-complete")

    with page.expect_download() as info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    path = info.value.path()
    event = Calendar.from_ical(open(path, "rb").read()).walk("VEVENT")[0]
    description = str(event["DESCRIPTION"])
    assert "1. Review of the programme\n2. Communiqué" in description
    assert str(event["URL"]).endswith(page.url.replace(live_server.url, "").split("#")[0])
    assert str(event["DTSTART"].dt) == "2027-03-10"


def test_forbidden_and_missing_pages_keep_the_shell_in_russian(new_page, sign_in, live_server, make_person):
    make_person("kz-delegate", "delegation", "delegate", "KZ")
    page = new_page("ru-RU")
    sign_in(page, "kz-delegate")
    assert page.locator("nav.mainnav a[href='/sco/dashboard/']").count() == 0  # not in a delegate's menu
    response = page.goto(f"{live_server.url}/sco/dashboard/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Вам недоступна эта страница"
    assert page.locator("nav.mainnav").count() == 1
    shot(page, "shell-403-ru")
    page.get_by_role("link", name="На начальную страницу").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/sco/"
    response = page.goto(f"{live_server.url}/sco/meetings/sessions/999999/")
    assert response.status == 404 and page.locator("h1").inner_text() == "Такой страницы нет"
    shot(page, "shell-404-ru")

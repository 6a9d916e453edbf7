"""iCalendar details a calendar client relies on: UIDs on the site's domain, SEQUENCE and LAST-MODIFIED
that move on when a session changes (so a moved session is updated, not duplicated), and undated
announced sessions left out."""

from datetime import date, datetime

import pytest
from freezegun import freeze_time
from icalendar import Calendar

from accord.base.actions import admin_save
from accord.orgs.actions import load_reference
from accord.orgs.models import Session


@pytest.fixture(autouse=True)
def _site(settings):
    settings.ACCORD_SITE_URL = "https://accord.example.org:8443"


def events(client, **query) -> dict[str, object]:
    answer = client.get("/api/orgs/sco/calendar.ics", query)
    assert answer.status_code == 200
    return {str(e["UID"]): e for e in Calendar.from_ical(answer.content).walk("VEVENT")}


def _astana(sco):
    return Session.objects.get(organisation=sco, body__code="CHS", year=2024)


@pytest.mark.django_db
def test_uids_carry_the_sites_host(client, sco):
    uids = events(client, body="CHS")
    assert uids and all(uid.endswith("@accord.example.org") for uid in uids)
    assert "sco-chs-2024@accord.example.org" in uids


@pytest.mark.django_db
def test_moving_a_session_keeps_its_uid_and_raises_its_sequence(client, sco, people):
    before = events(client, body="CHS")["sco-chs-2024@accord.example.org"]
    assert before.decoded("SEQUENCE") == 0
    first_modified = before.decoded("LAST-MODIFIED")
    astana = _astana(sco)
    astana.start, astana.end = date(2024, 7, 10), date(2024, 7, 11)
    with freeze_time("2030-01-02 03:04:05"):
        admin_save(people["secretariat"], astana, True, {"start": None, "end": None})
    after = events(client, body="CHS")
    moved = after["sco-chs-2024@accord.example.org"]
    assert moved.decoded("DTSTART") == date(2024, 7, 10)
    assert moved.decoded("SEQUENCE") == 1
    assert moved.decoded("LAST-MODIFIED") == datetime.fromisoformat("2030-01-02T03:04:05+00:00")
    assert moved.decoded("LAST-MODIFIED") > first_modified
    assert len(after) == len(events(client, body="CHS"))  # the same events, none duplicated
    # Other sessions did not change.
    assert after["sco-chs-2023@accord.example.org"].decoded("SEQUENCE") == 0
    astana.start, astana.end = date(2024, 7, 3), date(2024, 7, 4)
    admin_save(people["secretariat"], astana, True, {"start": None, "end": None})
    assert events(client, body="CHS")["sco-chs-2024@accord.example.org"].decoded("SEQUENCE") == 2


@pytest.mark.django_db
def test_a_reload_that_corrects_a_date_raises_the_sequence(client, sco, people):
    """The data files' value put back over a hand edit: a change subscribers must see too."""
    astana = _astana(sco)
    astana.start = astana.end = date(2024, 7, 20)
    admin_save(people["secretariat"], astana, True, {"start": None, "end": None})
    assert events(client, body="CHS")["sco-chs-2024@accord.example.org"].decoded("SEQUENCE") == 1
    load_reference("sco")  # keeps the Secretariat's edit: nothing changes
    assert events(client, body="CHS")["sco-chs-2024@accord.example.org"].decoded("SEQUENCE") == 1
    with freeze_time("2031-05-06 07:08:09"):
        load_reference("sco", overwrite_edits=True)
    back = events(client, body="CHS")["sco-chs-2024@accord.example.org"]
    assert back.decoded("DTSTART") == date(2024, 7, 4)
    assert back.decoded("SEQUENCE") == 2
    assert back.decoded("LAST-MODIFIED") == datetime.fromisoformat("2031-05-06T07:08:09+00:00")


@pytest.mark.django_db
def test_undated_announced_sessions_are_left_out(client, sco):
    undated = Session.objects.filter(organisation=sco, start__isnull=True)
    assert undated.filter(body__code="CHG", year=2026, status="announced").exists()
    uids = events(client)
    for s in undated:
        assert f"sco-{s.body.code.lower()}-{s.key}@accord.example.org" not in uids
    assert "sco-chg-2025@accord.example.org" in uids

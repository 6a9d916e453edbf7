"""The meeting pages: sessions created and edited through forms, the agenda linked, reordered and removed,
files uploaded and served to those entitled, the outcome, and one session's .ics."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from freezegun import freeze_time
from icalendar import Calendar

from accord.audit.models import AuditEvent
from accord.meetings import actions
from accord.meetings.models import AgendaItem, Outcome, SessionDocument
from accord.negotiations.models import Draft
from accord.orgs.models import Body, Session
from accord.programmes.models import Programme

NOW = "2024-03-01 09:00:00"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _session(sco, **kw):
    return actions.create_session(None, sco, body="CNC", start=date(2024, 3, 21), **kw)


@pytest.mark.django_db
@freeze_time(NOW)
def test_the_chair_creates_a_session_and_a_failed_submit_keeps_the_input(sco, people, login):
    client = login(people["kz_nc"])
    form = client.get("/sco/meetings/sessions/new/?body=CNC", HTTP_ACCEPT_LANGUAGE="en")
    assert form.status_code == 200 and 'name="start"' in form.content.decode()
    # KZ's coordinator may manage the bodies KZ chairs (the CHS follows the rotation), not the CHG
    choices = form.context["form"].fields["body"].choices
    assert {"CHS", "CNC"} <= {c for c, _ in choices} and "CHG" not in {c for c, _ in choices}
    bad = client.post(
        "/sco/meetings/sessions/new/",
        {"body": "CNC", "start": "2024-04-10", "end": "2024-04-09", "venue": "Palace of Independence"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = bad.content.decode()
    assert bad.status_code == 422
    assert "Last day: The last day is before the first day." in html
    assert 'value="Palace of Independence"' in html and 'value="2024-04-10"' in html
    assert not Session.objects.filter(venue="Palace of Independence").exists()
    ok = client.post(
        "/sco/meetings/sessions/new/",
        {"body": "CNC", "start": "2024-04-10", "end": "2024-04-11", "city_en": "Astana", "status": "planned",
         "format": "hybrid"},
    )
    s = Session.objects.get(body__code="CNC", start=date(2024, 4, 10))
    assert ok.status_code == 302 and ok["Location"] == f"/sco/meetings/sessions/{s.pk}/"
    assert (s.city_en, s.format, s.host.code) == ("Astana", "hybrid", "KZ")
    assert AuditEvent.objects.filter(action="session.create", object_id=str(s.pk)).count() == 1


@pytest.mark.django_db
@freeze_time(NOW)
def test_errors_are_in_the_readers_language_beside_the_field(sco, people, login):
    client = login(people["kz_nc"])
    r = client.post("/sco/meetings/sessions/new/", {"body": "CNC", "start": "tomorrow"},
                    HTTP_ACCEPT_LANGUAGE="ru")
    html = r.content.decode()
    assert r.status_code == 422
    assert "Первый день: Введите правильную дату." in html  # Django's own message, with our label
    s = _session(sco, number=1)
    _session(sco, number=2)
    r = client.post(f"/sco/meetings/sessions/{s.pk}/edit/", {"start": "2024-03-21", "number": "2",
                                                             "status": "planned", "format": "in_person"},
                    HTTP_ACCEPT_LANGUAGE="ru")
    assert r.status_code == 422 and "Номер в году:" in r.content.decode()
    s.refresh_from_db()
    assert s.number == 1


@pytest.mark.django_db
@freeze_time(NOW)
@pytest.mark.parametrize("who", ["in_head", "kz_delegate", "investor", "public"])
def test_others_cannot_create_or_edit(sco, people, login, who):
    s = _session(sco)
    client = login(people[who])
    assert client.get("/sco/meetings/sessions/new/").status_code == 403
    assert client.post(f"/sco/meetings/sessions/{s.pk}/edit/", {"start": "2024-05-01"}).status_code == 403
    assert client.post(f"/sco/meetings/sessions/{s.pk}/outcome/", {"outcome-text": "x"}).status_code == 403
    s.refresh_from_db()
    assert s.start == date(2024, 3, 21) and not Outcome.objects.exists()
    assert "/sessions/new/" not in client.get("/sco/meetings/").content.decode()


@pytest.mark.django_db
@freeze_time(NOW)
def test_edit_session_records_what_changed(sco, people, login):
    s = _session(sco)
    client = login(people["secretariat"])
    r = client.post(f"/sco/meetings/sessions/{s.pk}/edit/",
                    {"start": "2024-03-22", "end": "2024-03-23", "city_en": "Almaty", "status": "announced",
                     "format": "video"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert (s.start, s.end, s.city_en, s.status, s.format) == (date(2024, 3, 22), date(2024, 3, 23), "Almaty",
                                                               "announced", "video")
    event = AuditEvent.objects.get(action="session.update", object_id=str(s.pk))
    assert set(event.payload["changed"]) == {"start", "end", "city_en", "status", "format"}


@pytest.mark.django_db
@freeze_time(NOW)
def test_agenda_links_reorders_and_removes_with_confirmation(sco, people, login):
    s = _session(sco)
    draft = Draft.objects.create(organisation=sco, body=Body.objects.get(organisation=sco, code="CNC"),
                                 title="Draft communiqué", created_at="2024-02-01T00:00:00Z")
    programme = Programme.objects.create(organisation=sco, code="ct-2022", title_en="Counter-terrorism",
                                         start_year=2022, end_year=2024)
    client = login(people["kz_nc"])
    url = f"/sco/meetings/sessions/{s.pk}/"
    for title, extra in [("Opening", {}), ("Communiqué", {"agenda-draft": draft.pk}),
                         ("Programme", {"agenda-programme": programme.pk})]:
        r = client.post(url + "agenda/", {"agenda-title": title, **extra})
        assert r.status_code == 302
    page = client.get(url).content.decode()
    assert f"/sco/negotiations/drafts/{draft.pk}/" in page and f"/sco/programmes/{programme.code}/" in page
    items = {a.title: a for a in AgendaItem.objects.filter(session=s)}
    assert items["Communiqué"].draft == draft and items["Programme"].programme == programme
    assert client.post(url + f"agenda/{items['Programme'].pk}/up/").status_code == 302
    assert [a.title for a in s.agenda.order_by("order")] == ["Opening", "Programme", "Communiqué"]
    assert [a.order for a in s.agenda.order_by("order")] == [1, 2, 3]
    # the first item cannot go higher: nothing moves
    client.post(url + f"agenda/{items['Opening'].pk}/up/")
    assert [a.title for a in s.agenda.order_by("order")] == ["Opening", "Programme", "Communiqué"]
    confirm = client.get(url + f"agenda/{items['Opening'].pk}/remove/")
    assert confirm.status_code == 200 and "Remove this agenda item?" in confirm.content.decode()
    assert AgendaItem.objects.filter(pk=items["Opening"].pk).exists()  # asking removes nothing
    client.post(url + f"agenda/{items['Opening'].pk}/remove/")
    assert [(a.order, a.title) for a in s.agenda.order_by("order")] == [(1, "Programme"), (2, "Communiqué")]
    actions_seen = list(AuditEvent.objects.filter(action__startswith="agenda.").values_list("action", flat=True))
    assert sorted(actions_seen) == ["agenda.add"] * 3 + ["agenda.move"] * 2 + ["agenda.remove"]
    # an empty title: refused beside its field, nothing written, the draft choice kept
    r = client.post(url + "agenda/", {"agenda-title": " ", "agenda-draft": draft.pk})
    assert r.status_code == 422 and s.agenda.count() == 2
    assert f'<option value="{draft.pk}" selected>' in r.content.decode()


@pytest.mark.django_db
@freeze_time(NOW)
def test_uploaded_document_is_circulated_today_and_served_to_those_entitled(
    sco, people, client, django_capture_on_commit_callbacks
):
    s = _session(sco)
    chair = Client()
    chair.force_login(people["kz_nc"])
    f = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 draft agenda", content_type="application/pdf")
    r = chair.post(f"/sco/meetings/sessions/{s.pk}/document/", {"document-title": "Draft agenda",
                                                                "document-file": f})
    assert r.status_code == 302
    doc = SessionDocument.objects.get(session=s)
    assert doc.circulated_on == date(2024, 3, 1) and doc.file.name.startswith("meetings/2024/")
    url = f"/sco/meetings/sessions/{s.pk}/documents/{doc.pk}/file/"
    assert b"".join(chair.get(url).streaming_content) == b"%PDF-1.4 draft agenda"
    client.logout()
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(people["investor"])
    assert client.get(url).status_code == 403
    client.force_login(people["in_head"])  # a member's delegation reads it, though it may not manage
    assert client.get(url).status_code == 200
    # no file: refused beside the field
    r = chair.post(f"/sco/meetings/sessions/{s.pk}/document/", {"document-title": "Nothing"})
    assert r.status_code == 422 and SessionDocument.objects.count() == 1
    # removing asks first, then deletes the row and the stored file
    path = doc.file.path
    with django_capture_on_commit_callbacks(execute=True):
        chair.post(f"/sco/meetings/sessions/{s.pk}/document/{doc.pk}/remove/")
    assert not SessionDocument.objects.exists() and not Path(path).exists()


@pytest.mark.django_db
@freeze_time(NOW)
def test_circulation_after_the_session_says_after(sco, people, login):
    s = _session(sco)
    actions.add_document(None, s, title="Late report", circulated_on=date(2024, 4, 26))
    page = login(people["kz_nc"]).get(f"/sco/meetings/sessions/{s.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "36 days after the session opened" in html and "-36" not in html


@pytest.mark.django_db
@freeze_time(NOW)
def test_outcome_is_written_and_rewritten(sco, people, client):
    s = _session(sco)
    chair = Client()
    chair.force_login(people["kz_nc"])
    chair.post(f"/sco/meetings/sessions/{s.pk}/outcome/", {"outcome-text": "Agreed the agenda."})
    chair.post(f"/sco/meetings/sessions/{s.pk}/outcome/", {"outcome-text": "Agreed the agenda.\nAdjourned."})
    assert Outcome.objects.get(session=s).text == "Agreed the agenda.\nAdjourned."
    assert AuditEvent.objects.filter(action="outcome.set").count() == 2
    assert "Adjourned." in client.get(f"/sco/meetings/sessions/{s.pk}/").content.decode()


@pytest.mark.django_db
@freeze_time(NOW)
def test_single_session_ics_has_the_agenda_a_link_back_and_a_stable_uid(sco, client, settings):
    s = _session(sco, illustrative=True)
    actions.add_agenda_item(None, s, title="Opening")
    second = actions.add_agenda_item(None, s, title="Adoption of the communiqué")
    r = client.get(f"/sco/meetings/sessions/{s.pk}/session.ics")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(r.content).walk("VEVENT")
    assert len(events) == 1
    ev = events[0]
    description = str(ev["DESCRIPTION"])
    assert "1. Opening\n2. Adoption of the communiqué" in description
    link = f"{settings.ACCORD_SITE_URL}/sco/meetings/sessions/{s.pk}/"
    assert str(ev["URL"]) == link and link in description
    assert description.startswith("Illustrative") and "ILLUSTRATIVE" in ev["CATEGORIES"].to_ical().decode()
    assert int(ev["SEQUENCE"]) == 2  # the two agenda items
    actions.move_agenda_item(None, second, "up")
    again = Calendar.from_ical(client.get(f"/sco/meetings/sessions/{s.pk}/session.ics").content)
    assert str(again.walk("VEVENT")[0]["UID"]) == str(ev["UID"])
    assert int(again.walk("VEVENT")[0]["SEQUENCE"]) == 3  # calendars replace the event they hold
    assert str(again.walk("VEVENT")[0]["DESCRIPTION"]).count("1. Adoption of the communiqué") == 1
    undated = actions.create_session(None, sco, body="CHG", start=date(2024, 5, 1))
    Session.objects.filter(pk=undated.pk).update(start=None, end=None)
    assert client.get(f"/sco/meetings/sessions/{undated.pk}/session.ics").status_code == 404


@pytest.mark.django_db
def test_moves_match_a_list_model_and_keep_the_agenda_numbered(sco):
    """Random up/down moves (seeded) on a 4-item agenda against the same moves on a Python list."""
    import random

    s = _session(sco)
    items = [actions.add_agenda_item(None, s, title=t) for t in "ABCD"]
    model = [i.pk for i in items]
    rng = random.Random(11)
    for _ in range(40):
        item, direction = rng.choice(items), rng.choice(["up", "down"])
        i = model.index(item.pk)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= j < len(model):
            model[i], model[j] = model[j], model[i]
        actions.move_agenda_item(None, item, direction)
        rows = list(s.agenda.order_by("order").values_list("pk", "order"))
        assert [pk for pk, _ in rows] == model and [o for _, o in rows] == [1, 2, 3, 4]

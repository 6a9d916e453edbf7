"""Sessions, agendas and the 20-day circulation warning; who may manage them."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from freezegun import freeze_time

from accord.core.errors import InputError
from accord.meetings import actions, queries
from accord.orgs.models import Session
from accord.orgs.queries import actor_for

ON = date(2024, 3, 1)
ROLES = ["secretariat", "kz_head", "kz_delegate", "kz_nc", "in_head", "in_delegate", "cn_head", "mn_delegate",
         "investor", "public"]
# meeting.manage: the Secretariat, or the chair's team (KZ chairs CHS/CNC on 1 Mar 2024; Pakistan the CHG)
MANAGERS = {"CNC": {"secretariat", "kz_head", "kz_nc"}, "CHG": {"secretariat"}, "RATS_COUNCIL": {"secretariat"}}


def actor(people, who):
    return actor_for(people[who], people[who].affiliations.first().organisation, ON)


@pytest.mark.django_db
def test_reference_sessions_are_there_with_host_and_chair(sco):
    chs = queries.sessions(sco, body="CHS")
    assert len([s for s in chs if 2001 <= s.year <= 2025]) == 25
    astana = next(v for v in queries.session_views(sco, chs) if v.session.year == 2024)
    assert astana.session.host.code == "KZ" and astana.chair.code == "KZ"


@pytest.mark.django_db
@pytest.mark.parametrize("body", sorted(MANAGERS))
@pytest.mark.parametrize("who", ROLES)
def test_meeting_manage_matrix(sco, people, who, body):
    act = actor(people, who)
    write = lambda: actions.create_session(act, sco, body=body, start=date(2024, 4, 10))  # noqa: E731
    if who in MANAGERS[body]:
        s = write()
        actions.add_agenda_item(act, s, title="Opening")
        actions.add_document(act, s, title="Draft agenda", circulated_on=date(2024, 3, 1))
        actions.record_decision(act, s, title="Decision on the agenda")
    else:
        with pytest.raises(PermissionDenied):
            write()
        s = actions.create_session(None, sco, body=body, start=date(2024, 4, 11))
        for call in (lambda: actions.add_agenda_item(act, s, title="x"),
                     lambda: actions.add_document(act, s, title="x", circulated_on=ON),
                     lambda: actions.record_decision(act, s, title="x")):
            with pytest.raises(PermissionDenied):
                call()


@pytest.mark.django_db
def test_host_follows_the_rotation_and_input_is_checked(sco):
    cnc = actions.create_session(None, sco, body="CNC", start=date(2024, 3, 20), number=2)
    assert cnc.host.code == "KZ"  # the CNC follows the CHS chair
    assert actions.create_session(None, sco, body="RATS_COUNCIL", start=ON).host is None
    for kwargs, field in [({"body": "NOPE"}, "body"), ({"end": date(2024, 3, 19)}, "end"),
                          ({"number": 2}, "number"), ({"status": "x"}, "status"), ({"host": "ZZ"}, "host")]:
        with pytest.raises(InputError) as exc:
            actions.create_session(None, sco, **{"body": "CNC", "start": date(2024, 3, 20), **kwargs})
        assert exc.value.field == field


@pytest.mark.django_db
def test_late_circulation_warns(sco):
    s = actions.create_session(None, sco, body="CNC", start=date(2024, 3, 21))
    actions.add_agenda_item(None, s, title="Agenda", circulated_on=date(2024, 3, 1))  # 20 days: in time
    actions.add_document(None, s, title="Draft declaration", circulated_on=date(2024, 3, 2))  # 19 days: late
    view = queries.session_detail(sco, s.pk)
    assert [(late.what, late.warning.days_before) for late in view.late] == [("Draft declaration", 19)]


@pytest.mark.django_db
@freeze_time("2024-03-01 09:00:00")
def test_session_page_shows_the_warning_and_forms_for_the_chair(sco, people, login):
    s = actions.create_session(None, sco, body="CNC", start=date(2024, 3, 21))
    actions.add_document(None, s, title="Draft declaration", circulated_on=date(2024, 3, 10))
    page = login(people["kz_nc"]).get(f"/sco/meetings/sessions/{s.pk}/").content.decode()
    assert "11 days before the session" in page and 'name="agenda-title"' in page
    client = login(people["in_head"])
    assert 'name="agenda-title"' not in client.get(f"/sco/meetings/sessions/{s.pk}/").content.decode()
    assert client.post(f"/sco/meetings/sessions/{s.pk}/agenda/", {"title": "x"}).status_code == 403


@pytest.mark.django_db
@freeze_time("2024-03-01 09:00:00")
@pytest.mark.parametrize("extra", [0, 12])
def test_meetings_page_constant_queries(sco, people, login, django_assert_max_num_queries, extra):
    for i in range(extra):
        s = actions.create_session(None, sco, body="CNC", start=date(2024, 4, 1 + i))
        actions.add_document(None, s, title="Doc", circulated_on=date(2024, 3, 30))
    client = login(people["kz_head"])
    # 18: the rotation reads the recorded chairmanships too (calendar-year organisations), and the bodies
    # whose sessions the reader may manage are read for the "New session" button; whatever the rows.
    with django_assert_max_num_queries(18):
        r = client.get("/sco/meetings/")
    assert r.status_code == 200
    assert Session.objects.filter(body__code="CNC").count() == extra


@pytest.mark.django_db
@freeze_time("2024-03-01 09:00:00")
def test_api_sessions_and_refusals(sco, people, client):
    r = client.get("/api/orgs/sco/sessions?body=CHS&from=2024-01-01&to=2024-12-31")
    assert r.status_code == 200 and [s["city"] for s in r.json()] == ["Astana"]
    assert client.get("/api/orgs/sco/sessions?body=NOPE").status_code == 422
    assert client.get("/api/orgs/sco/sessions?from=2024-02-01&to=2024-01-01").status_code == 422
    assert client.get("/api/orgs/sco/sessions?from=2024-13-01").status_code == 422
    body = {"body": "CNC", "start": "2024-04-01"}
    for who, status in [("in_head", 403), ("kz_delegate", 403), ("public", 403), ("kz_nc", 201)]:
        client.force_login(people[who])
        assert client.post("/api/orgs/sco/sessions", body, content_type="application/json").status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("today", ["2024-06-10 09:00:00", "2026-12-01 09:00:00"])
def test_announced_sessions_without_a_date_are_upcoming_and_chaired_by_their_host(client, sco, today):
    """Bishkek 2026 (CHS) and Tajikistan 2026 (CHG) have hosts but no dates: still to come, and each is
    chaired by its host, whether the estimated date has passed (1 Dec 2026) or not (the demo clock)."""
    with freeze_time(today):
        views = queries.session_views(sco, queries.sessions(sco))
        html = client.get("/sco/meetings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chairs = {(v.session.body.code, v.session.year): v.chair.code for v in views if v.session.start is None}
    assert chairs == {("CHS", 2026): "KG", ("CHG", 2026): "TJ"}
    upcoming, past = html.split("Past sessions", 1) if "Past sessions" in html else (html, "")
    for body, year in (("CHS", 2026), ("CHG", 2026)):
        row = f'<tr data-body="{body}">'
        assert any(f"{body} {year}" in part for part in upcoming.split(row)[1:]), (body, year)
        assert not any(f"{body} {year}" in part[:400] for part in past.split(row)[1:]), (body, year)


@pytest.mark.django_db
@freeze_time("2026-12-01 09:00:00")
def test_dashboard_does_not_count_down_to_an_undated_session(sco, make_person, login):
    kg = make_person("kg-head", "delegation", "head", "KG")
    page = login(kg).get("/sco/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "until its session, not yet dated" in page
    assert "0 days left" not in page and "Kyrgyzstan" in page

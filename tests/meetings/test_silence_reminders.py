"""Silence-deadline reminders 48 h and 24 h before expiry: sent by the sweep to the member delegations,
by email and in the inbox, once each, derived from the stored deadline (a missed run catches up)."""

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from accord.base.models import Notification
from accord.cli import main
from accord.core.silence import local_deadline
from accord.dashboard.sweep import sweep
from accord.negotiations import actions as negotiations
from tests.negotiations.conftest import authenticate

OPENED = "2024-06-10 06:00:00"
DEADLINE = datetime(2024, 6, 14, 6, tzinfo=UTC)
HOUR = timedelta(hours=1)
# Delegates of member states on the deadline (Mongolia is an observer; the others are no delegation).
MEMBER_PEOPLE = ("kz_head", "kz_delegate", "kz_nc", "in_head", "in_delegate", "cn_head")


@pytest.fixture
def silence(sco, people):
    for person in people.values():
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    with freeze_time(OPENED):
        draft = negotiations.create_draft(None, sco, body="CHS", title="Draft Astana Declaration",
                                          kind="declaration")
        negotiations.add_provision(None, draft, kind="PP", options=[{"text": "Meeting in Astana,",
                                                                     "proposed_by": "KZ"}])
        negotiations.open_negotiation(None, draft)
        draft = authenticate(draft)
        return negotiations.open_silence(None, draft, deadline=DEADLINE, timezone="Asia/Almaty")


@pytest.fixture
def run(sco, django_capture_on_commit_callbacks):
    """Sweep at an instant, sending the emails as the commit would. The clock is not frozen: the sweep
    must judge everything at the instant it is given."""

    def do(at: datetime) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return sweep(sco, at).sent["silence.reminder"]

    return do


def reminders():
    return Notification.objects.filter(kind="silence.reminder")


def emails_of(people, keys=MEMBER_PEOPLE):
    return sorted(f"{people[k].username}@example.org" for k in keys)


@pytest.mark.django_db
def test_48h_then_24h_reminder_to_every_member_delegation_once(people, silence, run, mailoutbox):
    assert run(DEADLINE - 49 * HOUR) == 0
    assert not reminders().exists() and mailoutbox == []

    assert run(DEADLINE - 47 * HOUR) == len(MEMBER_PEOPLE)
    rows = list(reminders())
    assert sorted(n.person.username for n in rows) == sorted(people[k].username for k in MEMBER_PEOPLE)
    assert all(n.key == f"silence:{silence.pk}:{DEADLINE.isoformat()}:48h" for n in rows)
    assert all(n.emailed and n.url == f"/sco/negotiations/drafts/{silence.draft_id}/" for n in rows)
    assert sorted(m.to[0] for m in mailoutbox) == emails_of(people)
    assert {m.subject for m in mailoutbox} == {
        "Silence procedure: less than 48 hours left on Draft Astana Declaration"
    }
    assert f"/sco/negotiations/drafts/{silence.draft_id}/" in mailoutbox[0].body

    # idempotent: the same instant again, and later before the 24 h moment, send nothing new
    assert run(DEADLINE - 47 * HOUR) == 0
    assert run(DEADLINE - 30 * HOUR) == 0
    assert len(mailoutbox) == len(MEMBER_PEOPLE)

    assert run(DEADLINE - 23 * HOUR) == len(MEMBER_PEOPLE)
    assert run(DEADLINE - 23 * HOUR) == 0
    assert run(DEADLINE - HOUR) == 0
    assert run(DEADLINE) == 0 and run(DEADLINE + HOUR) == 0
    assert len(mailoutbox) == 2 * len(MEMBER_PEOPLE)
    assert {m.subject for m in mailoutbox[len(MEMBER_PEOPLE):]} == {
        "Silence procedure: less than 24 hours left on Draft Astana Declaration"
    }
    for key in MEMBER_PEOPLE:  # one of each per person
        assert sorted(n.key[-3:] for n in reminders().filter(person=people[key])) == ["24h", "48h"]
    assert not reminders().filter(person__in=[people["mn_delegate"], people["secretariat"],
                                               people["investor"], people["public"]]).exists()


@pytest.mark.django_db
def test_a_missed_run_sends_what_is_due_once_and_never_after_the_deadline(people, silence, run, mailoutbox):
    # No sweep ran until 10 hours before the deadline: the 24 h reminder is due, the 48 h one overtaken.
    assert run(DEADLINE - 10 * HOUR) == len(MEMBER_PEOPLE)
    assert {n.key[-3:] for n in reminders()} == {"24h"}
    assert reminders().count() == len(MEMBER_PEOPLE)
    assert sorted(m.to[0] for m in mailoutbox) == emails_of(people)
    assert run(DEADLINE - 5 * HOUR) == 0
    assert run(DEADLINE + HOUR) == 0
    assert len(mailoutbox) == len(MEMBER_PEOPLE)


@pytest.mark.django_db
def test_nothing_after_the_deadline_even_if_no_run_came_before(silence, run, mailoutbox):
    assert run(DEADLINE) == 0
    assert run(DEADLINE + 5 * HOUR) == 0
    assert not reminders().exists() and mailoutbox == []


@pytest.mark.django_db
def test_no_reminder_once_silence_is_broken(silence, run):
    with freeze_time(DEADLINE - 60 * HOUR):
        negotiations.break_silence(None, silence, "IN", kind="objection", text="Paragraph 1 is not acceptable.")
    assert run(DEADLINE - 47 * HOUR) == 0
    assert run(DEADLINE - 23 * HOUR) == 0


@pytest.mark.django_db
def test_reminder_gives_the_deadline_in_the_procedures_zone_and_reaches_the_inbox(people, silence, run, login):
    run(DEADLINE - 47 * HOUR)
    n = reminders().get(person=people["kz_delegate"])
    # For the reader: date and time in the procedure's zone, with its name; never an ISO string.
    assert local_deadline(silence.core()).hour == 11
    assert n.body == "Deadline: 14 Jun 2024 11:00 (Asia/Almaty)"
    page = login(people["kz_delegate"]).get("/sco/inbox/").content.decode()
    assert "Silence procedure: less than 48 hours left on Draft Astana Declaration" in page


@pytest.mark.django_db(transaction=True)
def test_notify_run_from_cron_sends_each_reminder_once(people, silence, capsys, mailoutbox):
    with freeze_time(DEADLINE - 47 * HOUR):
        assert main(["notify", "run", "--org", "sco"]) == 0
        assert f"silence.reminder {len(MEMBER_PEOPLE)}" in capsys.readouterr().out
        assert main(["notify", "run", "--org", "sco"]) == 0
        assert "0 notifications sent" in capsys.readouterr().out
    with freeze_time(DEADLINE - 23 * HOUR):
        assert main(["notify", "run", "--org", "sco"]) == 0
        assert f"silence.reminder {len(MEMBER_PEOPLE)}" in capsys.readouterr().out
    # (the opening of the procedure was emailed too: the transaction committed here)
    sent = [m for m in mailoutbox if m.subject.startswith("Silence procedure: less than")]
    assert len(sent) == reminders().count() == 2 * len(MEMBER_PEOPLE)

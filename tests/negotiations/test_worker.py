"""`accord worker` settles silence procedures at their deadline and sends every notice, once.

The clock is frozen and moved by hand (freezegun); the worker runs for real (django_tasks_db's worker in
batch mode, after one round of its scheduler), on the test database."""

from datetime import UTC, datetime, timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accord.audit.models import AuditEvent
from accord.base.models import Notification
from accord.base.notify import notify, subject_line
from accord.core.errors import InputError
from accord.dashboard import worker
from accord.dashboard.models import WorkerHeartbeat
from accord.negotiations import actions
from accord.negotiations.models import Draft
from accord.orgs.queries import actor_for

from .conftest import authenticate, stance

pytestmark = pytest.mark.django_db(transaction=True)

OPENED = datetime(2024, 3, 1, 9, tzinfo=UTC)
DEADLINE = OPENED + timedelta(hours=80)  # 4 Mar 2024 17:00 UTC, 22:00 in Almaty


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, messages):
        raise SMTPRecipientsRefused({m.to[0]: (550, b"mailbox unavailable") for m in messages})


@pytest.fixture
def people(people):
    """The conftest's people, each with an e-mail address."""
    for person in people.values():
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    return people


def _open(draft):
    return actions.open_silence(None, authenticate(draft), deadline=DEADLINE, timezone="Asia/Almaty")


def _mails(subject_start):
    return [m for m in mail.outbox if m.subject.startswith(subject_start)]


def test_open_enqueues_settlement_at_the_deadline_and_both_reminders(make_draft, people):
    proc = _open(make_draft(n=1))
    rows = {(r.task_path.rsplit(".", 1)[-1], r.run_after) for r in DBTaskResult.objects.all()}
    assert ("settle_silence", DEADLINE) in rows
    assert ("remind_silences", DEADLINE - timedelta(hours=48)) in rows
    assert ("remind_silences", DEADLINE - timedelta(hours=24)) in rows
    assert DBTaskResult.objects.get(task_path__endswith="settle_silence").args_kwargs["args"] == [proc.pk]


def test_worker_adopts_at_the_deadline_and_tells_everyone(make_draft, people, frozen):
    draft = make_draft(n=2)
    proc = _open(draft)
    opened = _mails("Silence procedure opened")
    assert opened and "4 Mar 2024 22:00 (Asia/Almaty)" in opened[0].body  # for the reader, not ISO
    worker.run_once()
    draft.refresh_from_db()
    assert draft.state == "silence"  # nothing due yet: the deferred settlement waits for its deadline

    frozen.move_to(DEADLINE - timedelta(hours=47))
    worker.run_once()
    reminded = {m.to[0] for m in _mails("Silence procedure: less than 48 hours")}
    assert reminded == {m.to[0] for m in _mails("Silence procedure opened")} - {"sec@example.org"}

    frozen.move_to(DEADLINE + timedelta(seconds=1))
    worker.run_once()
    draft.refresh_from_db()
    assert draft.state == "adopted" and draft.adoption.via == "silence"
    assert draft.adoption.date.isoformat() == "2024-03-04"  # the deadline's day in Almaty
    adopted = Notification.objects.filter(key=f"silence:{proc.pk}:adopted")
    assert (
        adopted.filter(person=people["kz_head"]).exists()
        and adopted.filter(person=people["secretariat"]).exists()
    )
    assert all(n.emailed for n in adopted.exclude(mail_to=""))
    sent = _mails("Adopted under silence")
    assert len(sent) == adopted.exclude(mail_to="").count() > 0

    worker.run_once()  # again, later: nothing twice
    frozen.move_to(DEADLINE + timedelta(days=2))
    worker.run_once()
    assert len(_mails("Adopted under silence")) == len(sent)
    assert AuditEvent.objects.filter(action="silence.settle").count() == 1


def test_worker_returns_a_broken_silence_to_negotiation_with_the_objection(make_draft, people, frozen, sco):
    draft = make_draft(n=1)
    proc = _open(draft)
    frozen.move_to(OPENED + timedelta(hours=5))
    objection = "PP1 must recall the 2001 Declaration."
    actions.break_silence(actor_for(people["in_head"], sco), proc, "IN", kind="objection", text=objection)
    worker.run_once()  # the break enqueued its settlement for now
    draft.refresh_from_db()
    assert draft.state == "negotiation"
    told = Notification.objects.get(key=f"silence:{proc.pk}:broken", person=people["kz_head"])
    assert "IN" in told.body and objection in told.body
    assert any(objection in m.body for m in _mails("Silence broken"))
    frozen.move_to(DEADLINE + timedelta(hours=1))
    worker.run_once()
    draft.refresh_from_db()
    assert draft.state == "negotiation"  # the deadline passing later adopts nothing
    assert AuditEvent.objects.filter(action="silence.settle").count() == 1


def test_a_missed_deferred_task_is_caught_up_by_the_periodic_settlement(make_draft, frozen):
    draft = make_draft(n=1)
    _open(draft)
    DBTaskResult.objects.all().delete()  # the queue lost everything (or no worker ran for days)
    frozen.move_to(DEADLINE + timedelta(days=3))
    worker.run_once()
    draft.refresh_from_db()
    assert draft.state == "adopted"


def test_a_refused_email_stays_unsent_in_the_inbox_and_is_retried(
    make_draft, people, frozen, settings, client
):
    settings.EMAIL_BACKEND = "tests.negotiations.test_worker.RefusingBackend"
    draft = make_draft(n=1)
    proc = _open(draft)
    frozen.move_to(DEADLINE + timedelta(seconds=1))
    worker.run_once()
    draft.refresh_from_db()
    assert draft.state == "adopted"  # the refusal undid nothing
    adopted = Notification.objects.filter(key=f"silence:{proc.pk}:adopted").exclude(mail_to="")
    assert adopted.exists() and not any(n.emailed for n in adopted)
    assert all("SMTPRecipientsRefused" in n.mail_error and n.mail_retry_at for n in adopted)

    client.force_login(people["kz_head"])
    assert "e-mail not sent yet" in client.get("/sco/inbox/").content.decode()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    worker.run_once()  # before the backoff has passed: nothing yet
    assert _mails("Adopted under silence") == []
    frozen.move_to(DEADLINE + timedelta(minutes=5))
    worker.run_once()
    assert len(_mails("Adopted under silence")) == adopted.count()
    assert all(n.emailed and n.mail_error == "" for n in adopted.all())
    frozen.move_to(DEADLINE + timedelta(hours=1))
    worker.run_once()
    assert len(_mails("Adopted under silence")) == adopted.count()  # never twice
    assert "e-mail not sent yet" not in client.get("/sco/inbox/").content.decode()


def test_a_newline_in_a_title_never_breaks_sending(people, sco):
    assert subject_line("Draft\r\nBcc: x@example.org\n declaration") == "Draft Bcc: x@example.org declaration"
    notify([people["kz_head"]], sco, kind="test", key="test:nl", title="Draft\ndeclaration")
    n = Notification.objects.get(key="test:nl")
    assert n.emailed and mail.outbox[-1].subject == "Draft declaration"


def test_a_task_of_a_worker_killed_mid_task_runs_again_once(make_draft, people, frozen):
    draft = make_draft(n=1)
    proc = _open(draft)
    frozen.move_to(DEADLINE + timedelta(seconds=1))
    # A worker claimed the settlement, then was killed: its transaction rolled back, the row says RUNNING.
    row = DBTaskResult.objects.get(task_path__endswith="settle_silence")
    row.claim("killed-worker")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=DEADLINE - timedelta(minutes=5))
    # The periodic catch-up would settle it anyway; here the task itself must come back and succeed.
    worker.reclaim_stale(DEADLINE + timedelta(seconds=1))
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    worker.run_once()
    row.refresh_from_db()
    draft.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL and draft.state == "adopted"
    sent = len(_mails("Adopted under silence"))
    # Killed after its work committed but before it was marked done: the rerun changes and sends nothing.
    row.claim("killed-again")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=DEADLINE - timedelta(minutes=5))
    worker.run_once()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value == 0
    assert len(_mails("Adopted under silence")) == sent
    assert AuditEvent.objects.filter(action="silence.settle", object_id=str(proc.pk)).count() == 1


def test_a_live_workers_long_task_is_left_alone(frozen):
    now = datetime(2024, 3, 1, 12, tzinfo=UTC)
    WorkerHeartbeat.objects.create(worker_id="busy", host="h", pid=1, started_at=now, seen_at=now)
    from accord.negotiations.tasks import close_due_silences

    row = DBTaskResult.objects.get(pk=close_due_silences.enqueue().id)
    row.claim("busy")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=now - timedelta(minutes=10))
    assert worker.reclaim_stale(now) == 0


def test_a_failed_task_is_retried_with_backoff_then_left_failed_and_shown(frozen):
    from accord.negotiations.tasks import settle_silence

    now = datetime(2024, 3, 1, 12, tzinfo=UTC)
    row = DBTaskResult.objects.get(pk=settle_silence.enqueue("not a number").id)
    worker.run_once()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    DBTaskResult.objects.filter(pk=row.pk).update(finished_at=now)
    assert worker.retry_failed(now + timedelta(seconds=29)) == 0
    assert worker.retry_failed(now + timedelta(seconds=31)) == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY and "ValueError" in row.exception_class_path
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.FAILED, worker_ids=["w"] * 3, finished_at=now
    )
    assert worker.retry_failed(now + timedelta(minutes=1)) == 0  # third run: waits 2 minutes
    assert worker.retry_failed(now + timedelta(minutes=2, seconds=1)) == 1
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.FAILED, worker_ids=["w"] * worker.MAX_ATTEMPTS, finished_at=now
    )
    assert worker.retry_failed(now + timedelta(days=30)) == 0
    status = worker.status()
    assert (
        not status.healthy and status.failed[0][0] == "settle_silence" and "ValueError" in status.failed[0][1]
    )


def test_the_worker_waits_for_an_unreachable_database_with_one_log_line(monkeypatch, caplog):
    calls = {"run": 0, "probe": 0}

    def run(self):
        calls["run"] += 1
        if calls["run"] <= 3:
            raise OperationalError('connection to server at "db" failed: Connection refused')
        self.running = False

    def probe():
        calls["probe"] += 1
        if calls["probe"] == 1:
            raise OperationalError("still down")

    sleeps = []
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.Worker.run", run)
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.Worker.configure_signals", lambda s: None
    )
    monkeypatch.setattr(worker.connection, "ensure_connection", probe)
    monkeypatch.setattr(worker.time, "sleep", sleeps.append)
    monkeypatch.setattr(worker, "_schedule", lambda scheduler, stop: None)
    with caplog.at_level("WARNING", logger="accord.worker"):
        worker.run(worker_id="test")
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1  # one line for the outage, not one per attempt (it flapped: up, down, up)
    assert "database unreachable (connection to server" in errors[0].getMessage()
    assert sleeps == [1.0, 2.0, 4.0, 8.0]  # backoff, never a tight loop
    assert sum("reachable again" in r.getMessage() for r in caplog.records) == 1


def test_status_shows_the_heartbeat_waiting_tasks_and_exits_0_when_healthy(make_draft, capsys):
    from accord.cli import main

    _open(make_draft(n=1))
    assert main(["worker", "--status"]) == 1  # no worker has run yet
    assert "last heartbeat: never" in capsys.readouterr().out
    worker.run_once()
    assert main(["worker", "--status"]) == 0
    out = capsys.readouterr().out
    assert "(1 worker(s) alive)" in out and "tasks waiting: 3" in out and "failed tasks: 0" in out


def test_a_blocking_stance_is_told_to_the_chairs_team_once(make_draft, people, frozen):
    draft = make_draft(n=1)
    frozen.move_to("2024-06-10 06:00:00")  # Kazakhstan chairs the Council of Heads of State
    stance(draft, "IN", "PP1", "A", "object", "too narrow")
    stance(draft, "IN", "PP1", "A", "object", "still too narrow")  # already blocking: no new notice
    told = Notification.objects.filter(kind="stance.blocks")
    assert set(told.values_list("person__username", flat=True)) == {"sec", "kz-head", "kz-delegate", "kz-nc"}
    assert told.first().title == "IN blocks PP1 A of Test declaration"
    assert told.first().body == "Stance: object. too narrow"
    assert not Notification.objects.filter(kind="stance.blocks", person=people["in_head"]).exists()
    assert Draft.objects.get(pk=draft.pk).state == "negotiation"


def test_a_broken_silence_shows_at_its_provision_and_on_the_chairs_dashboard(
    make_draft, people, frozen, sco, client
):
    draft = make_draft(n=2)
    proc = _open(draft)
    frozen.move_to(OPENED + timedelta(hours=5))
    in_head = actor_for(people["in_head"], sco)
    with pytest.raises(InputError) as exc:
        actions.break_silence(in_head, proc, "IN", kind="amendment", text="Add a date.", provision="OP9")
    assert exc.value.field == "provision"
    actions.break_silence(in_head, proc, "IN", kind="amendment", text="Add the year 2001.", provision="op1")
    worker.run_once()
    client.force_login(people["kz_head"])  # Kazakhstan chairs: the next steps are its to take
    page = client.get(f"/sco/negotiations/drafts/{draft.pk}/").content.decode()
    row = page.index('id="row-OP1"')
    assert page.index("IN broke silence on OP1 (amendment):", row) > row and "Add the year 2001." in page
    assert 'id="silence-returned"' in page and 'href="#new-silence"' in page and 'id="new-silence"' in page
    board = client.get("/sco/dashboard/").content.decode()
    returned = board[board.index('id="returned"') :]
    assert "Test declaration" in returned and "IN OP1 (amendment): Add the year 2001." in returned
    assert f"/sco/negotiations/drafts/{draft.pk}/text/" in returned and "#new-silence" in returned
    assert "#adopt" in returned
    # A new silence on the revised text: the draft leaves the chair's list of next steps.
    frozen.move_to(OPENED + timedelta(days=1))
    actions.open_silence(None, draft, deadline=OPENED + timedelta(days=5), timezone="Asia/Almaty")
    assert 'id="returned"' not in client.get("/sco/dashboard/").content.decode()


def test_the_admin_index_shows_the_worker(people, client, frozen):
    people["secretariat"].is_staff = people["secretariat"].is_superuser = True
    people["secretariat"].save()
    client.force_login(people["secretariat"])
    page = " ".join(client.get("/admin/").content.decode().split())
    assert "Background worker: has never run" in page and "0 tasks waiting" in page
    worker.run_once()
    page = " ".join(client.get("/admin/").content.decode().split())
    assert "Background worker: last ran 0" in page and "0 failed tasks" in page


def test_an_item_due_gives_its_deadline_in_the_readers_format(sco, people, frozen):
    from accord.dashboard.sweep import sweep
    from accord.programmes import actions as programmes

    p = programmes.create_programme(
        None, sco, code="P1", title_en="Cooperation programme", start_year=2024, end_year=2026
    )
    programmes.add_item(
        None,
        p,
        code="1",
        title_en="Memorandum",
        deadline=datetime(2024, 3, 10).date(),
        responsible_body="RATS_COUNCIL",
    )
    sweep(sco, datetime(2024, 3, 1, 9, tzinfo=UTC))
    n = Notification.objects.get(kind="item.due", person=people["secretariat"])
    assert n.title == "Due soon: 1 Memorandum (deadline 10 Mar 2024)"


def test_old_successful_results_are_pruned_failed_ones_kept(frozen):
    from accord.negotiations.tasks import close_due_silences, settle_silence

    close_due_silences.enqueue()
    settle_silence.enqueue("not a number")
    worker.run_once()
    assert DBTaskResult.objects.successful().exists() and DBTaskResult.objects.failed().count() == 1
    frozen.tick(worker.KEEP_RESULTS + timedelta(hours=1))
    worker.Scheduler("later").beat(worker.timezone.now())
    assert not DBTaskResult.objects.successful().exists() and DBTaskResult.objects.failed().count() == 1

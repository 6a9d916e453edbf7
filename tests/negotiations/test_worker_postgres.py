"""Two workers on one PostgreSQL database, 50 silence procedures due: each is settled exactly once."""

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection

from accord.audit.models import AuditEvent
from accord.base.models import Notification
from accord.dashboard import worker
from accord.negotiations import actions
from accord.negotiations.models import Adoption, Draft, SilenceProcedure

from .conftest import authenticate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

N = 50
DEADLINE = datetime(2024, 3, 1, 9, tzinfo=UTC) + timedelta(hours=80)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


def test_two_workers_settle_fifty_due_silences_exactly_once(make_draft, people, frozen):
    for person in people.values():
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    for i in range(N):
        draft = make_draft(n=1)
        Draft.objects.filter(pk=draft.pk).update(title=f"Declaration {i}")
        actions.open_silence(None, authenticate(Draft.objects.get(pk=draft.pk)), deadline=DEADLINE, timezone="Asia/Almaty")
    mail.outbox.clear()
    frozen.move_to(DEADLINE + timedelta(minutes=1))

    errors, start = [], threading.Barrier(2)

    def work(name):
        try:
            start.wait()
            worker.run_once(worker_id=name)  # its scheduler round, then every due task until none is left
        except Exception as exc:  # reported below: a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"worker-{i}",)) for i in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors

    assert SilenceProcedure.objects.filter(settled_at__isnull=False).count() == N
    assert Adoption.objects.filter(via="silence").count() == N
    assert AuditEvent.objects.filter(action="silence.settle").count() == N
    adopted = Notification.objects.filter(kind="silence", key__endswith=":adopted").exclude(mail_to="")
    sent = [(m.to[0], m.subject) for m in mail.outbox if m.subject.startswith("Adopted under silence")]
    assert len(sent) == adopted.count() == N * len({n.person_id for n in adopted})
    assert max(Counter(sent).values()) == 1  # no e-mail twice
    # Both workers took part: the 50 settlements were shared, not run twice.
    from django_tasks_db.models import DBTaskResult

    ran = Counter(r.worker_ids[-1] for r in DBTaskResult.objects.filter(task_path__endswith="settle_silence"))
    assert sum(ran.values()) == N and all(len(r.worker_ids) == 1 for r in DBTaskResult.objects.all())

import pytest
from django.db import transaction

from accord.audit.log import GENESIS, record, verify
from accord.audit.models import AppendOnlyError, AuditEvent


def test_every_action_writes_one_chained_event(people):
    events = list(AuditEvent.objects.order_by("id"))
    assert events, "loading the reference and creating people must be audited"
    assert events[0].prev_hash == GENESIS
    for a, b in zip(events, events[1:], strict=False):
        assert b.prev_hash == a.hash
    assert verify().ok


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        record("x.test")


def test_events_cannot_be_changed_or_deleted(sco):
    event = AuditEvent.objects.first()
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_verify_names_the_first_altered_event(people):
    events = list(AuditEvent.objects.order_by("id"))
    target = events[len(events) // 2]
    AuditEvent.objects.filter(pk=target.pk).update(payload={"forged": True})
    result = verify()
    assert not result.ok and result.first_bad == target.pk


def test_verify_detects_a_deleted_event(people):
    events = list(AuditEvent.objects.order_by("id"))
    AuditEvent.objects.filter(pk=events[1].pk)._raw_delete(AuditEvent.objects.db)
    result = verify()
    assert not result.ok and result.first_bad == events[2].pk


def test_failed_action_leaves_no_event(sco):
    before = AuditEvent.objects.count()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        record("x.test")
        1 / 0  # noqa: B018
    assert AuditEvent.objects.count() == before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_actions_keep_one_chain():
    """Eight threads appending at once: the advisory lock keeps a single, intact chain."""
    import threading

    from django.db import connection

    errors = []

    def work(i):
        try:
            for j in range(5):
                with transaction.atomic():
                    record("x.concurrent", payload={"thread": i, "n": j})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert AuditEvent.objects.filter(action="x.concurrent").count() == 40
    assert verify().ok

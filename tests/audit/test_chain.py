"""The keyed audit chain and its checkpoints catch each of the seven tamperings a database administrator
without the key can try: edit, insertion, deletion in the middle, deletion of the tail, deletion of every
row, reorder and re-hash."""

import hashlib
import hmac
import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accord.audit.log import (
    GENESIS,
    CannotVerify,
    audit_key,
    read_checkpoints,
    record,
    verify,
    write_checkpoint,
)
from accord.audit.models import KEYED, LEGACY, AuditEvent

WRONG_KEY = b"not-the-key-" * 4
FIELDS = [
    "at",
    "actor_name",
    "acting_for",
    "action",
    "object_type",
    "object_id",
    "payload",
    "prev_hash",
    "hash",
]


@pytest.fixture
def chain(db):
    """Twelve keyed events and a checkpoint of the head (outside a test, record() writes it on commit)."""
    for i in range(12):
        record("x.test", payload={"n": i}, object_id=str(i))
    write_checkpoint()
    events = list(AuditEvent.objects.order_by("id"))
    assert verify().ok and verify().checkpoints == 1
    return events


def _forge(base, key, **changes):
    """An event as an attacker would compute it: right prev/seq, hashed with `key` (None: legacy SHA-256)."""
    event = AuditEvent(
        at=base.at + timedelta(seconds=1),
        action=changes.pop("action", "x.forged"),
        payload=changes.pop("payload", {}),
        prev_hash=base.hash,
        seq=base.seq + 1,
        version=KEYED if key else LEGACY,
        **changes,
    )
    event.hash = event.compute_hash(key)
    return event


def _rehash_from(events, start, key):
    """Recompute every hash from `start` on, relinking the chain, with the attacker's `key`."""
    prev = events[start - 1].hash if start else GENESIS
    for e in events[start:]:
        e.prev_hash, e.version = prev, KEYED if key else LEGACY
        e.hash = e.compute_hash(key)
        AuditEvent.objects.filter(pk=e.pk).update(prev_hash=e.prev_hash, hash=e.hash, version=e.version)
        prev = e.hash


def _swap(a, b):
    """Exchange two rows' contents (ids stay): the unique columns go through placeholders first."""
    AuditEvent.objects.filter(pk=a.pk).update(hash="t" * 64, seq=10**12)
    AuditEvent.objects.filter(pk=b.pk).update(**{f: getattr(a, f) for f in [*FIELDS, "seq"]})
    AuditEvent.objects.filter(pk=a.pk).update(**{f: getattr(b, f) for f in [*FIELDS, "seq"]})


def _delete(qs):
    qs._raw_delete(AuditEvent.objects.db)


def tamper(kind, events):
    """Apply one tampering; return the id verify must name (None: any)."""
    mid = events[5]
    if kind == "edit":
        AuditEvent.objects.filter(pk=mid.pk).update(payload={"n": 999})
        return mid.pk
    if kind == "insert":
        forged = _forge(events[-1], WRONG_KEY)
        AuditEvent.objects.bulk_create([forged])
        return forged.pk
    if kind == "insert-legacy":
        forged = _forge(events[-1], None)
        AuditEvent.objects.bulk_create([forged])
        return forged.pk
    if kind == "delete-middle":
        _delete(AuditEvent.objects.filter(pk=mid.pk))
        return events[6].pk
    if kind == "delete-tail":
        _delete(AuditEvent.objects.filter(pk__gte=events[-3].pk))
        return events[-1].pk  # the checkpointed event, now missing
    if kind == "delete-all":
        _delete(AuditEvent.objects.all())
        return events[-1].pk
    if kind == "reorder":
        _swap(events[4], events[5])
        return events[4].pk
    if kind == "rehash":
        AuditEvent.objects.filter(pk=mid.pk).update(payload={"n": 999})
        mid.payload = {"n": 999}
        _rehash_from(events, 5, WRONG_KEY)
        return mid.pk
    if kind == "rehash-legacy":
        AuditEvent.objects.filter(pk=mid.pk).update(payload={"n": 999})
        mid.payload = {"n": 999}
        _rehash_from(events, 5, None)
        return mid.pk
    if kind == "rehash-all-legacy":
        # The whole chain rewritten as unkeyed legacy events: consistent, but not what was checkpointed.
        _rehash_from(events, 0, None)
        return events[-1].pk
    raise AssertionError(kind)


KINDS = [
    "edit",
    "insert",
    "insert-legacy",
    "delete-middle",
    "delete-tail",
    "delete-all",
    "reorder",
    "rehash",
    "rehash-legacy",
    "rehash-all-legacy",
]


def _caught(kind, events):
    expected = tamper(kind, events)
    result = verify()
    assert not result.ok, kind
    assert result.first_bad == expected, (kind, result)
    assert result.reason


@pytest.mark.parametrize("kind", KINDS)
def test_each_tampering_is_caught(chain, kind):
    _caught(kind, chain)


@pytest.mark.postgres
@pytest.mark.parametrize("kind", KINDS)
def test_each_tampering_is_caught_on_postgresql(chain, kind):
    assert connection.vendor == "postgresql"
    _caught(kind, chain)


def test_the_untampered_chain_and_its_checkpoints_agree(chain):
    record("x.more")
    write_checkpoint()
    result = verify()
    assert result.ok and result.checked == 13 and result.checkpoints == 2


def test_deleting_events_newer_than_every_checkpoint_goes_unseen(chain):
    """The stated limit: events after the newest checkpoint are only as safe as the next checkpoint."""
    record("x.after-the-checkpoint")
    _delete(AuditEvent.objects.filter(action="x.after-the-checkpoint"))
    assert verify().ok


def test_a_forged_checkpoint_is_refused(chain):
    path = settings.ACCORD_AUDIT_CHECKPOINTS
    line = json.loads(open(path).read().splitlines()[0])
    line["seq"] = 3  # moved back, as if the chain had been shorter
    with open(path, "a") as f:
        f.write(json.dumps(line) + "\n")
    result = verify()
    assert not result.ok and "not signed" in result.reason


def test_an_unreadable_checkpoint_file_cannot_be_checked(chain, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    with pytest.raises(CannotVerify, match="line 1"):
        verify(bad)
    with pytest.raises(CannotVerify):
        verify(tmp_path / "missing.jsonl")


def test_checkpoints_written_on_commit(transactional_db, settings):
    """The first keyed event and every N-th are checkpointed after their transaction commits."""
    settings.ACCORD_AUDIT_CHECKPOINT_EVERY = 4
    for i in range(9):
        with transaction.atomic():
            record("x.test", payload={"n": i})
    with pytest.raises(RuntimeError), transaction.atomic():
        record("x.rolled-back")
        raise RuntimeError
    cps = read_checkpoints(Path(settings.ACCORD_AUDIT_CHECKPOINTS), audit_key())
    assert [c["seq"] for c in cps] == [1, 4, 8]
    assert verify().ok
    _delete(AuditEvent.objects.filter(seq__gte=8))
    result = verify()
    assert not result.ok and "deleted" in result.reason


def test_legacy_events_keep_their_hash_and_keyed_ones_follow(db):
    """Events written before the chain was keyed stay valid as they are; the keyed chain continues them."""
    prev = GENESIS
    legacy = []
    for i in range(3):
        e = AuditEvent(
            at=timezone.now(),
            action="x.old",
            payload={"n": i},
            prev_hash=prev,
            seq=i + 1,
            version=LEGACY,
        )
        e.hash = hashlib.sha256(e.canonical().encode()).hexdigest()
        legacy.append(e)
        prev = e.hash
    AuditEvent.objects.bulk_create(legacy)
    record("x.new")
    assert verify().ok
    AuditEvent.objects.filter(pk=legacy[1].pk).update(action="x.forged")
    assert verify().first_bad == legacy[1].pk


def test_the_key_file_is_private_and_outside_the_database(db):
    record("x.test")
    path = settings.ACCORD_AUDIT_KEY_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    key = audit_key()
    event = AuditEvent.objects.get()
    assert event.hash == hmac.new(key, event.canonical().encode(), hashlib.sha256).hexdigest()
    assert key.hex() not in json.dumps(list(AuditEvent.objects.values_list("payload", "hash")))


def test_without_the_key_keyed_events_cannot_be_checked(chain, settings, tmp_path):
    settings.ACCORD_AUDIT_KEY_FILE = str(tmp_path / "elsewhere.key")
    with pytest.raises(CannotVerify, match="no audit key"):
        verify()

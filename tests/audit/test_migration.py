"""Events written before the chain was keyed survive the migration as they are, numbered, and still verify."""

import hashlib
import json

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accord.audit.log import GENESIS, record, verify
from accord.audit.models import LEGACY, AuditEvent

BEFORE = [("audit", "0002_initial")]


def _legacy_hash(fields: dict, prev: str) -> str:
    """The hash exactly as the unkeyed version computed it."""
    text = json.dumps(
        {**fields, "actor": None, "prev": prev},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.django_db(transaction=True)
def test_legacy_events_are_numbered_and_keep_their_hashes():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    Old = executor.loader.project_state(BEFORE).apps.get_model("audit", "AuditEvent")
    prev, hashes = GENESIS, []
    for i in range(5):
        at = timezone.now()
        fields = {
            "at": at.isoformat(),
            "actor_name": "",
            "acting_for": "",
            "action": "x.old",
            "object_type": "",
            "object_id": str(i),
            "payload": {"n": i},
        }
        digest = _legacy_hash(fields, prev)
        Old.objects.create(
            at=at, action="x.old", object_id=str(i), payload={"n": i}, prev_hash=prev, hash=digest
        )
        prev = digest
        hashes.append(digest)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    events = list(AuditEvent.objects.order_by("id"))
    assert [(e.seq, e.version, e.hash) for e in events] == [(i + 1, LEGACY, h) for i, h in enumerate(hashes)]
    assert verify().ok

    with transaction.atomic():
        keyed = record("x.new")
    assert keyed.seq == 6 and keyed.prev_hash == hashes[-1]
    assert verify().ok

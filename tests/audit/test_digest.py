"""The worker's periodic checkpoint, and the daily digest that puts a copy of it outside the system."""

import json
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction

from accord.audit.log import record, verify
from accord.base import registry
from accord.base.tasks import audit_checkpoint

pytestmark = pytest.mark.django_db


def _event():
    with transaction.atomic():
        record("admin.add", payload={"n": 1})


def test_the_worker_schedules_a_checkpoint():
    assert any(p.name == "base.audit_checkpoint" for p in registry.PERIODIC_TASKS)


def test_a_checkpoint_is_written_and_mailed_once_a_day(settings, tmp_path):
    settings.ACCORD_AUDIT_DIGEST_TO = ["archive@example.org"]
    _event()
    checkpoint = audit_checkpoint.call()
    lines = Path(settings.ACCORD_AUDIT_CHECKPOINTS).read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["head"] == checkpoint["head"]
    [digest] = mail.outbox
    assert digest.to == ["archive@example.org"] and checkpoint["head"] in digest.body
    _event()
    audit_checkpoint.call()
    assert len(mail.outbox) == 1  # the day's digest is sent once
    # The mailed line is a checkpoint `audit verify --checkpoint` reads: here the chain still matches it.
    kept = tmp_path / "from-mail.jsonl"
    kept.write_text(digest.body.strip().splitlines()[-1] + "\n", encoding="utf-8")
    assert verify(kept).ok


def test_without_addresses_nothing_is_mailed(settings):
    settings.ACCORD_AUDIT_DIGEST_TO = []
    _event()
    assert audit_checkpoint.call() is not None and not mail.outbox

"""Background work of the base layer, and `later()`: how every app puts a task on the worker's queue."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

from accord.audit.log import write_checkpoint

from . import clock, notify

log = logging.getLogger("accord.tasks")


def later(job, *args, when: datetime | None = None) -> None:
    """Enqueue `job(*args)` once the current transaction commits, due at `when` on the application's clock
    (now if None). A queue that cannot take it loses nothing: the worker's periodic sweeps derive the same
    work from the stored timestamps."""

    def enqueue() -> None:
        t = job
        if when is not None and t.get_backend().supports_defer:
            t = t.using(run_after=clock.real(when))
        try:
            t.enqueue(*args)
        except Exception as exc:  # the action is committed; the catch-up sweep will do this work
            log.warning("could not enqueue %s (%s); the periodic sweep will do it", t.name, exc)

    transaction.on_commit(enqueue)


@task()
def send_unsent_mail() -> int:
    """E-mails refused earlier, sent again when their retry time has come."""
    return notify.send_unsent()


@task()
def audit_checkpoint() -> dict | None:
    """A checkpoint of the audit chain's head, appended to the checkpoint file; once a day the latest one
    goes by e-mail to ACCORD_AUDIT_DIGEST_TO too, so a copy lives where no database administrator can
    reach it (Certificate Transparency's signed tree heads, RFC 9162, in spirit)."""
    checkpoint = write_checkpoint()
    if checkpoint is None or not settings.ACCORD_AUDIT_DIGEST_TO:
        return checkpoint
    day = clock.now().date().isoformat()
    sent = Path(settings.ACCORD_AUDIT_CHECKPOINTS).with_suffix(".digest")
    if sent.exists() and sent.read_text(encoding="utf-8").strip() == day:
        return checkpoint
    line = json.dumps(checkpoint, sort_keys=True)
    send_mail(
        f"accord audit digest {day}",
        "The audit chain's head today. Keep this message: `accord audit verify --checkpoint FILE` checks the "
        f"chain against a file holding this line.\n\n{line}\n",
        None,
        settings.ACCORD_AUDIT_DIGEST_TO,
    )
    sent.write_text(day, encoding="utf-8")
    return checkpoint

"""Background work of the base layer, and `later()`: how every app puts a task on the worker's queue."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django_tasks import task

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

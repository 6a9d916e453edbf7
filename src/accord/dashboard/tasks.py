"""Background tasks (django-tasks). The sweep is idempotent, so cron, a queue or both may run it."""

from __future__ import annotations

from django_tasks import task

from accord.base import clock
from accord.base.registry import PERIODIC_TASKS
from accord.orgs.models import Organisation

from .sweep import sweep


@task()
def notification_sweep(org_code: str) -> dict:
    result = sweep(Organisation.objects.get(code=org_code), clock.now())
    return dict(result.sent)


def enqueue_sweeps() -> None:
    """One sweep per organisation (the worker's scheduler calls this every ACCORD_SWEEP_EVERY seconds)."""
    for code in Organisation.objects.values_list("code", flat=True):
        notification_sweep.enqueue(code)


def enqueue_catch_up() -> None:
    """Every periodic task at once (after the demo clock moved, so the worker acts on it within seconds)."""
    for periodic in PERIODIC_TASKS:
        periodic.enqueue()

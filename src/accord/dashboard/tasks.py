"""Background tasks (django-tasks). The sweep is idempotent, so cron, a queue or both may run it."""

from __future__ import annotations

from django_tasks import task

from accord.base import clock
from accord.orgs.models import Organisation

from .sweep import sweep


@task()
def notification_sweep(org_code: str) -> dict:
    result = sweep(Organisation.objects.get(code=org_code), clock.now())
    return dict(result.sent)

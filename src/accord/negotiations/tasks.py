"""Background work: settle silence procedures whose deadline passed or that were broken, and remind members.

Each job only acts on what the stored timestamps already decide (see actions.settle_silences), so a late,
missed or repeated run loses nothing and does nothing twice. Opening a procedure enqueues its settlement
for its deadline; close_due_silences, run every minute by `accord worker`, catches up on anything missed.
"""

from django_tasks import task

from accord.base import clock
from accord.orgs.models import Organisation
from accord.orgs.queries import delegation_people

from .actions import settle_silences
from .reminders import silence_reminders


@task()
def close_due_silences() -> int:
    return len(settle_silences())


@task()
def settle_silence(procedure_id: int) -> int:
    return len(settle_silences(procedure=procedure_id))


@task()
def remind_silences(org_code: str) -> int:
    org = Organisation.objects.filter(code=org_code).first()
    if org is None:
        return 0
    now = clock.now()
    return sum(silence_reminders(org, now, delegation_people(org, now.date())).values())

"""Background work: settle silence procedures whose deadline passed or that were broken.

The job only acts on what the stored timestamps already decide (see actions.settle_silences), so a
late, missed or repeated run loses nothing and does nothing twice.
"""

from django_tasks import task

from .actions import settle_silences


@task()
def close_due_silences() -> int:
    return len(settle_silences())

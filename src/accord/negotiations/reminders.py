"""The negotiations' notices for the reminder sweep: a silence procedure's deadline 48 and 24 hours ahead."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop

from accord.base.notify import At, notify
from accord.core.silence import reminders_due
from accord.orgs.queries import member_codes_on

from .models import SilenceProcedure


def silence_reminders(org, now, people) -> dict[str, int]:
    sent = 0
    recipients = [p for code in sorted(member_codes_on(org, now.date())) for p in people.get(code, [])]
    # Judged at `now`, the sweep's own time, not the clock's: a sweep for a given instant sends the same.
    procedures = (
        SilenceProcedure.objects.filter(draft__organisation=org, settled_at__isnull=True, deadline__gt=now)
        .select_related("draft")
        .prefetch_related("breaks__state")
    )
    for proc in procedures:
        core = proc.core()
        due = reminders_due(core, now, breaks=[b.core() for b in proc.breaks.all()])
        if not due:
            continue
        # Only the nearest reminder due: after a missed run, "48 hours" would be overtaken by the 24 h one.
        hours = int(due[-1].total_seconds() // 3600)
        sent += notify(
            recipients,
            org,
            kind="silence.reminder",
            key=f"silence:{proc.pk}:{proc.deadline.isoformat()}:{hours}h",
            title=(
                gettext_noop("Silence procedure: less than %(hours)s hours left on %(draft)s"),
                {"hours": hours, "draft": proc.draft.title},
            ),
            body=(gettext_noop("Deadline: %(deadline)s"), {"deadline": At(proc.deadline, proc.timezone)}),
            url=reverse("negotiations:draft", kwargs={"org": org.code, "pk": proc.draft_id}),
        )
    return {"silence.reminder": sent} if sent else {}

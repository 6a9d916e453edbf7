"""The notification sweep: what concerns whom, derived from stored dates only.

Every notice has a key made of what it is about and the date it is about (an item's deadline, a report's
year, a silence's deadline), and notify() sends each key once per person. So the sweep can run any
number of times, and a missed run loses nothing: the next one finds the same facts and sends what is due.
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_noop

from accord.core.progress import missing_reports
from accord.core.silence import local_deadline, reminders_due
from accord.orgs.models import Affiliation, AffiliationKind, Organisation, Status
from accord.programmes.models import ActionItem, ImplementationReport, Programme
from accord.web.notify import notify

ITEM_DUE_WITHIN = timedelta(days=14)
# Yearly implementation reports are asked for from 1 June: the RATS Council reviews the year's
# implementation in the second half of the year.
REPORTS_FROM = (6, 1)


@dataclass
class SweepResult:
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def total(self) -> int:
        return sum(self.sent.values())


def _delegations(org: Organisation, day: date) -> dict[str, list]:
    """State code -> people in its delegation on `day` (one query)."""
    out: dict[str, list] = defaultdict(list)
    for a in Affiliation.objects.filter(
        Status.on(day), organisation=org, kind=AffiliationKind.DELEGATION
    ).select_related("person", "state"):
        out[a.state.code].append(a.person)
    return out


def _secretariat(org: Organisation, day: date) -> list:
    return [
        a.person
        for a in Affiliation.objects.filter(
            Status.on(day), organisation=org, kind=AffiliationKind.SECRETARIAT
        ).select_related("person")
    ]


def sweep(org: Organisation, now: datetime) -> SweepResult:
    day = now.date()
    result = SweepResult()
    people = _delegations(org, day)
    _items_due(org, day, people, result)
    _reports_missing(org, day, people, result)
    _silences(org, now, people, result)
    return result


def _items_due(org, day, people, result) -> None:
    items = (
        ActionItem.objects.filter(programme__organisation=org, deadline__lte=day + ITEM_DUE_WITHIN)
        .exclude(state__in=("done", "cancelled"))
        .select_related("programme")
        .prefetch_related("responsible_states")
    )
    staff = None
    for item in items:
        url = (
            reverse("programmes:detail", kwargs={"org": org.code, "code": item.programme.code})
            + f"#item-{item.pk}"
        )
        overdue = item.deadline < day
        recipients = [p for s in item.responsible_states.all() for p in people.get(s.code, [])]
        if not recipients:
            # A body's item (no responsible state): the Secretariat follows it up.
            staff = staff if staff is not None else _secretariat(org, day)
            recipients = staff
        kind = "item.overdue" if overdue else "item.due"
        title = (
            gettext_noop("Overdue: %(code)s %(title)s (deadline %(deadline)s)")
            if overdue
            else gettext_noop("Due soon: %(code)s %(title)s (deadline %(deadline)s)"),
            {"code": item.code, "title": item.title_en, "deadline": item.deadline.isoformat()},
        )
        result.sent[kind] += notify(
            recipients,
            org,
            kind=kind,
            key=f"{kind}:{item.pk}:{item.deadline}",
            title=title,
            body=item.programme.title_en,
            url=url,
        )


def _reports_missing(org, day, people, result) -> None:
    if (day.month, day.day) < REPORTS_FROM:
        return
    programmes = Programme.objects.filter(
        organisation=org,
        start_year__lte=day.year,
        end_year__gte=day.year,
        state__in=("in_implementation", "report_submitted"),
    )
    items = list(
        ActionItem.objects.filter(programme__in=programmes)
        .exclude(state="cancelled")
        .select_related("programme")
        .prefetch_related("responsible_states")
    )
    owing = {i: [s.code for s in i.responsible_states.all()] for i in items}
    by_id = {i.pk: i for i in items}
    filed = [
        (by_id[r["item_id"]], r["state__code"], r["year"])
        for r in ImplementationReport.objects.filter(Q(item__in=items), year=day.year).values(
            "item_id", "state__code", "year"
        )
    ]
    for item, state in missing_reports(owing, filed, day.year):
        url = (
            reverse("programmes:detail", kwargs={"org": org.code, "code": item.programme.code})
            + f"#item-{item.pk}"
        )
        title = (
            gettext_noop("Report missing: %(code)s for %(year)s (%(state)s)"),
            {"code": item.code, "year": day.year, "state": state},
        )
        result.sent["report.missing"] += notify(
            people.get(state, []),
            org,
            kind="report.missing",
            key=f"report.missing:{item.pk}:{state}:{day.year}",
            title=title,
            body=item.title_en,
            url=url,
        )


def _silences(org, now, people, result) -> None:
    # The negotiations app may not be installed in every deployment; without it there is nothing to remind.
    if importlib.util.find_spec("accord.negotiations.models") is None:
        return
    try:
        from accord.negotiations.models import SilenceProcedure
    except ImportError:
        return
    members = Status.objects.filter(Status.on(now.date()), organisation=org, kind="member").values_list(
        "state__code", flat=True
    )
    recipients = [p for code in members for p in people.get(code, [])]
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
        result.sent["silence.reminder"] += notify(
            recipients,
            org,
            kind="silence.reminder",
            key=f"silence:{proc.pk}:{proc.deadline.isoformat()}:{hours}h",
            title=(
                gettext_noop("Silence procedure: less than %(hours)s hours left on %(draft)s"),
                {"hours": hours, "draft": proc.draft.title},
            ),
            body=(
                gettext_noop("Deadline: %(deadline)s (%(zone)s)"),
                {"deadline": local_deadline(core).isoformat(), "zone": proc.timezone},
            ),
            url=reverse("negotiations:draft", kwargs={"org": org.code, "pk": proc.draft_id}),
        )

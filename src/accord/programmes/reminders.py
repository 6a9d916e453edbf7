"""The programmes' notices for the reminder sweep: items due or overdue, yearly reports missing. Keys are
made of what a notice is about and the date it is about, so a repeated sweep sends nothing twice."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_noop

from accord.base.notify import notify
from accord.core.progress import missing_reports
from accord.orgs.queries import secretariat_people

from .models import ActionItem, ImplementationReport, Programme

ITEM_DUE_WITHIN = timedelta(days=14)
# Yearly implementation reports are asked for from 1 June: the RATS Council reviews the year's
# implementation in the second half of the year.
REPORTS_FROM = (6, 1)


def items_due(org, now, people) -> dict[str, int]:
    day, sent = now.date(), Counter()
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
            staff = staff if staff is not None else secretariat_people(org, day)
            recipients = staff
        kind = "item.overdue" if overdue else "item.due"
        title = (
            gettext_noop("Overdue: %(code)s %(title)s (deadline %(deadline)s)")
            if overdue
            else gettext_noop("Due soon: %(code)s %(title)s (deadline %(deadline)s)"),
            {"code": item.code, "title": item.title_en, "deadline": item.deadline},  # the reader's format
        )
        sent[kind] += notify(
            recipients,
            org,
            kind=kind,
            key=f"{kind}:{item.pk}:{item.deadline}",
            title=title,
            body=item.programme.title_en,
            url=url,
        )
    return dict(sent)


def reports_missing(org, now, people) -> dict[str, int]:
    day, sent = now.date(), Counter()
    if (day.month, day.day) < REPORTS_FROM:
        return {}
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
        sent["report.missing"] += notify(
            people.get(state, []),
            org,
            kind="report.missing",
            key=f"report.missing:{item.pk}:{state}:{day.year}",
            title=title,
            body=item.title_en,
            url=url,
        )
    return dict(sent)

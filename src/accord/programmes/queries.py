"""Reads for programmes, each a fixed number of queries whatever the number of programmes or items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from accord.base.validators import MAX_WEIGHT
from accord.core.cycles import Cycle, live_cycles
from accord.core.progress import ActionItemProgress, ProgrammeProgress, missing_reports, roll_up
from accord.core.workflows import PROGRAMME
from accord.orgs.models import Organisation

from .models import ActionItem, ImplementationReport, Programme, ProgrammeStep


@dataclass
class ItemView:
    item: ActionItem
    states: list[str]
    overdue: bool
    reports: list[ImplementationReport] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    # Why the stored weight or percent cannot be counted (the item is left out of the roll-up), or None.
    error: str | None = None


def _within(value, low, high, *, low_open: bool = False) -> bool:
    return (
        isinstance(value, Decimal)
        and value.is_finite()
        and (low < value if low_open else low <= value)
        and value <= high
    )


def item_problem(item: ActionItem) -> str | None:
    """Reads are total: an item whose stored numbers are out of bounds is marked, not counted."""
    if not _within(item.weight, 0, MAX_WEIGHT, low_open=True):
        return gettext("weight out of bounds")
    if not _within(item.percent, 0, 100):
        return gettext("percent out of bounds")
    return None


@dataclass
class ProgrammeView:
    programme: Programme
    progress: ProgrammeProgress
    items: list[ItemView]
    # The live cycle of its series (core.cycles); the last year of a programme being carried out.
    live: bool = False
    final_year: bool = False
    # Agenda items of sessions still ahead that take the programme up: the decisions it awaits.
    pending: list = field(default_factory=list)


def _items_prefetch() -> Prefetch:
    return Prefetch(
        "items",
        queryset=ActionItem.objects.select_related("responsible_body").prefetch_related("responsible_states"),
    )


def _pending_prefetch(today: date) -> Prefetch:
    # Agenda items belong to the meetings app, which takes programmes up (never the other way round):
    # they are reached through the relation it declares.
    agenda_item = Programme._meta.get_field("agenda_items").related_model
    return Prefetch(
        "agenda_items",
        queryset=agenda_item.objects.filter(
            Q(session__end__gte=today) | Q(session__end__isnull=True, session__start__gte=today)
        )
        .select_related("session__body")
        .order_by("session__start", "order"),
        to_attr="upcoming_agenda",
    )


def _cycle(p: Programme) -> Cycle:
    return Cycle(p.pk, p.series, p.start_year, p.state)


def _with_history(reports) -> list[ImplementationReport]:
    """The current version of each state's report for each year (newest first), each with `earlier`: the
    versions it superseded, newest first."""
    current: dict[tuple[int, int], ImplementationReport] = {}
    for r in reports:  # by year, state, then version descending: the first of each pair is current
        key = (r.state_id, r.year)
        if key in current:
            current[key].earlier.append(r)
        else:
            r.earlier = []
            current[key] = r
    return list(current.values())


def _view(programme: Programme, today: date, live: set, with_reports: bool = False) -> ProgrammeView:
    items = list(programme.items.all())
    problems = {i.pk: item_problem(i) for i in items}
    progress = roll_up(
        (
            ActionItemProgress(i.pk, i.weight, i.percent, i.deadline, i.state)
            for i in items
            if problems[i.pk] is None
        ),
        today,
    )
    overdue = set(progress.overdue)
    views = [
        ItemView(i, [s.code for s in i.responsible_states.all()], i.pk in overdue, error=problems[i.pk])
        for i in items
    ]
    if with_reports:
        owing = {v.item.pk: v.states for v in views if v.item.state != "cancelled"}
        filed = []
        for v in views:
            v.reports = _with_history(v.item.reports.all())
            filed += [(v.item.pk, r.state.code, r.year) for r in v.reports]
        missing: dict[int, list[str]] = {}
        for item_id, state in missing_reports(owing, filed, today.year):
            missing.setdefault(item_id, []).append(state)
        for v in views:
            v.missing = (
                missing.get(v.item.pk, []) if programme.start_year <= today.year <= programme.end_year else []
            )
    return ProgrammeView(
        programme,
        progress,
        views,
        live=programme.pk in live,
        final_year=programme.implementing and today.year == programme.end_year,
        pending=programme.upcoming_agenda,
    )


def programmes(org: Organisation, today: date) -> list[ProgrammeView]:
    """Every programme of the organisation with its roll-up and pending decisions (four queries)."""
    qs = list(
        Programme.objects.filter(organisation=org)
        .select_related("reviewing_body", "approving_body")
        .prefetch_related(_items_prefetch(), _pending_prefetch(today))
    )
    live = live_cycles((_cycle(p) for p in qs), PROGRAMME)
    return [_view(p, today, live) for p in qs]


def programme(org: Organisation, code: str, today: date) -> ProgrammeView | None:
    """One programme with its items, reports, pending decisions and who still owes this year's report
    (eight queries)."""
    p = (
        Programme.objects.filter(organisation=org, code=code)
        .select_related("reviewing_body", "approving_body")
        .prefetch_related(
            _items_prefetch(),
            _pending_prefetch(today),
            Prefetch(
                "items__reports",
                queryset=ImplementationReport.objects.select_related("state").order_by(
                    "-year", "state__code", "-version"
                ),
            ),
            Prefetch("steps", queryset=ProgrammeStep.objects.select_related("session__body")),
        )
        .first()
    )
    if p is None:
        return None
    siblings = [p]
    if p.series:
        siblings = list(
            Programme.objects.filter(organisation=org, series=p.series).only(
                "pk", "series", "start_year", "state"
            )
        )
    return _view(p, today, live_cycles((_cycle(s) for s in siblings), PROGRAMME), with_reports=True)


def items_due(org: Organisation, today: date, until: date) -> list[ActionItem]:
    """Open items with a deadline up to `until` (overdue ones included), soonest first (two queries)."""
    return list(
        ActionItem.objects.filter(programme__organisation=org, deadline__lte=until)
        .exclude(state__in=("done", "cancelled"))
        .select_related("programme")
        .prefetch_related("responsible_states")
        .order_by("deadline", "code")
    )


def accountability(org: Organisation, today: date) -> list[ProgrammeView]:
    """What the public accountability page shows: the programmes a decision has approved (not drafts),
    with their items, responsible states and bodies and roll-up (four queries, as `programmes`)."""
    return [v for v in programmes(org, today) if v.programme.state != PROGRAMME.initial]


def progress_by_state(views: list[ProgrammeView]) -> list[tuple[object, float, int]]:
    """(state, mean progress of the items it answers for, number of items) per responsible state, by name;
    cancelled items and items whose stored figures cannot be read are left out."""
    seen: dict[int, list] = {}
    for v in views:
        for iv in v.items:
            if iv.item.state == "cancelled" or iv.error:
                continue
            pct = 100.0 if iv.item.state == "done" else float(iv.item.percent)
            for s in iv.item.responsible_states.all():  # prefetched
                seen.setdefault(s.pk, [s, []])[1].append(pct)
    rows = [(s, sum(p) / len(p), len(p)) for s, p in seen.values()]
    return sorted(rows, key=lambda r: r[0].name)


def programme_row(org: Organisation, code: str) -> Programme:
    """The organisation's programme of this code (the row a write takes); else a 404."""
    return get_object_or_404(Programme, organisation=org, code=code)


def item(org: Organisation, code: str, pk: int) -> ActionItem:
    """An action item of the organisation's programme of this code, with its programme; else a 404."""
    return get_object_or_404(
        ActionItem.objects.select_related("programme"),
        pk=pk,
        programme__code=code,
        programme__organisation=org,
    )

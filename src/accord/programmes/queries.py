"""Reads for programmes, each a fixed number of queries whatever the number of programmes or items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from accord.core.progress import ActionItemProgress, ProgrammeProgress, missing_reports, roll_up
from accord.orgs.models import Organisation

from .models import ActionItem, ImplementationReport, Programme, ProgrammeStep


@dataclass
class ItemView:
    item: ActionItem
    states: list[str]
    overdue: bool
    reports: list[ImplementationReport] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class ProgrammeView:
    programme: Programme
    progress: ProgrammeProgress
    items: list[ItemView]


def _items_prefetch() -> Prefetch:
    return Prefetch(
        "items",
        queryset=ActionItem.objects.select_related("responsible_body").prefetch_related("responsible_states"),
    )


def _view(programme: Programme, today: date, with_reports: bool = False) -> ProgrammeView:
    items = list(programme.items.all())
    progress = roll_up(
        (ActionItemProgress(i.pk, i.weight, i.percent, i.deadline, i.state) for i in items), today
    )
    overdue = set(progress.overdue)
    views = [ItemView(i, [s.code for s in i.responsible_states.all()], i.pk in overdue) for i in items]
    if with_reports:
        owing = {v.item.pk: v.states for v in views if v.item.state != "cancelled"}
        filed = []
        for v in views:
            v.reports = list(v.item.reports.all())
            filed += [(v.item.pk, r.state.code, r.year) for r in v.reports]
        missing: dict[int, list[str]] = {}
        for item_id, state in missing_reports(owing, filed, today.year):
            missing.setdefault(item_id, []).append(state)
        for v in views:
            v.missing = (
                missing.get(v.item.pk, []) if programme.start_year <= today.year <= programme.end_year else []
            )
    return ProgrammeView(programme, progress, views)


def programmes(org: Organisation, today: date) -> list[ProgrammeView]:
    """Every programme of the organisation with its roll-up (three queries)."""
    qs = Programme.objects.filter(organisation=org).prefetch_related(_items_prefetch())
    return [_view(p, today) for p in qs]


def programme(org: Organisation, code: str, today: date) -> ProgrammeView | None:
    """One programme with its items, reports and who still owes this year's report (six queries)."""
    p = (
        Programme.objects.filter(organisation=org, code=code)
        .select_related("reviewing_body", "approving_body")
        .prefetch_related(
            _items_prefetch(),
            Prefetch(
                "items__reports",
                queryset=ImplementationReport.objects.select_related("state").order_by(
                    "-year", "state__code"
                ),
            ),
            Prefetch("steps", queryset=ProgrammeStep.objects.select_related("session__body")),
        )
        .first()
    )
    return _view(p, today, with_reports=True) if p else None


def items_due(org: Organisation, today: date, until: date) -> list[ActionItem]:
    """Open items with a deadline up to `until` (overdue ones included), soonest first (two queries)."""
    return list(
        ActionItem.objects.filter(programme__organisation=org, deadline__lte=until)
        .exclude(state__in=("done", "cancelled"))
        .select_related("programme")
        .prefetch_related("responsible_states")
        .order_by("deadline", "code")
    )

"""What the domain apps contribute to pages and sweeps that span them (the chair's dashboard, the reminder
sweep). Each app adds its parts in its AppConfig.ready(); the dashboard app reads them. So the top layer
never names a domain app, and an app that is not installed simply contributes nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class DashboardPart:
    """One section of the chair's dashboard, from the app that owns what it shows."""

    order: int
    template: str  # rendered with the organisation, today and what `values` returns
    values: Callable[[Any, date], Mapping[str, Any]]  # (organisation, today) -> template values


@dataclass(frozen=True)
class ReminderSource:
    """Notices an app sends when the sweep runs: (organisation, now, delegations) -> {kind: sent}.

    `delegations` maps each state's code to the people in its delegation on that day. A source must be
    idempotent (notify() keys), so the sweep can run any number of times."""

    name: str
    send: Callable[[Any, datetime, Mapping[str, list]], Mapping[str, int]]


DASHBOARD_PARTS: list[DashboardPart] = []
REMINDER_SOURCES: list[ReminderSource] = []


def add_dashboard_part(part: DashboardPart) -> None:
    if part not in DASHBOARD_PARTS:
        DASHBOARD_PARTS.append(part)
        DASHBOARD_PARTS.sort(key=lambda p: p.order)


def add_reminder_source(source: ReminderSource) -> None:
    if all(s.name != source.name for s in REMINDER_SOURCES):
        REMINDER_SOURCES.append(source)


@dataclass(frozen=True)
class PeriodicTask:
    """Work the worker's scheduler enqueues again and again (`accord worker`): each run must be idempotent,
    so that a late, missed or doubled run changes nothing. `every` names the setting with its period in
    seconds; `enqueue` puts one run on the queue."""

    name: str
    every: str
    enqueue: Callable[[], object]


PERIODIC_TASKS: list[PeriodicTask] = []


def add_periodic_task(periodic: PeriodicTask) -> None:
    if all(p.name != periodic.name for p in PERIODIC_TASKS):
        PERIODIC_TASKS.append(periodic)

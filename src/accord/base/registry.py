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


@dataclass(frozen=True)
class ProjectPanel:
    """A section of a pipeline project's page from another app (the project page never names that app).
    `values` returns the template values, or None when the app has nothing to say about the project."""

    order: int
    template: str  # rendered with the organisation, the project and what `values` returns
    values: Callable[[Any, Any], Mapping[str, Any] | None]  # (organisation, project) -> values or None


PROJECT_PANELS: list[ProjectPanel] = []


def add_project_panel(panel: ProjectPanel) -> None:
    if panel not in PROJECT_PANELS:
        PROJECT_PANELS.append(panel)
        PROJECT_PANELS.sort(key=lambda p: p.order)


@dataclass(frozen=True)
class PrioritySource:
    """Another app's priority for the financing optimiser: (organisation, {project code: amount it still
    needs}) -> {code: priority}. A project it gives no figure gets priority 0 under this source."""

    name: str  # the value of the allocation run's `priority` parameter
    priorities: Callable[[Any, Mapping[str, float]], Mapping[str, float]]


PRIORITY_SOURCES: dict[str, PrioritySource] = {}


def add_priority_source(source: PrioritySource) -> None:
    PRIORITY_SOURCES.setdefault(source.name, source)

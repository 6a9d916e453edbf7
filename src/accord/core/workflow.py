"""Workflows as data: states and allowed transitions, enforced in one place.

As with OpenSlides' motion workflows, a lifecycle is a table, not if-chains in views, so the web, the
API and the CLI refuse the same moves with the same message. The concrete tables are in `workflows`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from accord.core.errors import InputError


@dataclass(frozen=True)
class Transition:
    """A permitted move. `permission` names the role the actor must hold; None: no extra role."""

    source: str
    target: str
    permission: str | None = None


@dataclass(frozen=True)
class Workflow:
    name: str
    states: tuple[str, ...]
    initial: str
    transitions: frozenset[Transition]
    terminal: frozenset[str]

    def __post_init__(self) -> None:
        _check_definition(self)

    @classmethod
    def of(
        cls,
        name: str,
        states: Iterable[str],
        initial: str,
        transitions: Mapping[tuple[str, str], str | None] | Iterable[tuple[str, str]],
        terminal: Iterable[str],
    ) -> Workflow:
        """Build from (source, target) pairs, or a mapping of pairs to the permission they need."""
        if isinstance(transitions, Mapping):
            moves = frozenset(Transition(s, t, p) for (s, t), p in transitions.items())
        else:
            moves = frozenset(Transition(s, t) for s, t in transitions)
        return cls(name, tuple(states), initial, moves, frozenset(terminal))


def _check_definition(wf: Workflow) -> None:
    # Workflows are data an organisation may edit, so a broken table is reported, not trusted.
    if not wf.name:
        raise InputError("name", "a workflow needs a name")
    if not wf.states:
        raise InputError("states", f"workflow {wf.name} has no states")
    seen: set[str] = set()
    for state in wf.states:
        if not isinstance(state, str) or not state:
            raise InputError("states", f"workflow {wf.name}: a state must be a non-empty name")
        if state in seen:
            raise InputError("states", f"workflow {wf.name}: state {state} is listed twice")
        seen.add(state)
    if wf.initial not in seen:
        raise InputError("initial", f"workflow {wf.name}: {wf.initial} is not one of its states")
    strangers = sorted(wf.terminal - seen)
    if strangers:
        raise InputError("terminal", f"workflow {wf.name}: {', '.join(strangers)} not among its states")
    pairs: set[tuple[str, str]] = set()
    for move in sorted(wf.transitions, key=lambda m: (m.source, m.target, m.permission or "")):
        where = f"workflow {wf.name}: {move.source} -> {move.target}"
        if move.source not in seen or move.target not in seen:
            raise InputError("transitions", f"{where} names an unknown state")
        if move.source == move.target:
            raise InputError("transitions", f"{where} does not change state")
        if move.source in wf.terminal:
            raise InputError("transitions", f"{where} leaves a terminal state")
        if (move.source, move.target) in pairs:
            raise InputError("transitions", f"{where} is given two different permissions")
        pairs.add((move.source, move.target))
    sources = {source for source, _ in pairs}
    for state in wf.states:
        if state not in wf.terminal and state not in sources:
            raise InputError("terminal", f"workflow {wf.name}: {state} is a dead end but not terminal")
    reached = {wf.initial}
    frontier = [wf.initial]
    while frontier:
        state = frontier.pop()
        for source, target in pairs:
            if source == state and target not in reached:
                reached.add(target)
                frontier.append(target)
    for state in wf.states:
        if state not in reached:
            raise InputError(
                "transitions", f"workflow {wf.name}: {state} cannot be reached from {wf.initial}"
            )


def _known(wf: Workflow, state: str) -> None:
    if state not in wf.states:
        raise InputError(
            "state", f"unknown state {state!r} in workflow {wf.name}; states: {', '.join(wf.states)}"
        )


def allowed_targets(workflow: Workflow, current: str) -> tuple[str, ...]:
    """States reachable in one move from `current`, in the workflow's own order."""
    _known(workflow, current)
    targets = {move.target for move in workflow.transitions if move.source == current}
    return tuple(state for state in workflow.states if state in targets)


def check_transition(workflow: Workflow, current: str, target: str) -> Transition:
    """The transition from `current` to `target`, or InputError on `state` listing what is allowed.

    The caller checks `permission` against the actor's roles: who acts is not the workflow's concern.
    """
    _known(workflow, current)
    _known(workflow, target)
    for move in workflow.transitions:
        if move.source == current and move.target == target:
            return move
    allowed = ", ".join(allowed_targets(workflow, current)) or f"none ({current} is terminal)"
    raise InputError("state", f"cannot move from {current} to {target}; allowed: {allowed}")

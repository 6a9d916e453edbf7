"""Who may do what: the engine, decided here and nowhere else; each app declares its own permissions.

Powers derive from what a person is on a date: their affiliations (a state's delegation and their role
in it, the Secretariat, an investor) and the offices their state holds (the chair of a body comes from
the rotation on that date, never from a flag on the user).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied

from .models import Role

STANCE_ROLES = frozenset({Role.HEAD, Role.DELEGATE})
DELEGATION_ROLES = frozenset({Role.HEAD, Role.DELEGATE, Role.NATIONAL_COORDINATOR})
# The chair's team: the chairing state's head of delegation and national coordinator.
CHAIR_ROLES = frozenset({Role.HEAD, Role.NATIONAL_COORDINATOR})


@dataclass(frozen=True)
class Actor:
    """A person as they stand in one organisation on one date."""

    person_id: int | None
    username: str
    organisation: str
    on: date
    roles: frozenset[tuple[str, str]] = frozenset()  # (state code, role) in delegations
    secretariat: bool = False
    investor: bool = False
    superuser: bool = False
    member_states: frozenset[str] = frozenset()
    partner_states: frozenset[str] = frozenset()
    chairs: dict[str, str] = field(default_factory=dict)  # body code -> state chairing it on `on`

    @property
    def authenticated(self) -> bool:
        return self.person_id is not None

    def states_with(self, roles: frozenset[str]) -> frozenset[str]:
        return frozenset(s for s, r in self.roles if r in roles)

    @property
    def delegation_states(self) -> frozenset[str]:
        return frozenset(s for s, _ in self.roles)

    def chairs_body(self, body: str) -> bool:
        state = self.chairs.get(body)
        return state is not None and state in self.states_with(CHAIR_ROLES)

    @property
    def acting_for(self) -> str:
        """What the audit trail records this actor acted for."""
        if self.secretariat:
            return "secretariat"
        states = sorted(self.delegation_states)
        if states:
            return "delegation:" + ",".join(states)
        return "investor" if self.investor else ""


@dataclass(frozen=True)
class Context:
    state: str | None = None
    body: str | None = None


Rule = Callable[[Actor, Context], bool]


def secretariat(a: Actor, c: Context) -> bool:
    return a.secretariat or a.superuser


def member_delegation(roles: frozenset[str]) -> Rule:
    def rule(a: Actor, c: Context) -> bool:
        return c.state is not None and c.state in a.member_states and c.state in a.states_with(roles)

    return rule


def any_delegation(a: Actor, c: Context) -> bool:
    st = c.state
    return st is not None and st in (a.member_states | a.partner_states) and st in a.delegation_states


def chair_or_secretariat(a: Actor, c: Context) -> bool:
    return secretariat(a, c) or (c.body is not None and a.chairs_body(c.body))


def chair(a: Actor, c: Context) -> bool:
    return c.body is not None and a.chairs_body(c.body)


def investor(a: Actor, c: Context) -> bool:
    return a.investor


def signed_in(a: Actor, c: Context) -> bool:
    return a.authenticated


def insider(a: Actor, c: Context) -> bool:
    """Secretariat or a delegation of a member or partner state: sees unrestricted working documents."""
    return secretariat(a, c) or bool(a.delegation_states & (a.member_states | a.partner_states))


def member_insider(a: Actor, c: Context) -> bool:
    """Secretariat or a member state's delegation: sees restricted drafts."""
    return secretariat(a, c) or bool(a.delegation_states & a.member_states)


# Each app declares the permissions it checks (its permissions.py, from AppConfig.ready()); the
# foundation's own are the ones every app relies on.
PERMISSIONS: dict[str, Rule] = {
    "reference.manage": secretariat,
    "documents.view": insider,
    "documents.view_restricted": member_insider,
}


def declare(permissions: dict[str, Rule]) -> None:
    """Add an app's permissions; a name is declared once, by one app."""
    for name, rule in permissions.items():
        if PERMISSIONS.get(name, rule) is not rule:
            raise ValueError(f"permission {name!r} is declared twice")
        PERMISSIONS[name] = rule


def allowed(actor: Actor, permission: str, *, state: str | None = None, body: str | None = None) -> bool:
    try:
        rule = PERMISSIONS[permission]
    except KeyError:
        raise ValueError(f"unknown permission {permission!r}") from None
    return rule(actor, Context(state=state, body=body))


def require(
    actor: Actor | None, permission: str, *, state: str | None = None, body: str | None = None
) -> None:
    """Refuse (PermissionDenied) unless `actor` may; None is the product itself (the data loaders, the
    demo, the worker), which acts on no one's behalf and has nothing to check."""
    if actor is None:
        return
    if not allowed(actor, permission, state=state, body=body):
        raise PermissionDenied(
            f"{actor.username or 'anonymous'} may not {permission}"
            + (f" for {state}" if state else "")
            + (f" in {body}" if body else "")
        )

"""Who may do what in projects: rules built from the foundation's (accord.orgs.permissions), which
decides who a person is on a date."""

from accord.core.workflows import DELEGATE
from accord.orgs.permissions import (
    DELEGATION_ROLES,
    Actor,
    allowed,
    investor,
    member_delegation,
    require,
    secretariat,
)
from accord.orgs.permissions import declare as declare_permissions

PERMISSIONS = {
    "project.propose": member_delegation(DELEGATION_ROLES),
    "project.manage": secretariat,
    "funder.manage": secretariat,
    "allocation.run": secretariat,
    "commitment.register": investor,
    "commitment.view_all": secretariat,
}


def _stage_rule(project, role: str | None) -> tuple[str, dict[str, str]]:
    """A delegate move is made by the lead state's delegation; every other move by the secretariat."""
    if role == DELEGATE:
        return "project.propose", {"state": project.lead_state.code}
    return "project.manage", {}


def may_move(actor: Actor, project, role: str | None) -> bool:
    """Whether `actor` may make a stage move of this `role` (the workflow's permission) on `project`."""
    perm, scope = _stage_rule(project, role)
    return allowed(actor, perm, **scope)


def require_move(actor: Actor, project, role: str | None) -> None:
    perm, scope = _stage_rule(project, role)
    require(actor, perm, **scope)


def declare() -> None:
    declare_permissions(PERMISSIONS)

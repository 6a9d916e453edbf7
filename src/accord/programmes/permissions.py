"""Who may do what in programmes: rules built from the foundation's (accord.orgs.permissions), which
decides who a person is on a date."""

from accord.orgs.permissions import DELEGATION_ROLES, Actor, allowed, member_delegation, secretariat
from accord.orgs.permissions import declare as declare_permissions

PERMISSIONS = {
    "programme.manage": secretariat,
    "report.file": member_delegation(DELEGATION_ROLES),
}


def declare() -> None:
    declare_permissions(PERMISSIONS)


def may_implement(actor: Actor, item) -> bool:
    """Implementer moves of an action item: the Secretariat, or a delegation of a responsible state."""
    if allowed(actor, "programme.manage"):
        return True
    return any(allowed(actor, "report.file", state=s.code) for s in item.responsible_states.all())

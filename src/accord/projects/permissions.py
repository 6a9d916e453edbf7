"""Who may do what in projects: rules built from the foundation's (accord.orgs.permissions), which
decides who a person is on a date."""

from accord.orgs.permissions import DELEGATION_ROLES, investor, member_delegation, secretariat
from accord.orgs.permissions import declare as declare_permissions

PERMISSIONS = {
    "project.propose": member_delegation(DELEGATION_ROLES),
    "project.manage": secretariat,
    "funder.manage": secretariat,
    "allocation.run": secretariat,
    "commitment.register": investor,
    "commitment.view_all": secretariat,
}


def declare() -> None:
    declare_permissions(PERMISSIONS)

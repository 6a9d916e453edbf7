"""Who may do what in programmes: rules built from the foundation's (accord.orgs.permissions), which
decides who a person is on a date."""

from accord.orgs.permissions import DELEGATION_ROLES, member_delegation, secretariat
from accord.orgs.permissions import declare as declare_permissions

PERMISSIONS = {
    "programme.manage": secretariat,
    "report.file": member_delegation(DELEGATION_ROLES),
}


def declare() -> None:
    declare_permissions(PERMISSIONS)

"""Who may do what in meetings: rules built from the foundation's (accord.orgs.permissions), which
decides who a person is on a date."""

from accord.orgs.permissions import chair_or_secretariat
from accord.orgs.permissions import declare as declare_permissions

PERMISSIONS = {
    "meeting.manage": chair_or_secretariat,
}


def declare() -> None:
    declare_permissions(PERMISSIONS)

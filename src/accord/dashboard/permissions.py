"""Who may see the chair's dashboard and the inbox: rules built from the foundation's
(accord.orgs.permissions), which decides who a person is on a date."""

from accord.orgs.permissions import chair_or_secretariat, signed_in
from accord.orgs.permissions import declare as declare_permissions

PERMISSIONS = {
    "dashboard.chair": chair_or_secretariat,
    "notifications.view": signed_in,
}


def declare() -> None:
    declare_permissions(PERMISSIONS)

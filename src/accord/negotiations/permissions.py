"""Who may do what in negotiations: rules built from the foundation's (accord.orgs.permissions), which
decides who a person is on a date."""

from accord.orgs.permissions import (
    STANCE_ROLES,
    Role,
    any_delegation,
    chair,
    chair_or_secretariat,
    member_delegation,
    secretariat,
)
from accord.orgs.permissions import declare as declare_permissions

PERMISSIONS = {
    "draft.manage": secretariat,
    "stance.state": member_delegation(STANCE_ROLES),
    "comment.post": any_delegation,
    "package.solve": chair_or_secretariat,
    # A member delegation tables an option or a provision for its own state (docs/negotiations.md).
    "amendment.table": member_delegation(STANCE_ROLES),
    "proposal.make": chair_or_secretariat,
    "silence.open": chair,
    "silence.break": member_delegation(frozenset({Role.HEAD})),
    "adoption.record": chair_or_secretariat,
    # The language service is the Secretariat: it writes and verifies the versions in the official
    # languages, clears alignment warnings and keeps the terminology base.
    "text.translate": secretariat,
    "text.verify": secretariat,
    "terms.manage": secretariat,
}


def declare() -> None:
    declare_permissions(PERMISSIONS)

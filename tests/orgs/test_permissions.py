"""The permission matrix: every permission against every kind of user, on a date in KZ's chairmanship."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from accord.orgs.permissions import PERMISSIONS, allowed, require
from accord.orgs.queries import actor_for

ON = date(2024, 3, 1)  # Kazakhstan chairs the CHS (term 5 Jul 2023 - 4 Jul 2024)

# permission, context, the people allowed (everyone else must be refused)
MATRIX = [
    ("reference.manage", {}, {"secretariat"}),
    (
        "documents.view",
        {},
        {
            "secretariat",
            "kz_head",
            "kz_delegate",
            "kz_nc",
            "in_head",
            "in_delegate",
            "cn_head",
            "mn_delegate",
        },
    ),
    (
        "documents.view_restricted",
        {},
        {"secretariat", "kz_head", "kz_delegate", "kz_nc", "in_head", "in_delegate", "cn_head"},
    ),
    ("draft.manage", {}, {"secretariat"}),
    ("stance.state", {"state": "KZ"}, {"kz_head", "kz_delegate"}),
    ("stance.state", {"state": "IN"}, {"in_head", "in_delegate"}),
    ("stance.state", {"state": "MN"}, set()),  # a partner sees but cannot block
    ("comment.post", {"state": "MN"}, {"mn_delegate"}),
    ("comment.post", {"state": "IN"}, {"in_head", "in_delegate"}),
    ("package.solve", {"body": "CHS"}, {"secretariat", "kz_head", "kz_nc"}),
    ("amendment.table", {"state": "KZ"}, {"kz_head", "kz_delegate"}),
    ("amendment.table", {"state": "MN"}, set()),  # a partner comments but does not table
    ("proposal.make", {"body": "CHS"}, {"secretariat", "kz_head", "kz_nc"}),
    ("silence.open", {"body": "CHS"}, {"kz_head", "kz_nc"}),
    ("silence.open", {"body": "CNC"}, {"kz_head", "kz_nc"}),  # the CNC follows the CHS chair
    ("silence.open", {"body": "CHG"}, set()),  # CHG 2023-24 chair is Pakistan: no Pakistani here
    ("silence.break", {"state": "CN"}, {"cn_head"}),
    ("silence.break", {"state": "KZ"}, {"kz_head"}),
    ("adoption.record", {"body": "CHS"}, {"secretariat", "kz_head", "kz_nc"}),
    ("text.translate", {}, {"secretariat"}),
    ("text.verify", {}, {"secretariat"}),
    ("terms.manage", {}, {"secretariat"}),
    ("project.propose", {"state": "KZ"}, {"kz_head", "kz_delegate", "kz_nc"}),
    ("project.propose", {"state": "MN"}, set()),
    ("project.manage", {}, {"secretariat"}),
    ("funder.manage", {}, {"secretariat"}),
    ("allocation.run", {}, {"secretariat"}),
    ("commitment.register", {}, {"investor"}),
    ("commitment.view_all", {}, {"secretariat"}),
    ("programme.manage", {}, {"secretariat"}),
    ("report.file", {"state": "IN"}, {"in_head", "in_delegate"}),
    ("meeting.manage", {"body": "CHS"}, {"secretariat", "kz_head", "kz_nc"}),
    ("dashboard.chair", {"body": "CHS"}, {"secretariat", "kz_head", "kz_nc"}),
    (
        "notifications.view",
        {},
        {
            "secretariat",
            "kz_head",
            "kz_delegate",
            "kz_nc",
            "in_head",
            "in_delegate",
            "cn_head",
            "mn_delegate",
            "investor",
            "public",
        },
    ),
]


def test_matrix_covers_every_permission():
    assert {p for p, _, _ in MATRIX} == set(PERMISSIONS)


@pytest.mark.parametrize("permission,context,expected", MATRIX, ids=[f"{p}-{c}" for p, c, _ in MATRIX])
def test_permission_matrix(people, sco, permission, context, expected):
    for name, person in people.items():
        actor = actor_for(person, sco, ON)
        assert allowed(actor, permission, **context) == (name in expected), (name, permission, context)
    anonymous = actor_for(None, sco, ON)
    assert not allowed(anonymous, permission, **context)


def test_chair_powers_follow_the_date(people, sco):
    """On 5 Jul 2024 China chairs: Kazakhstan's head has lost the chair's powers, China's has them."""
    after = date(2024, 7, 5)
    assert not allowed(actor_for(people["kz_head"], sco, after), "silence.open", body="CHS")
    assert allowed(actor_for(people["cn_head"], sco, after), "silence.open", body="CHS")


def test_membership_follows_the_date(make_person, sco):
    """India's delegate could not state a member's position in 2010, when India was an observer."""
    person = make_person("in-old", "delegation", "delegate", "IN")
    assert not allowed(actor_for(person, sco, date(2010, 1, 1)), "stance.state", state="IN")
    assert allowed(actor_for(person, sco, date(2010, 1, 1)), "comment.post", state="IN")
    assert allowed(actor_for(person, sco, date(2018, 1, 1)), "stance.state", state="IN")


def test_ended_affiliation_gives_nothing(make_person, sco):
    person = make_person("gone", "delegation", "head", "KZ", end=date(2020, 1, 1))
    assert not allowed(actor_for(person, sco, ON), "stance.state", state="KZ")


def test_require_raises_and_unknown_permission(people, sco):
    with pytest.raises(PermissionDenied):
        require(actor_for(people["public"], sco, ON), "draft.manage")
    with pytest.raises(ValueError):
        allowed(actor_for(people["public"], sco, ON), "no.such.permission")

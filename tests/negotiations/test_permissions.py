"""Every write against every role that must be refused (403, or 404 where the draft must not be seen)."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied

from accord.negotiations import actions
from accord.orgs.queries import actor_for

from .conftest import authenticate, stance

pytestmark = pytest.mark.django_db

ROLES = [
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
    None,
]


def _writes(draft, sco):
    proc = {}

    def open_silence(a):
        return actions.open_silence(
            a, authenticate(draft), deadline=datetime(2024, 3, 9, tzinfo=UTC), timezone="Asia/Almaty"
        )

    def break_silence(a):
        if "p" not in proc:
            proc["p"] = actions.open_silence(
                None, authenticate(draft), deadline=datetime(2024, 3, 9, tzinfo=UTC), timezone="Asia/Almaty"
            )
        return actions.break_silence(a, proc["p"], "IN", kind="objection", text="No")

    return {
        # write: roles allowed (all others refused)
        "create_draft": (lambda a: actions.create_draft(a, sco, body="CHS", title="x"), {"secretariat"}),
        "add_provision": (
            lambda a: actions.add_provision(a, draft, kind="OP", options=[{"text": "t"}]),
            {"secretariat"},
        ),
        "new_round": (lambda a: actions.new_round(a, draft), {"secretariat"}),
        "add_option": (
            lambda a: actions.add_option(a, draft.provisions.get(), text="t", proposed_by="KZ"),
            {"secretariat"},
        ),
        "edit_option": (
            lambda a: actions.edit_option(a, draft.provisions.get().options.get(letter="A"), "t"),
            {"secretariat"},
        ),
        "remove_option": (
            lambda a: actions.remove_option(a, draft.provisions.get().options.get(letter="B")),
            {"secretariat"},
        ),
        "open_negotiation": (
            lambda a: actions.open_negotiation(a, actions.create_draft(None, sco, body="CHS", title="x")),
            {"secretariat", "kz_head", "kz_nc"},
        ),
        "stance_for_IN": (
            lambda a: actions.set_stance(a, draft, "IN", actions.StanceInput("PP1", "A", "object")),
            {"in_head", "in_delegate"},
        ),
        "comment_for_MN": (lambda a: actions.post_comment(a, draft, "MN", "A remark"), {"mn_delegate"}),
        "comment_for_IN": (
            lambda a: actions.post_comment(a, draft, "IN", "A remark"),
            {"in_head", "in_delegate"},
        ),
        "open_silence": (open_silence, {"kz_head", "kz_nc"}),
        "break_silence_for_IN": (break_silence, {"in_head"}),
        "adopt": (lambda a: actions.adopt(a, authenticate(draft)), {"secretariat", "kz_head", "kz_nc"}),
    }


@pytest.mark.parametrize(
    "write",
    [
        "create_draft",
        "add_provision",
        "new_round",
        "add_option",
        "edit_option",
        "remove_option",
        "open_negotiation",
        "stance_for_IN",
        "comment_for_MN",
        "comment_for_IN",
        "open_silence",
        "break_silence_for_IN",
        "adopt",
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_matrix(write, role, make_draft, people, sco):
    draft = make_draft(n=1)
    fn, allowed_roles = _writes(draft, sco)[write]
    actor = actor_for(people[role] if role else None, sco)
    if role in allowed_roles:
        fn(actor)
    else:
        with pytest.raises(PermissionDenied):
            fn(actor)


def test_partner_comments_never_block(make_draft, people, sco):
    draft = make_draft(n=1)
    actions.post_comment(actor_for(people["mn_delegate"], sco), draft, "MN", "Mongolia objects strongly")
    from accord.negotiations import queries

    assert queries.consensus_map(queries.text_of(draft)).status == "open"
    with pytest.raises(PermissionDenied):
        stance(draft, "MN", "PP1", "A", "object") if False else actions.set_stance(
            actor_for(people["mn_delegate"], sco), draft, "MN", actions.StanceInput("PP1", "A", "object")
        )

"""Decision rules and the consensus map."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.consensus import (
    STRENGTH,
    Consensus,
    ConsensusMinusOne,
    Decision,
    DecisionRule,
    InterestedMembers,
    document_status,
    provision_status,
    strongest,
)
from accord.core.errors import InputError
from accord.core.packages import (
    BLOCKING_KINDS,
    STANCE_KINDS,
    Condition,
    PackageProblem,
    Provision,
    Stance,
    evaluate,
    solve,
)

MEMBERS = ("BY", "CN", "IN", "KZ", "RU")
OP3 = Provision("OP3", ("A", "B", "DELETE"))


def s(member: str, option: str, kind: str, *unless: Condition, provision: str = "OP3") -> Stance:
    return Stance(member, provision, option, kind, tuple(unless))  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------ rules


def test_consensus_is_stopped_by_any_member_blocking() -> None:
    decision = Consensus().decide(
        MEMBERS, [s("RU", "A", "reserve"), s("CN", "A", "object"), s("KZ", "A", "support")]
    )
    assert decision == Decision(False, MEMBERS, ("CN", "RU"), ())


def test_consensus_ignores_support_dissociation_and_partners() -> None:
    applying = [s("KZ", "A", "support"), s("IN", "A", "dissociate"), s("MN", "A", "object")]
    decision = Consensus().decide(MEMBERS, applying)
    assert decision.adopted
    assert decision.set_aside == ("MN",)  # a partner sees but cannot block


def test_consensus_minus_one_sets_the_state_concerned_aside() -> None:
    rule = ConsensusMinusOne("BY")
    decision = rule.decide(MEMBERS, [s("BY", "A", "object")])
    assert decision == Decision(True, ("CN", "IN", "KZ", "RU"), (), ("BY",))
    assert not rule.decide(MEMBERS, [s("BY", "A", "object"), s("IN", "A", "reserve")]).adopted


def test_consensus_minus_one_needs_a_member() -> None:
    with pytest.raises(InputError) as caught:
        ConsensusMinusOne("MN").decide(MEMBERS, [])
    assert caught.value.field == "state_concerned"


def test_interested_members_go_ahead_without_the_others() -> None:
    rule = InterestedMembers(("RU", "CN", "KZ"))
    decision = rule.decide(MEMBERS, [s("IN", "A", "object")])
    assert decision == Decision(True, ("CN", "KZ", "RU"), (), ("IN",))
    assert rule.decide(MEMBERS, [s("KZ", "A", "reserve")]).blocked_by == ("KZ",)


def test_interested_members_must_be_members_and_some() -> None:
    with pytest.raises(InputError) as caught:
        InterestedMembers(())
    assert caught.value.field == "interested"
    with pytest.raises(InputError) as caught:
        InterestedMembers(("CN", "MN")).decide(MEMBERS, [])
    assert caught.value.field == "interested[1]"


applying_stances = st.lists(
    st.builds(
        s, st.sampled_from((*MEMBERS, "MN")), st.sampled_from(OP3.options), st.sampled_from(STANCE_KINDS)
    ),
    max_size=8,
)
rules = st.one_of(
    st.just(Consensus()),
    st.builds(ConsensusMinusOne, st.sampled_from(MEMBERS)),
    st.builds(InterestedMembers, st.lists(st.sampled_from(MEMBERS), min_size=1, unique=True).map(tuple)),
)


@given(rule=rules, applying=applying_stances)
def test_a_decision_accounts_for_every_blocking_stance_once(
    rule: DecisionRule, applying: list[Stance]
) -> None:
    decision = rule.decide(MEMBERS, applying)
    blockers = {x.member for x in applying if x.stance in BLOCKING_KINDS}
    assert decision.adopted == (not decision.blocked_by)
    assert set(decision.blocked_by) <= set(decision.participants) <= set(MEMBERS)
    assert set(decision.blocked_by) | set(decision.set_aside) == blockers
    assert not set(decision.blocked_by) & set(decision.set_aside)


@given(rule=rules, applying=applying_stances, extra=st.sampled_from(MEMBERS))
def test_one_more_objection_never_helps_adoption(
    rule: DecisionRule, applying: list[Stance], extra: str
) -> None:
    more = [*applying, s(extra, "A", "object")]
    assert rule.decide(MEMBERS, more).adopted <= rule.decide(MEMBERS, applying).adopted


@given(applying=applying_stances)
def test_all_members_interested_is_consensus(applying: list[Stance]) -> None:
    assert InterestedMembers(MEMBERS).decide(MEMBERS, applying) == Consensus().decide(MEMBERS, applying)


# --------------------------------------------------------------------------------------- consensus map


def test_provision_with_one_clear_option_is_agreed_on_it() -> None:
    row = provision_status(MEMBERS, OP3, [s("IN", "A", "object"), s("CN", "DELETE", "reserve")])
    assert (row.status, row.agreed_option, row.blocked_by) == ("agreed", "B", ())
    assert [(o.option, o.status, o.blocked_by) for o in row.options] == [
        ("A", "blocked", ("IN",)),
        ("B", "clear", ()),
        ("DELETE", "blocked", ("CN",)),
    ]


def test_provision_with_several_clear_options_is_open() -> None:
    row = provision_status(MEMBERS, OP3, [s("IN", "A", "object"), s("RU", "B", "support")])
    assert (row.status, row.agreed_option) == ("open", None)


def test_single_option_provision_nobody_blocks_is_agreed() -> None:
    assert provision_status(MEMBERS, Provision("PP1", ("A",)), []).agreed_option == "A"


def test_provision_blocked_everywhere_names_who_blocks() -> None:
    stances = [
        s("RU", "A", "object"),
        s("IN", "B", "reserve"),
        s("CN", "DELETE", "object"),
        s("BY", "A", "object"),
    ]
    row = provision_status(MEMBERS, OP3, stances)
    assert (row.status, row.blocked_by) == ("blocked", ("BY", "CN", "IN", "RU"))


def test_conditional_objection_counts_until_the_text_meets_its_conditions() -> None:
    stances = [s("IN", "A", "object"), s("CN", "B", "object", Condition("PP1", "A"))]
    assert provision_status(MEMBERS, OP3, stances).agreed_option == "DELETE"
    assert provision_status(MEMBERS, OP3, stances, chosen={"PP1": "B"}).agreed_option == "DELETE"
    assert provision_status(MEMBERS, OP3, stances, chosen={"PP1": "A"}).status == "open"


def test_rule_decides_whose_blocking_counts_on_the_map() -> None:
    stances = [s("BY", "A", "object"), s("BY", "B", "object"), s("BY", "DELETE", "object")]
    assert provision_status(MEMBERS, OP3, stances).status == "blocked"
    assert provision_status(MEMBERS, OP3, stances, rule=ConsensusMinusOne("BY")).status == "open"


def test_cells_show_each_members_strongest_standing_stance() -> None:
    stances = [
        s("CN", "A", "support"),
        s("CN", "B", "reserve"),
        s("IN", "B", "dissociate"),
        s("KZ", "A", "support"),
        s("RU", "DELETE", "object", Condition("PP1", "A")),
        s("MN", "A", "object"),
        s("BY", "A", "object", provision="PP1"),
    ]
    row = provision_status(MEMBERS, OP3, stances, chosen={"PP1": "A"})
    assert row.cells == {"BY": "accept", "CN": "reserve", "IN": "dissociate", "KZ": "support", "RU": "accept"}


def test_map_rejects_a_stance_on_an_unknown_option() -> None:
    with pytest.raises(InputError):
        provision_status(MEMBERS, OP3, [s("RU", "C", "object")])


def test_nothing_is_agreed_until_everything_is_agreed() -> None:
    pp1 = Provision("PP1", ("A", "B"))
    agreed_op3 = [s("IN", "A", "object"), s("CN", "DELETE", "object")]
    doc = document_status(MEMBERS, [pp1, OP3], agreed_op3)
    assert doc.status == "open"  # PP1 has two clear options
    doc = document_status(MEMBERS, [pp1, OP3], [*agreed_op3, s("RU", "B", "object", provision="PP1")])
    assert doc.status == "agreed"
    assert [row.agreed_option for row in doc.provisions] == ["A", "B"]
    all_pp1 = [s("RU", "A", "object", provision="PP1"), s("KZ", "B", "reserve", provision="PP1")]
    assert document_status(MEMBERS, [pp1, OP3], all_pp1).status == "blocked"
    assert document_status(MEMBERS, [], []).status == "agreed"


def test_strongest_orders_stances() -> None:
    assert strongest([]) == "accept"
    assert strongest(["support", "dissociate"]) == "dissociate"
    assert strongest(["reserve", "object", "support"]) == "object"
    assert STRENGTH[-1] == "accept"


# ---------------------------------------------------------------------- the map agrees with the solver


@st.composite
def unconditional_problems(draw: st.DrawFn) -> PackageProblem:
    provisions = tuple(
        Provision(f"P{i}", tuple("ABC"[: draw(st.integers(1, 3))])) for i in range(draw(st.integers(0, 3)))
    )
    slots = [(m, p.id, o) for m in MEMBERS[:3] for p in provisions for o in p.options]
    chosen = draw(st.lists(st.sampled_from(slots), unique=True, max_size=12)) if slots else []
    stances = tuple(Stance(m, p, o, draw(st.sampled_from(STANCE_KINDS))) for m, p, o in chosen)
    return PackageProblem(MEMBERS, provisions, stances)


@settings(max_examples=200, deadline=None)
@given(problem=unconditional_problems())
def test_map_status_matches_what_the_solver_finds(problem: PackageProblem) -> None:
    doc = document_status(problem.members, problem.provisions, problem.stances)
    assert (doc.status == "agreed") == all(row.status == "agreed" for row in doc.provisions)
    result = solve(problem)
    # Without conditions, consensus is possible exactly when no provision is blocked.
    assert result.consensus == (doc.status != "blocked")
    if doc.status == "agreed":
        package = {row.provision: row.agreed_option or "" for row in doc.provisions}
        assert evaluate(problem, package).consensus

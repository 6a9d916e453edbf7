import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.core.errors import InputError
from accord.core.workflow import Transition, Workflow, allowed_targets, check_transition
from accord.core.workflows import (
    ACTION_ITEM,
    CHAIR,
    COMMITMENT,
    DRAFT,
    PROGRAMME,
    PROJECT,
    SECRETARIAT,
    SYSTEM,
)

WORKFLOWS = [DRAFT, PROJECT, COMMITMENT, ACTION_ITEM, PROGRAMME]


def refusal(workflow: Workflow, current: str, target: str) -> InputError:
    with pytest.raises(InputError) as excinfo:
        check_transition(workflow, current, target)
    assert excinfo.value.field == "state"
    return excinfo.value


# the engine


def test_pairs_build_transitions_without_permission() -> None:
    wf = Workflow.of("doc", ["open", "closed"], "open", [("open", "closed")], ["closed"])
    assert wf.transitions == frozenset({Transition("open", "closed")})
    assert check_transition(wf, "open", "closed").permission is None


def test_mapping_carries_permissions() -> None:
    wf = Workflow.of("doc", ["open", "closed"], "open", {("open", "closed"): "chair"}, ["closed"])
    assert check_transition(wf, "open", "closed") == Transition("open", "closed", "chair")


def test_refusal_lists_allowed_targets_in_state_order() -> None:
    error = refusal(DRAFT, "negotiation", "drafting")
    assert error.message == "cannot move from negotiation to drafting; allowed: silence, adopted, withdrawn"


def test_refusal_from_terminal_state_says_so() -> None:
    error = refusal(DRAFT, "adopted", "negotiation")
    assert error.message == "cannot move from adopted to negotiation; allowed: none (adopted is terminal)"


def test_staying_put_is_not_a_transition() -> None:
    refusal(DRAFT, "negotiation", "negotiation")


@pytest.mark.parametrize(("current", "target"), [("bogus", "negotiation"), ("drafting", "bogus")])
def test_unknown_state_is_refused(current: str, target: str) -> None:
    error = refusal(DRAFT, current, target)
    assert "unknown state 'bogus' in workflow draft" in error.message


def test_allowed_targets_of_unknown_state_is_refused() -> None:
    with pytest.raises(InputError) as excinfo:
        allowed_targets(DRAFT, "bogus")
    assert excinfo.value.field == "state"


@pytest.mark.parametrize(
    ("states", "initial", "transitions", "terminal", "field"),
    [
        ([], "a", [], [], "states"),
        (["a", "a"], "a", [], ["a"], "states"),
        (["a", ""], "a", [("a", "")], [""], "states"),
        (["a", "b"], "c", [("a", "b")], ["b"], "initial"),
        (["a", "b"], "a", [("a", "b")], ["b", "z"], "terminal"),
        (["a", "b"], "a", [("a", "z")], ["b"], "transitions"),
        (["a", "b"], "a", [("a", "b"), ("a", "a")], ["b"], "transitions"),
        (["a", "b"], "a", [("a", "b"), ("b", "a")], ["b"], "transitions"),
        (["a", "b", "c"], "a", [("a", "b")], ["b"], "terminal"),
        (["a", "b", "c"], "a", [("a", "b"), ("c", "b")], ["b"], "transitions"),
    ],
    ids=[
        "no states",
        "duplicate state",
        "empty name",
        "unknown initial",
        "unknown terminal",
        "unknown target",
        "self loop",
        "leaves terminal",
        "dead end",
        "unreachable",
    ],
)
def test_broken_definitions_are_refused(
    states: list[str], initial: str, transitions: list[tuple[str, str]], terminal: list[str], field: str
) -> None:
    with pytest.raises(InputError) as excinfo:
        Workflow.of("w", states, initial, transitions, terminal)
    assert excinfo.value.field == field


def test_two_permissions_for_one_move_are_refused() -> None:
    moves = frozenset({Transition("a", "b", "chair"), Transition("a", "b", "secretariat")})
    with pytest.raises(InputError, match="two different permissions"):
        Workflow("w", ("a", "b"), "a", moves, frozenset({"b"}))


def test_nameless_workflow_is_refused() -> None:
    with pytest.raises(InputError) as excinfo:
        Workflow.of("", ["a"], "a", [], ["a"])
    assert excinfo.value.field == "name"


# the concrete workflows


def test_draft_path_through_silence() -> None:
    assert check_transition(DRAFT, "drafting", "negotiation").permission == CHAIR
    assert check_transition(DRAFT, "negotiation", "silence").permission == CHAIR
    assert check_transition(DRAFT, "silence", "adopted").permission == SYSTEM
    assert check_transition(DRAFT, "silence", "negotiation").permission == SYSTEM
    assert allowed_targets(DRAFT, "silence") == ("negotiation", "adopted")
    refusal(DRAFT, "silence", "withdrawn")
    refusal(DRAFT, "drafting", "silence")


def test_project_may_be_dropped_at_any_stage_before_completion() -> None:
    for stage in ("concept", "proposed", "endorsed", "financing", "implementation"):
        assert "dropped" in allowed_targets(PROJECT, stage)
    assert allowed_targets(PROJECT, "completed") == ()
    refusal(PROJECT, "concept", "endorsed")


def test_commitment_firms_up_in_order() -> None:
    assert allowed_targets(COMMITMENT, "interest") == ("soft", "withdrawn")
    assert allowed_targets(COMMITMENT, "firm") == ("withdrawn",)
    refusal(COMMITMENT, "interest", "firm")
    refusal(COMMITMENT, "firm", "soft")


def test_action_item_delay_and_resume() -> None:
    assert allowed_targets(ACTION_ITEM, "in_progress") == ("delayed", "done", "cancelled")
    assert allowed_targets(ACTION_ITEM, "delayed") == ("in_progress", "cancelled")
    assert check_transition(ACTION_ITEM, "planned", "cancelled").permission == SECRETARIAT
    refusal(ACTION_ITEM, "planned", "done")
    refusal(ACTION_ITEM, "done", "in_progress")


def test_programme_runs_yearly_report_cycles_until_completed() -> None:
    path = [
        "draft",
        "approved_by_rats_council",
        "approved_by_chs",
        "in_implementation",
        *[
            "report_submitted",
            "report_reviewed_by_rats_council",
            "report_approved_by_chs",
            "in_implementation",
        ]
        * 2,
        "report_submitted",
        "report_reviewed_by_rats_council",
        "report_approved_by_chs",
        "completed",
    ]
    for current, target in itertools.pairwise(path):
        check_transition(PROGRAMME, current, target)
    # Neither approval can be skipped, and completion needs the last report approved.
    refusal(PROGRAMME, "draft", "approved_by_chs")
    refusal(PROGRAMME, "report_submitted", "report_approved_by_chs")
    refusal(PROGRAMME, "in_implementation", "completed")


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda wf: wf.name)
def test_terminal_states_are_exactly_those_without_moves(workflow: Workflow) -> None:
    assert {s for s in workflow.states if not allowed_targets(workflow, s)} == workflow.terminal
    assert workflow.initial not in workflow.terminal


@given(st.sampled_from(WORKFLOWS).flatmap(lambda wf: st.tuples(st.just(wf), st.sampled_from(wf.states))))
def test_check_agrees_with_allowed_targets(case: tuple[Workflow, str]) -> None:
    workflow, current = case
    for target in workflow.states:
        if target in allowed_targets(workflow, current):
            move = check_transition(workflow, current, target)
            assert (move.source, move.target) == (current, target)
            assert move in workflow.transitions
        else:
            refusal(workflow, current, target)

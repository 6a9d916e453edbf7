"""core.cycles: the live cycle of each series of programme cycles (pure, no Django)."""

from hypothesis import given
from hypothesis import strategies as st

from accord.core.cycles import Cycle, live_cycles
from accord.core.workflows import PROGRAMME

STARTED = [s for s in PROGRAMME.states if s != PROGRAMME.initial and s not in PROGRAMME.terminal]


def test_the_next_cycle_awaiting_approval_is_live_while_the_last_runs_its_final_year():
    cycles = [
        Cycle("2019-21", "ct", 2019, "completed"),
        Cycle("2022-24", "ct", 2022, "in_implementation"),
        Cycle("2025-27", "ct", 2025, "approved_by_rats_council"),
        Cycle("priorities", "", 2023, "draft"),
    ]
    assert live_cycles(cycles, PROGRAMME) == {"2025-27"}


def test_a_draft_nobody_decided_on_is_not_live_yet():
    cycles = [Cycle("2022-24", "ct", 2022, "in_implementation"), Cycle("2025-27", "ct", 2025, "draft")]
    assert live_cycles(cycles, PROGRAMME) == {"2022-24"}
    assert live_cycles([Cycle("2022-24", "ct", 2022, "completed")], PROGRAMME) == set()


cycle_lists = st.lists(
    st.builds(
        Cycle,
        key=st.uuids(),
        series=st.sampled_from(["", "ct", "drugs"]),
        start_year=st.integers(2001, 2040),
        state=st.sampled_from(PROGRAMME.states),
    ),
    max_size=12,
)


@given(cycle_lists)
def test_live_is_the_newest_running_cycle_of_its_series(cycles):
    live = live_cycles(cycles, PROGRAMME)
    by_key = {c.key: c for c in cycles}
    assert len({by_key[k].series for k in live}) == len(live)  # at most one per series
    for key in live:
        chosen = by_key[key]
        assert chosen.series and chosen.state in STARTED
        newer = [c for c in cycles if c.series == chosen.series and c.state in STARTED
                 and c.start_year > chosen.start_year]
        assert newer == []
    # every series with a running cycle has a live one
    running = {c.series for c in cycles if c.series and c.state in STARTED}
    assert running == {by_key[k].series for k in live}


@given(cycle_lists, st.randoms())
def test_order_does_not_matter_when_start_years_differ(cycles, rnd):
    unique = list({(c.series, c.start_year): c for c in cycles}.values())
    shuffled = unique[:]
    rnd.shuffle(shuffled)
    assert live_cycles(unique, PROGRAMME) == live_cycles(shuffled, PROGRAMME)

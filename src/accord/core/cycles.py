"""Cycles of a recurring programme (e.g. the counter-terrorism programme's 3-year cycles): which is live.

A cycle is live when it is the newest of its series whose lifecycle has begun (a decision has moved it
out of the workflow's initial state) and has not ended (no terminal state). So while the next cycle's
draft awaits approval the organisation is already steering it: it is live, and the previous cycle keeps
running to the end of its years. A draft nobody has decided on yet is in preparation, not live.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from accord.core.workflow import Workflow


@dataclass(frozen=True)
class Cycle:
    key: Hashable
    series: str  # "" for a programme that is not one of a series of cycles
    start_year: int
    state: str


def live_cycles(cycles: Iterable[Cycle], workflow: Workflow) -> set[Hashable]:
    """The key of each series' live cycle (at most one per series; none for standalone programmes).

    Of two running cycles starting the same year, the one listed first wins, so the answer is stable.
    """
    newest: dict[str, Cycle] = {}
    for cycle in cycles:
        if not cycle.series or cycle.state == workflow.initial or cycle.state in workflow.terminal:
            continue
        best = newest.get(cycle.series)
        if best is None or cycle.start_year > best.start_year:
            newest[cycle.series] = cycle
    return {cycle.key for cycle in newest.values()}

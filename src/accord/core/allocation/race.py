"""A portfolio of two solvers: the direct model runs in a second process while `allocate` runs ours.

MILP search times are heavy-tailed: on a few portfolios HiGHS finds its way through the plain model
faster than through ours. Racing both, and stopping the loser as soon as one proves an optimum, bounds
the wall time by the faster of the two, at the cost of a second core while both run (bench/allocation.py
reports that CPU time too). The second process is a fresh interpreter (`python -m` this module) fed a
pickle on its standard input: it inherits no threads of this process, and it does not re-run the
caller's main module as multiprocessing's spawn would.
"""

from __future__ import annotations

import os
import pickle
import select
import subprocess
import sys
from pathlib import Path

from accord.core.allocation.direct import DirectSolution, solve_direct
from accord.core.allocation.model import Portfolio

RACE_PAIRS = 2_000
"""Race only portfolios with at least this many eligible pairs: below it ours takes well under a
second and starting an interpreter would cost more than it could save."""


class Rival:
    """The direct model solving `portfolio` in another process; `stop` ends it whatever its state."""

    def __init__(self, portfolio: Portfolio, time_limit: float | None) -> None:
        # The child imports accord from wherever this process did (an installed package or src/).
        root = str(Path(__file__).resolve().parents[3])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "accord.core.allocation.race"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._out = self._process.stdout
        try:
            self._process.stdin.write(pickle.dumps((portfolio, time_limit)))
            self._process.stdin.close()
        except OSError:  # the interpreter failed to start: no rival, ours runs alone
            pass
        self._solution: DirectSolution | None = None
        self._finished = False

    def finished(self) -> bool:
        """True once the direct model has answered or died (cheap: one poll of a pipe)."""
        if not self._finished and select.select([self._out], [], [], 0)[0]:
            data = self._out.read()  # the child writes its answer in one piece, then exits
            try:
                self._solution = pickle.loads(data) if data else None
            except (pickle.UnpicklingError, EOFError):
                self._solution = None
            self._finished = True
        return self._finished

    def proven(self) -> DirectSolution | None:
        """The direct model's plan if it has answered with a proven optimum, else None."""
        if self.finished() and self._solution is not None and self._solution.optimal:
            return self._solution
        return None

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._out.close()


def _main() -> None:
    portfolio, time_limit = pickle.loads(sys.stdin.buffer.read())
    answer = pickle.dumps(solve_direct(portfolio, time_limit))
    sys.stdout.buffer.write(answer)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _main()

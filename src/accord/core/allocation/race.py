"""A portfolio of two solvers: the direct model runs in a second process while `allocate` runs ours.

MILP search times are heavy-tailed: on a few portfolios HiGHS finds its way through the plain model
faster than through ours. Racing both, and stopping the loser as soon as one proves an optimum, bounds
the wall time by the faster of the two, at the cost of a second core while both run (bench/allocation.py
reports that CPU time too).

The second process is forked, so it starts at once with everything imported (a fresh interpreter
importing scipy took about 1 s on the benchmark machine, as long as a small search). The child only
runs scipy's own copy of HiGHS and leaves with `os._exit`, so it runs no handler of the parent; where
fork is missing, a fresh interpreter (`python -m` this module) is fed a pickle on its standard input.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO

from accord.core.allocation.direct import DirectSolution, solve_direct
from accord.core.allocation.model import Portfolio

RACE_PAIRS = 2_000
"""Race only portfolios with at least this many eligible pairs (and only when a core is idle, see
`spare_core`): below it ours takes well under a second, less than a second process could save."""


def spare_core() -> bool:
    """True when a core is idle for the rival: the one-minute load average (this process included) is
    below the number of cores less one half. On a busy machine the two processes would share this
    process's part of the cores, and the race would halve our own search's speed."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # not available on this system: assume a spare core, as before
        return True
    return load < (os.cpu_count() or 1) - 0.5


class Rival:
    """The direct model solving `portfolio` in another process; `stop` ends it whatever its state."""

    def __init__(self, portfolio: Portfolio, time_limit: float | None) -> None:
        self._solution: DirectSolution | None = None
        self._finished = False
        self._pid: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        if hasattr(os, "fork"):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: solve, answer in one piece, leave without the parent's exit handlers
                code = 1
                try:
                    os.close(read)
                    # HiGHS can print (a debug line of its heuristics was seen): never on the
                    # parent's standard output, which may be `accord finance allocate --json`.
                    quiet = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(quiet, 1)
                    os.dup2(quiet, 2)
                    with os.fdopen(write, "wb") as out:
                        out.write(pickle.dumps(solve_direct(portfolio, time_limit)))
                    code = 0
                finally:
                    os._exit(code)
            os.close(write)
            self._pid = pid
            self._out: BinaryIO = os.fdopen(read, "rb")
            return
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

    def finished(self, wait: float = 0.0) -> bool:
        """True once the direct model has answered or died; waits up to `wait` seconds for that (the
        default only polls the pipe, cheap enough between two nodes of a search)."""
        if not self._finished and select.select([self._out], [], [], max(wait, 0.0))[0]:
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

    def answer(self, wait: float) -> DirectSolution | None:
        """The direct model's plan, proven or not, waiting up to `wait` seconds for it; None if none."""
        self.finished(wait)
        return self._solution

    def stop(self) -> None:
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:  # pragma: no cover - already reaped elsewhere
                pass
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:  # pragma: no cover
                pass
            self._pid = None
        if self._process is not None:
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

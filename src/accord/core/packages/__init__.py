"""Package deals: choose one option per provision so that as few blocking stances as possible apply.

The input and output formats are the "Negotiation package file" of the README. The stance semantics
and the scoring are in `model`, reading the file in `parsing`, the exact solver in `reduction` (the
integer form, pruning, variable elimination) and `solver` (MILP per component, `solve`).
"""

from accord.core.errors import InputError
from accord.core.packages.model import (
    BLOCKING_KINDS,
    STANCE_KINDS,
    Blocking,
    Condition,
    PackageProblem,
    PackageResult,
    Provision,
    Stance,
    StanceKind,
    applies,
    evaluate,
    lifted,
)
from accord.core.packages.parsing import parse_problem
from accord.core.packages.solver import solve

__all__ = [
    "InputError",
    "BLOCKING_KINDS",
    "STANCE_KINDS",
    "Blocking",
    "Condition",
    "PackageProblem",
    "PackageResult",
    "Provision",
    "Stance",
    "StanceKind",
    "applies",
    "evaluate",
    "lifted",
    "parse_problem",
    "solve",
]

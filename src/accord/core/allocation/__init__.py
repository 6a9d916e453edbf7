"""Funding allocation: which projects to fund, and by whom, to maximise priority-weighted cost.

The rules are those of the funding portfolio file (README, docs/financing.md). `allocate` is exact: reductions
that provably keep an optimal plan (`problem`), independent components, and a mixed-integer model per
component that HiGHS solves to a zero gap (`component`). Its amounts are then repaired so that every
constraint holds to floating point rounding, far inside the 1e-6 relative contract that `check_plan`
enforces. Input validation is in `model`.
"""

from accord.core.allocation.model import (
    TOLERANCE,
    Allocation,
    AllocationResult,
    Funder,
    Gap,
    Portfolio,
    Project,
    eligible,
    parse_portfolio,
)
from accord.core.allocation.solver import allocate, check_plan
from accord.core.errors import InputError

__all__ = [
    "InputError",
    "TOLERANCE",
    "Allocation",
    "AllocationResult",
    "Funder",
    "Gap",
    "Portfolio",
    "Project",
    "allocate",
    "check_plan",
    "eligible",
    "parse_portfolio",
]

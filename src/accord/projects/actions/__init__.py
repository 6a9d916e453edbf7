"""Every write of projects and financing: permission, validation naming the field, one transaction, one
audit event. Views, API, CLI, admin and demo call these; none writes the models itself. The writes live in
modules by topic; every public name stays importable from here."""

from .allocation_runs import ALLOCATION_TIME_LIMIT, run_allocation
from .commitments import move_commitment, register_interest
from .funders import add_representative, create_funder, set_exchange_rate
from .projects import move_project, propose_project, publish_project

__all__ = [
    "ALLOCATION_TIME_LIMIT",
    "add_representative",
    "create_funder",
    "move_commitment",
    "move_project",
    "propose_project",
    "publish_project",
    "register_interest",
    "run_allocation",
    "set_exchange_rate",
]

"""Pages of the projects app, by topic; every view stays importable from here (urls.py, apps.py). Thin:
they read through `queries` and write through `actions`."""

from .financing import commitment_move, commitments, commitments_csv, interest, matches
from .optimiser import compare, optimiser, optimiser_run, run_csv, run_detail
from .pipeline import (
    budgets_csv,
    dashboard,
    dashboard_part,
    detail,
    index,
    move,
    projects_csv,
    propose,
    publish,
)

__all__ = [
    "budgets_csv",
    "commitment_move",
    "commitments",
    "commitments_csv",
    "compare",
    "dashboard",
    "dashboard_part",
    "detail",
    "index",
    "interest",
    "matches",
    "move",
    "optimiser",
    "optimiser_run",
    "projects_csv",
    "propose",
    "publish",
    "run_csv",
    "run_detail",
]

"""Pages of the negotiations app, by topic; every view stays importable from here (urls.py, apps.py)."""

from .analysis import compare, history, solve
from .consensus import (
    _PAGES,
    STANCE_KINDS,
    STANCE_SYMBOLS,
    comment,
    draft,
    index,
    map_csv,
    map_fragment,
    stance,
)
from .dashboard import dashboard_part
from .decisions import adopt, adopted, akn, break_silence, open_silence
from .drafting import draft_new, table
from .editing import add_option, add_provision, edit, edit_option, new_round, open_negotiation, remove_option
from .languages import clear_warning, edit_term, languages, terms, verify_version, write_version
from .proposals import make_proposal, proposal, proposal_silence

# _PAGES: the computed consensus maps kept in memory, which the tests clear between tests.
__all__ = [
    "_PAGES",
    "STANCE_KINDS",
    "STANCE_SYMBOLS",
    "add_option",
    "add_provision",
    "adopt",
    "adopted",
    "akn",
    "clear_warning",
    "languages",
    "verify_version",
    "write_version",
    "break_silence",
    "comment",
    "compare",
    "dashboard_part",
    "draft",
    "draft_new",
    "make_proposal",
    "proposal",
    "proposal_silence",
    "table",
    "edit",
    "edit_option",
    "edit_term",
    "history",
    "index",
    "map_csv",
    "map_fragment",
    "new_round",
    "open_negotiation",
    "open_silence",
    "remove_option",
    "solve",
    "stance",
    "terms",
]

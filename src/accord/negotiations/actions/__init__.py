"""Every write of the negotiations app: permission, validation, one transaction, one audit event.

`actor=None` is the system (the demo and the silence job); people always come as an Actor. The writes live
in modules by topic; every public name stays importable from here.
"""

from .adoption import adopt
from .drafts import create_draft, join_interested, new_round, open_negotiation
from .languages import clear_warning, edit_term, load_terms, verify_version, write_version
from .proposals import make_proposal
from .silence import break_silence, open_silence, settle_silences
from .stances import StanceInput, post_comment, set_stance
from .tabling import table_option, table_provision
from .text import add_option, add_provision, edit_option, remove_option

__all__ = [
    "StanceInput",
    "add_option",
    "add_provision",
    "adopt",
    "break_silence",
    "clear_warning",
    "edit_term",
    "load_terms",
    "verify_version",
    "write_version",
    "create_draft",
    "edit_option",
    "join_interested",
    "make_proposal",
    "new_round",
    "open_negotiation",
    "open_silence",
    "post_comment",
    "remove_option",
    "set_stance",
    "settle_silences",
    "table_option",
    "table_provision",
]

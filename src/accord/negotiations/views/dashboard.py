"""The negotiations part of the chair's dashboard."""

from __future__ import annotations

from .. import charts, queries


def dashboard_part(o, today) -> dict:
    """The chair's dashboard: drafts under negotiation by consensus status, silences running."""
    drafts = queries.drafts_under_negotiation(o)
    return {
        "drafts": drafts,
        "drafts_chart": charts.draft_status(drafts),
        "silences": queries.running_silences(o),
        "returned": queries.returned_from_silence(o),
    }

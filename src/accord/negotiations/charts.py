"""Drafts under negotiation by consensus status, for the chair's dashboard."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accord.base.charts import BAR_WIDTH, svg


def draft_status(drafts: list[dict]) -> SafeString | None:
    """Drafts under negotiation by consensus status, as one stacked bar."""
    if not drafts:
        return None
    counts: dict[str, int] = {}
    for d in drafts:
        counts[str(d.get("status", ""))] = counts.get(str(d.get("status", "")), 0) + 1
    colours = {
        "agreed": "var(--ok)",
        "consensus": "var(--ok)",
        "open": "var(--open)",
        "blocked": "var(--block)",
    }
    x, parts, total = 0.0, [], sum(counts.values())
    for status, n in sorted(counts.items()):
        w = n * BAR_WIDTH / total
        label = pgettext("consensus status", status)
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="20" fill="{colours.get(status, "#9aa9b9")}">'
            f"<title>{escape(label)}: {n}</title></rect>"
            f'<text x="{x + 4:.1f}" y="36">{escape(label)} ({n})</text>'
        )
        x += w
    return svg(BAR_WIDTH + 20, 44, _("Drafts by consensus status"), "".join(parts))

"""The chair's term as a ring, for the chair's dashboard."""

from __future__ import annotations

import math
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accord.base.charts import svg


def term_ring(start: date, end: date | None, today: date) -> SafeString:
    """How much of the chair's term has run, as a ring with the days left in the middle."""
    total = (end - start).days if end else 0
    done = min(max((today - start).days, 0), total) if total else 0
    share = done / total if total else 0
    r, c = 50, 2 * math.pi * 50
    left = (end - today).days if end else None
    days_left = escape(_("days left"))  # outside the f-string, where makemessages can find it
    body = (
        f'<circle cx="60" cy="60" r="{r}" fill="none" stroke="#e6ebf1" stroke-width="14"/>'
        f'<circle cx="60" cy="60" r="{r}" fill="none" stroke="var(--accent)" stroke-width="14" '
        f'stroke-dasharray="{c * share:.1f} {c:.1f}" transform="rotate(-90 60 60)"/>'
        f'<text x="60" y="58" text-anchor="middle" style="font-size:22px;font-weight:600">'
        f"{left if left is not None else '—'}</text>"
        f'<text x="60" y="78" text-anchor="middle">{days_left}</text>'
    )
    return svg(
        120, 120, _("Share of the chair's term elapsed: %(pct)d%%") % {"pct": round(share * 100)}, body
    )

"""Inline SVG charts for the chair's dashboard, rendered on the server (no JavaScript library)."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

BAR_WIDTH = 360
ROW = 24
LABEL = 150


def _svg(width: int, height: int, label: str, body: str) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}">{}</svg>',
        width,
        height,
        label,
        mark_safe(body),
    )


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
    return _svg(
        120, 120, _("Share of the chair's term elapsed: %(pct)d%%") % {"pct": round(share * 100)}, body
    )


def _bars(rows: list[tuple[str, float, str, str]], label: str, suffix: str = "%") -> SafeString:
    """rows: (label, value 0-100, css class, title)."""
    parts = []
    for i, (name, value, css, title) in enumerate(rows):
        y = i * ROW
        width = max(0.0, min(100.0, value)) * BAR_WIDTH / 100
        parts.append(
            f'<text x="0" y="{y + 15}">{escape(name[:24])}</text>'
            f'<rect x="{LABEL}" y="{y + 3}" width="{BAR_WIDTH}" height="16" rx="3" fill="#eef2f6"/>'
            f'<rect class="{escape(css)}" x="{LABEL}" y="{y + 3}" width="{width:.1f}" height="16" rx="3">'
            f"<title>{escape(title)}</title></rect>"
            f'<text x="{LABEL + BAR_WIDTH + 6}" y="{y + 15}">{value:.0f}{suffix}</text>'
        )
    return _svg(LABEL + BAR_WIDTH + 50, max(len(rows), 1) * ROW + 4, label, "".join(parts))


def programme_bars(programmes) -> SafeString:
    rows = [
        (
            f"{v.programme.code}",
            v.progress.percent,
            "overdue" if v.progress.overdue else "ok",
            f"{v.programme.title}: {v.progress.percent:.0f}%",
        )
        for v in programmes
    ]
    return _bars(rows, _("Progress of each programme"))


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
    return _svg(BAR_WIDTH + 20, 44, _("Drafts by consensus status"), "".join(parts))


def funding_bar(summary: dict) -> SafeString:
    cost = Decimal(summary.get("total_cost") or 0)
    committed = Decimal(summary.get("committed") or 0)
    share = float(committed / cost * 100) if cost else 0.0
    return _bars(
        [(_("committed"), share, "ok", f"{committed:,.0f} / {cost:,.0f}")],
        _("Share of the pipeline's cost firmly committed"),
    )

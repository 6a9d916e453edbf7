"""Inline SVG chart primitives, rendered on the server (no JavaScript library); each app draws its own
charts with them."""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

BAR_WIDTH = 360
ROW = 24
LABEL = 150


def svg(width: int, height: int, label: str, body: str) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}">{}</svg>',
        width,
        height,
        label,
        mark_safe(body),
    )


def bars(rows: list[tuple[str, float, str, str]], label: str, suffix: str = "%") -> SafeString:
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
    return svg(LABEL + BAR_WIDTH + 50, max(len(rows), 1) * ROW + 4, label, "".join(parts))

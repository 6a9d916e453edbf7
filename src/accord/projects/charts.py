"""Server-rendered inline SVG bar charts (no JavaScript library)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accord.base.charts import bars

ROW = 26
LABEL = 170
WIDTH = 640


def _short(value: Decimal) -> str:
    v = float(value)
    for size, template in (
        # Translators: a number in billions (thousand millions), abbreviated, e.g. 1.5bn.
        (1e9, _("%(number)sbn")),
        # Translators: a number in millions, abbreviated, e.g. 380.0m.
        (1e6, _("%(number)sm")),
        # Translators: a number in thousands, abbreviated, e.g. 12.5k.
        (1e3, _("%(number)sk")),
    ):
        if abs(v) >= size:
            return template % {"number": f"{v / size:,.1f}"}
    return f"{v:,.0f}"


def bar_chart(
    rows: list[tuple[str, Decimal]], title: str, unit: str = "", colour: str = "var(--block)", ident: str = ""
) -> SafeString:
    """Horizontal bars, one per (label, value), scaled to the largest value; title for screen readers."""
    top = max((v for _, v in rows), default=Decimal(0)) or Decimal(1)
    span = WIDTH - LABEL - 90
    height = ROW * max(len(rows), 1) + 8
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="{}" y="16" text-anchor="end">{}</text>'
        '<rect x="{}" y="4" width="{}" height="16" rx="2" fill="{}"><title>{}: {} {}</title></rect>'
        '<text x="{}" y="16">{} {}</text></g>',
        (
            (
                i * ROW + 4,
                LABEL - 6,
                label,
                LABEL,
                max(1, round(float(v / top) * span)),
                colour,
                label,
                f"{v:,.2f}",
                unit,
                LABEL + max(1, round(float(v / top) * span)) + 4,
                _short(v),
                unit,
            )
            for i, (label, v) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="chart" id="{}" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" '
        'style="max-width:100%;height:auto" preserveAspectRatio="xMinYMin meet"><title>{}</title>{}</svg>',
        ident,
        title,
        WIDTH,
        height,
        WIDTH,
        title,
        bars,
    )


def funding_bar(summary: dict) -> SafeString:
    cost = Decimal(summary.get("total_cost") or 0)
    committed = Decimal(summary.get("committed") or 0)
    share = float(committed / cost * 100) if cost else 0.0
    return bars(
        [(_("committed"), share, "ok", f"{committed:,.0f} / {cost:,.0f}")],
        _("Share of the pipeline's cost firmly committed"),
    )

"""The programmes' progress as bars (the programmes page and the chair's dashboard)."""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accord.base.charts import ROW, bars, svg


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
    return bars(rows, _("Progress of each programme"))


# The public accountability page (Decidim's manner): how the items stand, and who answers for them.
STATUS_ORDER = ("done", "in_progress", "delayed", "planned", "cancelled")
STACK_WIDTH = 420
STACK_LABEL = 150


def status_stack(programmes, labels: dict) -> SafeString:
    """One stacked bar per programme: its items by state (done, in progress, delayed, planned, cancelled),
    each part as wide as its share of the items; `labels` names the states in the reader's language."""
    parts = []
    for i, v in enumerate(programmes):
        y = i * ROW
        total = len(v.items)
        parts.append(f'<text x="0" y="{y + 15}">{escape(v.programme.code[:24])}</text>')
        parts.append(
            f'<rect class="track" x="{STACK_LABEL}" y="{y + 3}" width="{STACK_WIDTH}" height="16" rx="3"/>'
        )
        x = float(STACK_LABEL)
        for state in STATUS_ORDER:
            n = sum(1 for item in v.items if item.item.state == state)
            if not n:
                continue
            width = n * STACK_WIDTH / total
            title = f"{v.programme.code}: {labels.get(state, state)} {n}/{total}"
            # SVG geometry is read by the browser: always a point, never the reader's decimal comma
            parts.append(
                f'<rect class="state-{state}" x="{x:.1f}" y="{y + 3}" width="{width:.1f}" height="16">'
                f"<title>{escape(title)}</title></rect>"
            )
            x += width
        parts.append(f'<text x="{STACK_LABEL + STACK_WIDTH + 6}" y="{y + 15}">{total}</text>')
    return svg(
        STACK_LABEL + STACK_WIDTH + 50,
        max(len(programmes), 1) * ROW + 4,
        _("Action items of each programme by state"),
        "".join(parts),
    )


def item_bar(percent, state: str, title: str) -> SafeString:
    """A small bar for one item's progress (0-100)."""
    pct = max(0.0, min(100.0, float(percent)))
    return format_html(
        '<svg class="chart mini" viewBox="0 0 104 12" width="104" height="12" role="img" aria-label="{}">'
        '<rect class="track" x="0" y="1" width="100" height="10" rx="2"></rect>'
        '<rect class="state-{}" x="0" y="1" width="{}" height="10" rx="2"></rect></svg>',
        title,
        state,
        f"{pct:.1f}",
    )


def state_bars(rows: list[tuple[str, float, str]]) -> SafeString:
    """Progress of the items each state answers for: rows of (state name, percent, title)."""
    return bars([(name, pct, "ok", title) for name, pct, title in rows], _("Progress by responsible state"))

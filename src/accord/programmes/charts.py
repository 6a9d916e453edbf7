"""The programmes' progress as bars (the programmes page and the chair's dashboard)."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accord.base.charts import bars


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

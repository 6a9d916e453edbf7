"""Does a project fall within a funder's mandate, and why (or why not): the reasons shown to investors.

Thin adapter from the stored models to the rules: the sector and every host country must be in the
mandate (the same rule as `accord.core.allocation.eligible`), the remaining gap must leave room for the
funder's minimum ticket, and the capital must reach that minimum.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .sectors import SECTORS


@dataclass(frozen=True)
class Fit:
    ok: bool
    reasons: list[str]


def fit(project, funder, gap: Decimal, gap_currency: str, to_funder_currency) -> Fit:
    """`gap` is the project's remaining gap; `to_funder_currency(amount, currency)` converts amounts."""
    reasons, ok = [], True
    label = str(SECTORS[project.sector][0])
    if project.sector in funder.sectors:
        reasons.append(_("sector %(sector)s is in the mandate") % {"sector": label})
    else:
        ok = False
        reasons.append(_("sector %(sector)s is outside the mandate") % {"sector": label})
    outside = sorted(set(project.countries) - set(funder.countries))
    if outside:
        ok = False
        reasons.append(_("countries outside the mandate: %(codes)s") % {"codes": ", ".join(outside)})
    else:
        reasons.append(
            _("every host country (%(codes)s) is covered") % {"codes": ", ".join(project.countries)}
        )
    room = to_funder_currency(gap, gap_currency)
    if room <= 0:
        ok = False
        reasons.append(_("the project is fully committed"))
    elif room < funder.min_ticket:
        ok = False
        reasons.append(
            _("remaining gap %(gap)s %(cur)s is below the minimum ticket %(min)s")
            % {"gap": f"{room:,.0f}", "cur": funder.currency, "min": f"{funder.min_ticket:,.0f}"}
        )
    else:
        reasons.append(
            _("remaining gap %(gap)s %(cur)s fits the ticket range")
            % {"gap": f"{room:,.0f}", "cur": funder.currency}
        )
    if funder.capital < funder.min_ticket:
        ok = False
        reasons.append(_("available capital is below the minimum ticket"))
    return Fit(ok, reasons)

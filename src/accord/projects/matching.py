"""Investor matches: stored projects and funders handed to `accord.core.matching`, which decides; its
reasons worded here in the reader's language, from each reason's code and values.

Amounts go to the core as floats in the funder's currency (the core compares; the pages show them).
"""

from __future__ import annotations

from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext, gettext_lazy

from accord.core import matching as core

from .models import INSTRUMENTS, Funder, Project
from .sectors import SECTORS


def mandate(funder: Funder, available: Decimal) -> core.Mandate:
    """A funder's mandate with its `available` capital (its capital less its firm commitments, as the
    optimiser counts it); funders take any currency (amounts are converted), so none is listed."""
    return core.Mandate(
        sectors=tuple(funder.sectors),
        countries=tuple(funder.countries),
        min_ticket=float(funder.min_ticket),
        max_ticket=None if funder.max_ticket is None else float(funder.max_ticket),
        instruments=tuple(funder.instruments),
        capital=float(available),
    )


def need(project: Project, gap: Decimal) -> core.ProjectNeed:
    """`gap` is what is left to finance, in the funder's currency; projects state no instruments."""
    return core.ProjectNeed(
        id=project.code, sector=project.sector, countries=tuple(project.countries), amount=float(gap)
    )


def match(project: Project, funder: Funder, gap: Decimal, available: Decimal) -> core.Match:
    """`gap` and `available` in the funder's currency."""
    return core.match(need(project, gap), mandate(funder, available))


# The core's English messages, one per reason code, with the values named.
_WORDING = {
    "sector_in_mandate": gettext_lazy("The sector %(sector)s is in the mandate."),
    "sector_outside_mandate": gettext_lazy("Sector %(sector)s is outside the mandate (%(sectors)s)."),
    "countries_covered": gettext_lazy("The mandate covers every country: %(countries)s."),
    "countries_not_covered": gettext_lazy("The mandate does not cover %(missing)s."),
    "nothing_to_finance": gettext_lazy("Nothing is left to finance."),
    "below_min_ticket": gettext_lazy("The %(amount)s to finance is below the minimum ticket of %(min)s."),
    "needs_co_financing": gettext_lazy(
        "One ticket covers at most %(max)s of the %(amount)s to finance; "
        "%(rest)s must come from co-financiers."
    ),
    "within_ticket_range": gettext_lazy(
        "The %(amount)s to finance fits the tickets (minimum %(min)s, a maximum of %(max)s)."
    ),
    "capital_covers_a_ticket": gettext_lazy(
        "The available capital of %(capital)s covers a ticket (minimum %(min)s)."
    ),
    "capital_too_small": gettext_lazy(
        "The available capital of %(capital)s cannot cover a ticket (minimum %(min)s)."
    ),
    "instruments_overlap": gettext_lazy("Both use %(common)s."),
    "no_common_instrument": gettext_lazy(
        "The project seeks %(instruments)s; the mandate offers %(offered)s."
    ),
    "currency_accepted": gettext_lazy("The mandate takes %(currency)s."),
    "currency_not_accepted": gettext_lazy(
        "The project is in %(currency)s; the mandate takes %(currencies)s."
    ),
}
_NO_MAXIMUM = gettext_lazy("The %(amount)s to finance fits the tickets (minimum %(min)s, no maximum).")
_AMOUNTS = {"amount", "min", "max", "rest", "capital"}


def _listed(labels) -> str:
    return ", ".join(str(label) for label in labels) or gettext("none")


def _shown(key: str, value: object, currency: str) -> str:
    if key in _AMOUNTS:
        return f"{floatformat(value, '-2g')} {currency}"
    if key == "sector":
        return str(SECTORS.get(value, (value,))[0])
    if key == "sectors":
        return _listed(SECTORS.get(s, (s,))[0] for s in value)
    if key in ("common", "instruments", "offered"):
        return _listed(INSTRUMENTS.get(i, i) for i in value)
    if isinstance(value, tuple):
        return _listed(value)
    return str(value)


def worded(reason: core.Reason, currency: str) -> str:
    """The reason as the pages show it: sectors and instruments by name, amounts in `currency`."""
    if reason.code == "within_ticket_range" and reason.values["max"] is None:
        wording = _NO_MAXIMUM
    else:
        wording = _WORDING[reason.code]
    return str(wording) % {key: _shown(key, value, currency) for key, value in reason.values.items()}

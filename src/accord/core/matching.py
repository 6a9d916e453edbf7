"""Matching projects with a funder's or investor's mandate, explaining every criterion.

Generic: a mandate is sectors, countries, a ticket range and optionally instruments, currencies and the
capital available; a project need is what is left to finance (its cost, or the remaining gap once
commitments are counted). Each criterion gives a `Reason` with a stable machine code, an English message
and the values the message states (so a UI can word it in another language). A project matches when every
reason is ok; a gap larger than the largest ticket is ok but calls for co-financing, which lowers the score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mandate:
    """What a funder or investor may finance. No instruments or currencies means: not restricted.
    `capital` is what is still available (None: not known); a ticket never exceeds it."""

    sectors: tuple[str, ...]
    countries: tuple[str, ...]
    min_ticket: float = 0.0
    max_ticket: float | None = None
    instruments: tuple[str, ...] = ()
    currencies: tuple[str, ...] = ()
    capital: float | None = None


@dataclass(frozen=True)
class ProjectNeed:
    """A project as a funder sees it: `amount` is what is still to be financed."""

    id: str
    sector: str
    countries: tuple[str, ...]
    amount: float
    instruments: tuple[str, ...] = ()
    currency: str | None = None


@dataclass(frozen=True)
class Reason:
    """`values` are what `message` states, by name: codes as str, lists as tuples, amounts as floats
    (a maximum ticket may be None: no maximum)."""

    code: str
    ok: bool
    message: str
    values: Mapping[str, object] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Match:
    """`ok` when every reason is ok; `score` in [0, 1] is the share of criteria met, the ticket
    criterion counting only the share of the need that one ticket can cover."""

    ok: bool
    reasons: list[Reason]
    score: float


# A criterion's outcome as said: code, English message, the values the message states.
_Said = tuple[str, str, dict[str, object]]


def _money(amount: float) -> str:
    return f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"


def _listed(items: Iterable[str]) -> str:
    return ", ".join(items) or "none"


def _largest_ticket(mandate: Mandate) -> float | None:
    """The maximum ticket, capped by the capital when it is known; None when neither is."""
    limits = [x for x in (mandate.max_ticket, mandate.capital) if x is not None]
    return min(limits) if limits else None


def _ticket(project: ProjectNeed, mandate: Mandate) -> tuple[Reason, float]:
    amount, low, high = project.amount, mandate.min_ticket, _largest_ticket(mandate)
    if amount <= 0:
        return Reason("nothing_to_finance", False, "Nothing is left to finance."), 0.0
    if amount < low:
        return Reason(
            "below_min_ticket",
            False,
            f"The {_money(amount)} to finance is below the minimum ticket of {_money(low)}.",
            {"amount": amount, "min": low},
        ), 0.0
    if high is not None and amount > high:
        rest = amount - high
        return Reason(
            "needs_co_financing",
            True,
            f"One ticket covers at most {_money(high)} of the {_money(amount)} to finance; "
            f"{_money(rest)} must come from co-financiers.",
            {"amount": amount, "max": high, "rest": rest},
        ), high / amount
    upper = "no maximum" if high is None else f"a maximum of {_money(high)}"
    return Reason(
        "within_ticket_range",
        True,
        f"The {_money(amount)} to finance fits the tickets (minimum {_money(low)}, {upper}).",
        {"amount": amount, "min": low, "max": high},
    ), 1.0


def match(project: ProjectNeed, mandate: Mandate) -> Match:
    """Check `project` against `mandate`: sector, countries, ticket, capital, instruments, currency."""
    scored: list[tuple[Reason, float]] = []

    def judge(ok: bool, met: _Said, failed: _Said) -> None:
        code, message, values = met if ok else failed
        scored.append((Reason(code, ok, message, values), 1.0 if ok else 0.0))

    sector, sectors = project.sector, mandate.sectors
    judge(
        sector in sectors,
        ("sector_in_mandate", f"The sector {sector} is in the mandate.", {"sector": sector}),
        (
            "sector_outside_mandate",
            f"Sector {sector} is outside the mandate ({_listed(sectors)}).",
            {"sector": sector, "sectors": sectors},
        ),
    )
    countries = project.countries
    missing = tuple(c for c in countries if c not in mandate.countries)
    judge(
        not missing,
        (
            "countries_covered",
            f"The mandate covers every country: {_listed(countries)}.",
            {"countries": countries},
        ),
        ("countries_not_covered", f"The mandate does not cover {_listed(missing)}.", {"missing": missing}),
    )
    scored.append(_ticket(project, mandate))
    if mandate.capital is not None:
        capital, low = mandate.capital, mandate.min_ticket
        values = {"capital": capital, "min": low}
        judge(
            capital > 0 and capital >= low,
            (
                "capital_covers_a_ticket",
                f"The available capital of {_money(capital)} covers a ticket (minimum {_money(low)}).",
                values,
            ),
            (
                "capital_too_small",
                f"The available capital of {_money(capital)} cannot cover a ticket (minimum {_money(low)}).",
                values,
            ),
        )
    if project.instruments and mandate.instruments:
        sought, offered = project.instruments, mandate.instruments
        common = tuple(i for i in sought if i in offered)
        judge(
            bool(common),
            ("instruments_overlap", f"Both use {_listed(common)}.", {"common": common}),
            (
                "no_common_instrument",
                f"The project seeks {_listed(sought)}; the mandate offers {_listed(offered)}.",
                {"instruments": sought, "offered": offered},
            ),
        )
    if project.currency is not None and mandate.currencies:
        currency, accepted = project.currency, mandate.currencies
        judge(
            currency in accepted,
            ("currency_accepted", f"The mandate takes {currency}.", {"currency": currency}),
            (
                "currency_not_accepted",
                f"The project is in {currency}; the mandate takes {_listed(accepted)}.",
                {"currency": currency, "currencies": accepted},
            ),
        )
    reasons = [reason for reason, _ in scored]
    return Match(
        ok=all(reason.ok for reason in reasons),
        reasons=reasons,
        score=sum(share for _, share in scored) / len(scored),
    )


def rank_matches(projects: Iterable[ProjectNeed], mandate: Mandate) -> list[tuple[ProjectNeed, Match]]:
    """Every project with its match: matches first, then by score, then by id (a stable order)."""
    matched = [(project, match(project, mandate)) for project in projects]
    return sorted(matched, key=lambda pair: (not pair[1].ok, -pair[1].score, pair[0].id))

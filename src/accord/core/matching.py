"""Matching projects with a funder's or investor's mandate, explaining every criterion.

Generic: a mandate is sectors, countries, a ticket range and optionally instruments and currencies; a
project need is what is left to finance (its cost, or the remaining gap once commitments are counted).
Each criterion gives a `Reason` with a stable machine code (for the UI and translations) and an English
message. A project matches when every reason is ok; a gap larger than the largest ticket is ok but
calls for co-financing, which lowers the score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Mandate:
    """What a funder or investor may finance. No instruments or currencies means: not restricted."""

    sectors: tuple[str, ...]
    countries: tuple[str, ...]
    min_ticket: float = 0.0
    max_ticket: float | None = None
    instruments: tuple[str, ...] = ()
    currencies: tuple[str, ...] = ()


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
    code: str
    ok: bool
    message: str


@dataclass(frozen=True)
class Match:
    """`ok` when every reason is ok; `score` in [0, 1] is the share of criteria met, the ticket
    criterion counting only the share of the need that one ticket can cover."""

    ok: bool
    reasons: list[Reason]
    score: float


def _money(amount: float) -> str:
    return f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"


def _listed(items: Iterable[str]) -> str:
    return ", ".join(items) or "none"


def _ticket(project: ProjectNeed, mandate: Mandate) -> tuple[Reason, float]:
    amount, low, high = project.amount, mandate.min_ticket, mandate.max_ticket
    if amount <= 0:
        return Reason("nothing_to_finance", False, "Nothing is left to finance."), 0.0
    if amount < low:
        return Reason(
            "below_min_ticket",
            False,
            f"The {_money(amount)} to finance is below the minimum ticket of {_money(low)}.",
        ), 0.0
    if high is not None and amount > high:
        rest = amount - high
        return Reason(
            "needs_co_financing",
            True,
            f"One ticket covers at most {_money(high)} of the {_money(amount)} to finance; "
            f"{_money(rest)} must come from co-financiers.",
        ), high / amount
    upper = "no maximum" if high is None else f"a maximum of {_money(high)}"
    return Reason(
        "within_ticket_range",
        True,
        f"The {_money(amount)} to finance fits the tickets (minimum {_money(low)}, {upper}).",
    ), 1.0


def match(project: ProjectNeed, mandate: Mandate) -> Match:
    """Check `project` against `mandate`: sector, countries, ticket, instruments, currency."""
    scored: list[tuple[Reason, float]] = []

    def judge(ok: bool, met: tuple[str, str], failed: tuple[str, str]) -> None:
        code, message = met if ok else failed
        scored.append((Reason(code, ok, message), 1.0 if ok else 0.0))

    sector = project.sector
    judge(
        sector in mandate.sectors,
        ("sector_in_mandate", f"The sector {sector} is in the mandate."),
        ("sector_outside_mandate", f"Sector {sector} is outside the mandate ({_listed(mandate.sectors)})."),
    )
    missing = [c for c in project.countries if c not in mandate.countries]
    judge(
        not missing,
        ("countries_covered", f"The mandate covers every country: {_listed(project.countries)}."),
        ("countries_not_covered", f"The mandate does not cover {_listed(missing)}."),
    )
    scored.append(_ticket(project, mandate))
    if project.instruments and mandate.instruments:
        common = [i for i in project.instruments if i in mandate.instruments]
        judge(
            bool(common),
            ("instruments_overlap", f"Both use {_listed(common)}."),
            (
                "no_common_instrument",
                f"The project seeks {_listed(project.instruments)}; "
                f"the mandate offers {_listed(mandate.instruments)}.",
            ),
        )
    if project.currency is not None and mandate.currencies:
        judge(
            project.currency in mandate.currencies,
            ("currency_accepted", f"The mandate takes {project.currency}."),
            (
                "currency_not_accepted",
                f"The project is in {project.currency}; the mandate takes {_listed(mandate.currencies)}.",
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

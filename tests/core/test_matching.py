from hypothesis import given
from hypothesis import strategies as st

from accord.core.matching import Mandate, ProjectNeed, match, rank_matches

MANDATE = Mandate(
    sectors=("transport", "energy"),
    countries=("KZ", "CN", "KG"),
    min_ticket=5.0,
    max_ticket=100.0,
    instruments=("loan", "guarantee"),
    currencies=("USD", "CNY"),
)


def need(**changes: object) -> ProjectNeed:
    fields: dict[str, object] = {
        "id": "P1",
        "sector": "transport",
        "countries": ("KZ", "CN"),
        "amount": 80.0,
        "instruments": ("loan",),
        "currency": "USD",
    }
    fields.update(changes)
    return ProjectNeed(**fields)  # type: ignore[arg-type]


def codes(project: ProjectNeed, mandate: Mandate = MANDATE) -> list[str]:
    return [reason.code for reason in match(project, mandate).reasons]


def test_a_project_inside_the_mandate_matches_on_every_criterion() -> None:
    result = match(need(), MANDATE)
    assert result.ok and result.score == 1.0
    assert codes(need()) == [
        "sector_in_mandate",
        "countries_covered",
        "within_ticket_range",
        "instruments_overlap",
        "currency_accepted",
    ]
    assert all(reason.ok and reason.message for reason in result.reasons)


def test_sector_outside_the_mandate_is_named() -> None:
    result = match(need(sector="health"), MANDATE)
    assert not result.ok
    reason = result.reasons[0]
    assert reason.code == "sector_outside_mandate" and not reason.ok
    assert "health" in reason.message and "transport, energy" in reason.message


def test_every_uncovered_country_is_named() -> None:
    reason = match(need(countries=("KZ", "IR", "PK")), MANDATE).reasons[1]
    assert reason.code == "countries_not_covered" and not reason.ok
    assert "IR, PK" in reason.message and "KZ" not in reason.message


def test_an_amount_below_the_minimum_ticket_does_not_match() -> None:
    result = match(need(amount=3.0), MANDATE)
    assert not result.ok
    assert result.reasons[2].code == "below_min_ticket"
    assert "3" in result.reasons[2].message and "5" in result.reasons[2].message


def test_a_gap_larger_than_a_ticket_matches_but_needs_co_financing() -> None:
    result = match(need(amount=400.0), MANDATE)
    reason = result.reasons[2]
    assert result.ok and reason.code == "needs_co_financing" and reason.ok
    assert "300" in reason.message
    assert result.score == (4 + 100 / 400) / 5


def test_nothing_left_to_finance_does_not_match() -> None:
    assert "nothing_to_finance" in codes(need(amount=0.0))
    assert not match(need(amount=0.0), MANDATE).ok


def test_instruments_and_currency_count_only_when_both_sides_state_them() -> None:
    assert codes(need(instruments=("equity", "grant")))[3] == "no_common_instrument"
    assert codes(need(currency="KZT"))[-1] == "currency_not_accepted"
    open_mandate = Mandate(sectors=("transport",), countries=("KZ", "CN"))
    assert codes(need(instruments=(), currency=None)) == [
        "sector_in_mandate",
        "countries_covered",
        "within_ticket_range",
    ]
    assert codes(need(), open_mandate) == ["sector_in_mandate", "countries_covered", "within_ticket_range"]
    assert "no maximum" in match(need(), open_mandate).reasons[2].message


def test_rank_puts_matches_first_then_by_score_then_by_id() -> None:
    projects = [
        need(id="wrong-sector", sector="health"),
        need(id="b-full"),
        need(id="co-financed", amount=200.0),
        need(id="a-full"),
        need(id="two-misses", sector="health", currency="EUR"),
    ]
    ranked = [project.id for project, _ in rank_matches(projects, MANDATE)]
    assert ranked == ["a-full", "b-full", "co-financed", "wrong-sector", "two-misses"]


@given(
    sector=st.sampled_from(["transport", "energy", "health"]),
    countries=st.lists(st.sampled_from(["KZ", "CN", "KG", "IR"]), min_size=1, max_size=3, unique=True),
    amount=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    instruments=st.lists(st.sampled_from(["loan", "equity", "grant"]), max_size=2, unique=True),
    currency=st.sampled_from([None, "USD", "EUR"]),
)
def test_ok_is_every_reason_ok_and_the_score_is_a_share(
    sector: str, countries: list[str], amount: float, instruments: list[str], currency: str | None
) -> None:
    project = ProjectNeed("P", sector, tuple(countries), amount, tuple(instruments), currency)
    result = match(project, MANDATE)
    assert result.ok == all(reason.ok for reason in result.reasons)
    assert 0.0 <= result.score <= 1.0
    assert result.ok == (
        sector in MANDATE.sectors
        and set(countries) <= set(MANDATE.countries)
        and amount >= MANDATE.min_ticket
        and amount > 0
        and (not instruments or "loan" in instruments)
        and currency in (None, "USD")
    )
    assert len({reason.code for reason in result.reasons}) == len(result.reasons)


def test_the_available_capital_caps_a_ticket_and_must_cover_the_minimum() -> None:
    funded = Mandate(sectors=("transport",), countries=("KZ", "CN"), min_ticket=5.0, capital=60.0)
    result = match(need(instruments=(), currency=None), funded)
    assert [reason.code for reason in result.reasons] == [
        "sector_in_mandate",
        "countries_covered",
        "needs_co_financing",
        "capital_covers_a_ticket",
    ]
    assert result.ok and "at most 60 of the 80" in result.reasons[2].message
    assert result.score == (3 + 60 / 80) / 4
    capped = Mandate(sectors=("transport",), countries=("KZ", "CN"), max_ticket=50.0, capital=60.0)
    assert match(need(), capped).reasons[2].values == {"amount": 80.0, "max": 50.0, "rest": 30.0}
    short = Mandate(sectors=("transport",), countries=("KZ", "CN"), min_ticket=5.0, capital=4.0)
    result = match(need(), short)
    reason = result.reasons[-1]
    assert not result.ok and reason.code == "capital_too_small" and not reason.ok
    assert reason.values == {"capital": 4.0, "min": 5.0} and "4" in reason.message
    broke = Mandate(sectors=("transport",), countries=("KZ", "CN"), capital=0.0)
    assert match(need(), broke).reasons[-1].code == "capital_too_small"


def test_each_reason_carries_the_values_its_message_states() -> None:
    reasons = match(need(sector="health", countries=("KZ", "IR"), instruments=("equity",)), MANDATE).reasons
    by_code = {reason.code: reason.values for reason in reasons}
    assert by_code["sector_outside_mandate"] == {"sector": "health", "sectors": ("transport", "energy")}
    assert by_code["countries_not_covered"]["missing"] == ("IR",)
    assert by_code["within_ticket_range"] == {"amount": 80.0, "min": 5.0, "max": 100.0}
    assert by_code["no_common_instrument"]["offered"] == ("loan", "guarantee")
    assert by_code["currency_accepted"] == {"currency": "USD"}
    for reason in reasons:
        for value in reason.values.values():
            shown = (
                value if isinstance(value, str) else ", ".join(value) if isinstance(value, tuple) else None
            )
            if shown:
                assert shown in reason.message

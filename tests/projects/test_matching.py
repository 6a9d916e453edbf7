"""The investor pages and API show exactly what `accord.core.matching.match` decides, for the same data."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from freezegun import freeze_time
from lxml import html

from accord.core.matching import Mandate, ProjectNeed, Reason, match
from accord.projects import actions
from accord.projects.matching import worded

from .conftest import DAY

pytestmark = [pytest.mark.django_db]
CNY_IN_USD = Decimal("0.14")


@pytest.fixture(autouse=True)
def _frozen():
    with freeze_time("2024-03-01 09:00:00"):
        yield


@pytest.fixture
def market(pipeline, sco, people, actor, make_project):
    """Two funders the investor represents (one in CNY), two published projects, one firm commitment."""
    sec, inv = actor(people["secretariat"]), actor(people["investor"])
    actions.set_exchange_rate(sec, currency="CNY", on=date(2024, 1, 1), rate=CNY_IN_USD)
    fund = actions.create_funder(
        sec,
        sco,
        code="silk-fund",
        name="Silk Road digital fund",
        kind="financial_centre_fund",
        sectors=["digital", "energy"],
        countries=["KZ", "KG"],
        instruments=["equity", "grant"],
        capital=Decimal("100000000"),
        currency="CNY",
    )
    actions.add_representative(sec, fund, people["investor"])
    grid = make_project(
        people["kz_delegate"],
        code="kg-grid",
        title="Kyrgyz-Tajik grid link",
        sector="energy",
        countries=["KG", "TJ"],
        cost=Decimal("500000"),
    )
    actions.move_project(sec, grid, "endorsed", decision_reference="CHS 2024/11", decision_date=DAY)
    actions.publish_project(sec, grid)
    c = actions.register_interest(inv, pipeline["project"], pipeline["funder"])
    actions.move_commitment(inv, c, "soft", amount="40000000", currency="USD", instrument="loan")
    actions.move_commitment(inv, c, "firm")
    return {"fund": fund}


def _cny(usd: str) -> float:
    return float((Decimal(usd) / CNY_IN_USD).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# The same data written out by hand for the core: gaps and capital in each funder's currency.
DBK = Mandate(
    sectors=("transport", "energy"),
    countries=("KZ", "CN", "KG"),
    min_ticket=1_000_000.0,
    max_ticket=200_000_000.0,
    instruments=("loan", "guarantee"),
    capital=460_000_000.0,  # 500 M less the 40 M firmly committed
)
FUND = Mandate(
    sectors=("digital", "energy"),
    countries=("KZ", "KG"),
    instruments=("equity", "grant"),
    capital=100_000_000.0,
)
EXPECTED = {
    ("kz-rail", "dbk"): match(ProjectNeed("kz-rail", "transport", ("KZ", "CN"), 80_000_000.0), DBK),
    ("kz-rail", "silk-fund"): match(
        ProjectNeed("kz-rail", "transport", ("KZ", "CN"), _cny("80000000")), FUND
    ),
    ("kg-grid", "dbk"): match(ProjectNeed("kg-grid", "energy", ("KG", "TJ"), 500_000.0), DBK),
    ("kg-grid", "silk-fund"): match(ProjectNeed("kg-grid", "energy", ("KG", "TJ"), _cny("500000")), FUND),
}


def _said(result) -> list[dict]:
    return [{"code": r.code, "ok": r.ok, "message": r.message} for r in result.reasons]


def test_api_reasons_are_the_cores(market, people, login):
    rows = login(people["investor"]).get("/api/orgs/sco/matches").json()
    assert {(m["project"], m["funder"]) for m in rows} == set(EXPECTED)
    for m in rows:
        expected = EXPECTED[(m["project"], m["funder"])]
        assert m["reasons"] == _said(expected)
        assert (m["ok"], m["score"]) == (expected.ok, expected.score)
    # Matches first, then by score: the order of `rank_matches`.
    assert [(m["project"], m["funder"]) for m in rows] == sorted(
        EXPECTED, key=lambda k: (not EXPECTED[k].ok, -EXPECTED[k].score, k[0])
    )
    rail = next(m for m in rows if (m["project"], m["funder"]) == ("kz-rail", "dbk"))
    assert rail["ok"] and rail["gap"] == "80000000.00" and rail["currency"] == "USD"
    assert rail["commitment"] == "firm"


def test_page_shows_the_cores_reasons_for_each_match(market, people, login):
    page = html.fromstring(login(people["investor"]).get("/sco/projects/matches/").content)
    funders = {
        "Development Bank of Kazakhstan": ("dbk", "USD"),
        "Silk Road digital fund": ("silk-fund", "CNY"),
    }
    cards = page.xpath("//article[contains(@class, 'match')]")
    assert len(cards) == len(EXPECTED)
    for card in cards:
        code = card.xpath(".//h2/a/@href")[0].rstrip("/").rsplit("/", 1)[1]
        funder, currency = next(v for name, v in funders.items() if name in card.text_content())
        expected = EXPECTED[(code, funder)]
        assert ("fits" in card.get("class")) == expected.ok
        items = card.xpath(".//ul[@class='reasons']/li")
        assert [(li.get("data-code"), li.get("class") == "met") for li in items] == [
            (r.code, r.ok) for r in expected.reasons
        ]
        assert [li.text_content() for li in items] == [worded(r, currency) for r in expected.reasons]
    text = page.text_content()
    assert "The sector Transport is in the mandate." in text
    assert "The mandate does not cover TJ." in text
    assert "The 500,000 USD to finance is below the minimum ticket of 1,000,000 USD." in text


@pytest.mark.parametrize(
    "reason,english",
    [
        (
            Reason("sector_in_mandate", True, "", {"sector": "rail"}),
            "The sector Rail transport is in the mandate.",
        ),
        (
            Reason(
                "sector_outside_mandate", False, "", {"sector": "health", "sectors": ("energy", "digital")}
            ),
            "Sector Health is outside the mandate (Energy, Digital connectivity).",
        ),
        (
            Reason("countries_covered", True, "", {"countries": ("KZ", "CN")}),
            "The mandate covers every country: KZ, CN.",
        ),
        (Reason("nothing_to_finance", False, ""), "Nothing is left to finance."),
        (
            Reason("needs_co_financing", True, "", {"amount": 250.5, "max": 100.0, "rest": 150.5}),
            "One ticket covers at most 100 USD of the 250.50 USD to finance; 150.50 USD must come from co-financiers.",
        ),
        (
            Reason("within_ticket_range", True, "", {"amount": 80.0, "min": 0.0, "max": None}),
            "The 80 USD to finance fits the tickets (minimum 0 USD, no maximum).",
        ),
        (
            Reason("capital_too_small", False, "", {"capital": 4.0, "min": 5.0}),
            "The available capital of 4 USD cannot cover a ticket (minimum 5 USD).",
        ),
        (
            Reason("no_common_instrument", False, "", {"instruments": ("equity",), "offered": ()}),
            "The project seeks equity; the mandate offers none.",
        ),
        (
            Reason("currency_not_accepted", False, "", {"currency": "KZT", "currencies": ("USD", "CNY")}),
            "The project is in KZT; the mandate takes USD, CNY.",
        ),
    ],
)
def test_reasons_are_worded_with_names_and_the_funders_currency(reason, english):
    with translation.override("en"):
        assert worded(reason, "USD") == english


def test_reasons_are_translated(market, people, login):
    reason = EXPECTED[("kg-grid", "dbk")].reasons[1]
    with translation.override("ru"):
        assert worded(reason, "USD") == "Мандат не охватывает TJ."
    with translation.override("zh-hans"):
        assert worded(reason, "USD") == "授权范围不涵盖 TJ。"


def test_api_matches_refused_to_non_investors_and_constant_in_queries(market, people, login, actor, sco):
    for who in ("public", "kz_delegate", "secretariat"):
        assert login(people[who]).get("/api/orgs/sco/matches").status_code == 403
    c = login(people["investor"])
    with CaptureQueriesContext(connection) as small:
        assert c.get("/api/orgs/sco/matches").status_code == 200
    sec = actor(people["secretariat"])
    for i in range(8):
        p = actions.propose_project(
            actor(people["kz_delegate"]),
            sco,
            code=f"kz-more-{i}",
            title=f"Project {i}",
            description="x",
            sector="energy",
            countries=["KZ"],
            lead_state="KZ",
            cost="2000000",
            currency="USD",
            start=date(2025, 1, 1),
            end=date(2026, 1, 1),
        )
        actions.move_project(sec, p, "endorsed", decision_reference="d")
        actions.publish_project(sec, p)
    with CaptureQueriesContext(connection) as large:
        assert len(c.get("/api/orgs/sco/matches").json()) == 2 * 10
    assert len(large) == len(small)

from datetime import date
from decimal import Decimal

import pytest

from accord.orgs.queries import actor_for
from accord.projects import actions
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def financing(sco, people):
    on = date.today()
    sec = actor_for(people["secretariat"], sco, on)
    kz = actor_for(people["kz_delegate"], sco, on)
    for code, title, sector, cost in (("kz-rail", "Trans-Caspian rail corridor upgrade", "transport", "120000000"),
                                      ("kz-grid", "Regional grid interconnector", "energy", "900000000")):
        p = actions.propose_project(kz, sco, code=code, title=title, description="Illustrative.", sector=sector,
                                    countries=["KZ", "KG"], lead_state="KZ", cost=Decimal(cost), currency="USD",
                                    start=date(2025, 1, 1), end=date(2028, 12, 31),
                                    results=[{"title": "r", "indicator": "i", "target": "1"}])
        actions.move_project(sec, p, "endorsed", decision_reference="CHS decision (illustrative)")
        actions.publish_project(sec, p)
    f = actions.create_funder(sec, sco, code="dbk", name="Development Bank of Kazakhstan", kind="interbank",
                              sectors=["transport"], countries=["KZ", "KG"], instruments=["loan"],
                              capital="300000000", currency="USD")
    actions.add_representative(sec, f, people["investor"])


def test_investor_finds_a_matching_project_and_registers_interest(page, sign_in, live_server, financing):
    sign_in(page, "investor")
    page.goto(f"{live_server.url}/sco/projects/matches/")
    card = page.locator("article.match.fits").first
    assert "Trans-Caspian" in card.inner_text() and "in the mandate" in card.inner_text()
    shot(page, "projects-investor-matches")
    card.get_by_role("link").click()
    page.get_by_role("button", name="Register interest").click()
    page.wait_for_load_state()
    assert "Interest registered" in page.inner_text("main")
    assert "Make a soft commitment" in page.inner_text("main")
    shot(page, "projects-investor-interest")


def test_secretariat_runs_the_optimiser_and_sees_the_gaps_chart(page, sign_in, live_server, financing):
    sign_in(page, "sec")
    page.goto(f"{live_server.url}/sco/projects/optimiser/")
    page.click("#run-optimiser")
    page.wait_for_selector("#result .run")
    result = page.inner_text("#result")
    assert "Development Bank of Kazakhstan" in result and "kz-grid" in result
    assert page.locator("#chart-run-gaps rect").count() == 1
    shot(page, "projects-optimiser-run")
    page.goto(f"{live_server.url}/sco/projects/dashboard/")
    assert page.locator("#chart-gap-sector rect").count() == 2
    shot(page, "projects-dashboard")



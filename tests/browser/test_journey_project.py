"""A project from proposal to an investor's firm commitment, through the pages only: a delegation proposes
it, the Secretariat records the endorsement and publishes it, an investor finds it among the matches,
registers interest, makes a soft commitment and then a firm one. (The funder and its representative are the
setup, as the Secretariat keeps them in the reference data.)"""

import pytest

from accord.projects import actions
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def funder(sco, people):
    f = actions.create_funder(
        None,
        sco,
        code="dbk",
        name="Development Bank of Kazakhstan",
        kind="interbank",
        sectors=["transport"],
        countries=["KZ", "KG"],
        instruments=["loan"],
        capital="300000000",
        currency="USD",
    )
    actions.add_representative(None, f, people["investor"])
    return f


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_project_from_proposal_to_firm_commitment(page, sign_in, live_server, funder):
    # 1. A delegation proposes the project
    sign_in(page, "kz-delegate")
    page.goto(f"{live_server.url}/sco/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Projects").click()
    page.get_by_role("link", name="Propose a project").click()
    page.fill("#code", "kz-kg-rail")
    page.select_option("#sector", "transport")
    page.fill("#title", "Bishkek-Almaty rail link upgrade")
    page.fill("#description", "Upgrade of the rail link between the two capitals (illustrative).")
    page.fill("#countries", "KZ, KG")
    page.fill("#cost", "150000000")
    page.fill("#start", "2026-01-01")
    page.fill("#end", "2029-12-31")
    page.fill("#result_0_title", "Faster freight")
    page.fill("#result_0_indicator", "Transit hours")
    page.fill("#result_0_target", "12")
    shot(page, "journey-project-1-propose")
    page.get_by_role("button", name="Propose", exact=True).click()
    page.wait_for_load_state()
    assert "Project kz-kg-rail proposed." in page.inner_text(".messages")
    assert page.locator("h1").inner_text().startswith("Bishkek-Almaty rail link upgrade")
    shot(page, "journey-project-2-proposed")
    _sign_out(page)

    # 2. The Secretariat records the endorsement and publishes it to investors
    sign_in(page, "sec")
    page.goto(f"{live_server.url}/sco/projects/p/kz-kg-rail/")
    page.fill("input[name=decision_reference]", "CHS decision 2026/3 (illustrative)")
    page.get_by_role("button", name="Move to endorsed").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Publish to investors").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Unpublish").count() == 1
    shot(page, "journey-project-3-endorsed-published")
    _sign_out(page)

    # 3. The investor finds it, registers interest, then commits (soft, then firm)
    sign_in(page, "investor")
    page.goto(f"{live_server.url}/sco/projects/")
    page.get_by_role("link", name="Projects matching my mandate").click()
    card = page.locator("article.match", has_text="Bishkek-Almaty").first
    assert "in the mandate" in card.inner_text()
    shot(page, "journey-project-4-matches")
    card.get_by_role("link").first.click()
    page.fill("#note", "Ready to discuss a loan.")
    page.get_by_role("button", name="Register interest").click()
    page.wait_for_load_state()
    assert "Interest registered" in page.inner_text("main")
    soft = page.locator("form", has=page.get_by_role("button", name="Make a soft commitment"))
    soft.locator("input[name=amount]").fill("60000000")
    soft.get_by_role("button").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Make it firm").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Commitment of Development Bank of Kazakhstan" in main and "firm" in main.lower()
    assert "60,000,000.00 USD" in main
    shot(page, "journey-project-5-firm-commitment")

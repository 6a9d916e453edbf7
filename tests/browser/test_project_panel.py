"""A transport project's page shows what it does to the network."""

import pytest

from accord.connectivity import effects
from tests.browser.conftest import shot
from tests.connectivity.test_project_panel import LINKED, _published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_transport_project_page_shows_its_network_effect(page, live_server, sco, people):
    _published(sco, people, LINKED)
    page.goto(f"{live_server.url}/sco/projects/p/{LINKED}/")
    panel = page.locator("#network-effect")
    assert panel.is_visible()
    mine = effects.effect_of("sco", LINKED)
    assert panel.locator("[data-figure=rank]").inner_text() == str(mine.rank)
    assert panel.locator("tr.flow").count() == min(effects.TOP_FLOWS, len(mine.saving.flows))
    panel.scroll_into_view_if_needed()
    shot(page, "project-network-effect")
    panel.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.url.endswith("/sco/connectivity/")

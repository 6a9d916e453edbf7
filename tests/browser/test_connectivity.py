"""The connectivity map: links coloured by load, and a route drawn with its penalties."""

import pytest

from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_map_and_route_finder(page, live_server, sco):
    page.goto(f"{live_server.url}/sco/connectivity/")
    assert page.locator("#network-map .countries path").count() > 20
    assert page.locator("#network-map line.load-over").count() >= 1
    assert page.locator("#network-map polyline.route").count() == 0
    shot(page, "connectivity-map")
    page.select_option("select[name=from]", "CN-XIY")
    page.select_option("select[name=to]", "AZ-BAK")
    page.select_option("select[name=by]", "generalised")
    page.fill("input[name=vot]", "0.5")
    page.click(".routefinder button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#network-map polyline.route").count() == 1
    assert page.locator("#network-map .marker-gauge").count() >= 1
    assert page.inner_text(".route-path").startswith("Xi'an → ")
    assert page.inner_text(".route-path").endswith("Baku (Alat port)")
    shot(page, "connectivity-route")


def test_route_finder_in_chinese(new_page, live_server, sco):
    page = new_page("zh-CN")
    page.goto(f"{live_server.url}/sco/connectivity/?from=KZ-ALA&to=IR-BND")
    assert page.inner_text("h1") == "交通走廊"
    assert page.locator("#network-map polyline.route").count() == 1

"""The chair's dashboard renders with its server-side SVG charts; the inbox lists notifications."""

from datetime import UTC, datetime

import pytest

from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chair_dashboard_renders_with_charts(page, sign_in, live_server, sco, make_person, monkeypatch):
    # The demo's clock: inside the Kazakh chairmanship (the live server shares this process).
    monkeypatch.setattr("accord.clock._CLOCK_START", datetime(2024, 6, 10, 6, tzinfo=UTC))
    from accord.demo import DemoContext
    from accord.meetings import demo as meetings_demo
    from accord.programmes import demo as programmes_demo

    make_person("kz-nc", "delegation", "national_coordinator", "KZ")
    ctx = DemoContext(org=sco)
    meetings_demo.load(ctx)
    programmes_demo.load(ctx)
    sign_in(page, "kz-nc")
    page.goto(f"{live_server.url}/sco/meetings/dashboard/")
    assert page.locator("#chair .big").inner_text() == "Kazakhstan"
    assert page.locator("svg.chart").count() >= 2
    assert page.locator("#items-due svg.chart rect").count() >= 4
    shot(page, "chair-dashboard")
    page.goto(f"{live_server.url}/sco/programmes/ct-2022-24/")
    assert page.locator("tr.overdue").count() >= 1
    shot(page, "programme-ct-2022-24")
    page.goto(f"{live_server.url}/sco/meetings/")
    shot(page, "meetings")

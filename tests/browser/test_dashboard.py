"""The chair's dashboard renders with its server-side SVG charts; the inbox lists notifications."""

from datetime import UTC, datetime

import pytest

from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chair_dashboard_renders_with_charts(page, sign_in, live_server, sco, make_person, monkeypatch):
    # The demo's clock: inside the Kazakh chairmanship (the live server shares this process).
    monkeypatch.setattr("accord.base.clock._CLOCK_START", datetime(2024, 6, 10, 6, tzinfo=UTC))
    from accord.base.demo import DemoContext
    from accord.meetings import demo as meetings_demo
    from accord.programmes import demo as programmes_demo

    make_person("kz-nc", "delegation", "national_coordinator", "KZ")
    ctx = DemoContext(org=sco)
    meetings_demo.load_sessions(ctx)
    programmes_demo.load(ctx)
    meetings_demo.load(ctx)
    sign_in(page, "kz-nc")
    page.goto(f"{live_server.url}/sco/dashboard/")
    assert page.locator("#chair .big").inner_text() == "Kazakhstan"
    assert page.locator("svg.chart").count() >= 2
    assert page.locator("#items-due svg.chart rect").count() >= 4
    live = page.locator("#programmes li").first
    assert live.get_attribute("data-code") == "ct-2025-27"
    assert "awaiting approval by the Council of Heads of State" in live.inner_text()
    shot(page, "chair-dashboard")
    page.goto(f"{live_server.url}/sco/programmes/")
    assert page.locator("tr[data-code=ct-2025-27] .badge.live").count() == 1
    shot(page, "programmes")
    page.goto(f"{live_server.url}/sco/programmes/ct-2025-27/")
    page.click("#stage a")
    assert page.locator("h1").inner_text().startswith("Council of Heads of State 2024")
    assert page.locator("a[href='/sco/programmes/ct-2025-27/']").count() == 1
    shot(page, "session-astana-2024")
    page.go_back()
    shot(page, "programme-ct-2025-27")
    page.goto(f"{live_server.url}/sco/programmes/ct-2019-21/")
    assert page.locator("ul.steps .source a").count() >= 4  # the sources of its approvals, linked
    shot(page, "programme-ct-2019-21")
    page.goto(f"{live_server.url}/sco/programmes/ct-2022-24/")
    assert page.locator("tr.overdue").count() >= 1
    shot(page, "programme-ct-2022-24")
    page.goto(f"{live_server.url}/sco/meetings/")
    shot(page, "meetings")

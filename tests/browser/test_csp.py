"""The Content-Security-Policy in a real chromium: pages, htmx and the few allowed inline snippets run
without a single violation."""

import pytest

from tests.browser.test_negotiations import _draft, _person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """() => { window.__csp = [];
  document.addEventListener("securitypolicyviolation",
    e => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || e.sample))); }"""


def _violations(page):
    return page.evaluate("() => window.__csp")


def test_no_policy_violations(page, sign_in, sco, live_server):
    page.add_init_script(f"({WATCH})()")
    _person(sco, "in-delegate", "delegate", "IN")
    draft = _draft(sco)
    for path in ["/sco/", "/sco/rotation/", "/admin/login/", "/api/docs"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert _violations(page) == [], path
    # The rotation strip's inline script ran: it scrolled the strip to today's term.
    page.goto(f"{live_server.url}/sco/rotation/")
    assert page.locator(".timeline").first.evaluate("e => e.scrollLeft") > 0
    # The stance form's inline choice handler and htmx's swap of the map both run under the policy.
    sign_in(page, "in-delegate")
    page.goto(f"{live_server.url}/sco/negotiations/drafts/{draft.pk}/")
    page.select_option("#choice", "PP1 A")
    assert page.locator("#stance-form input[name=provision]").input_value() == "PP1"
    page.select_option("select[name=stance]", "object")
    page.click("#stance-form button[type=submit]")
    page.wait_for_selector('td.cell.object[data-state="IN"][data-provision="PP1"]')
    # The language switch submits on change.
    with page.expect_navigation():
        page.select_option("#lang", "ru")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert _violations(page) == []

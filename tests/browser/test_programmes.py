"""A delegate files a yearly report and the programme's progress bar moves."""

from datetime import date

import pytest

from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _width(page) -> float:
    return page.eval_on_selector("#programme-progress > span", "e => e.getBoundingClientRect().width")


def test_delegate_files_report_and_progress_changes(page, sign_in, live_server, sco, make_person):
    from accord.programmes import actions

    make_person("kz-delegate", "delegation", "delegate", "KZ")
    p = actions.create_programme(None, sco, code="ct-2022-24", title_en="Counter-terrorism programme 2022–2024",
                                 start_year=2022, end_year=2024, illustrative=True)
    actions.add_item(None, p, code="1", title_en="Joint anti-terrorist exercise", weight=2,
                     deadline=date(2030, 11, 30), responsible_states=["KZ"])
    actions.add_item(None, p, code="2", title_en="Information campaign", deadline=date(2030, 11, 30),
                     responsible_states=["CN"])
    sign_in(page, "kz-delegate")
    page.goto(f"{live_server.url}/sco/programmes/ct-2022-24/")
    assert page.inner_text("#programme-percent") == "0%"
    before = _width(page)
    shot(page, "programme-before-report")
    form = page.locator("form.report-form").first
    form.locator("input[name=year]").fill("2024")
    form.locator("input[name=percent]").fill("75")
    form.locator("textarea[name=narrative]").fill("Command-staff exercise held near Astana.")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.inner_text("#programme-percent") == "50%"  # weights 2 and 1: 2*75 / 3
    assert _width(page) > before
    assert page.locator(".messages .success").count() == 1
    assert page.locator("form.report-form").count() == 1  # nothing to file for China's item
    shot(page, "programme-after-report")

"""The Secretariat adds an action item on a programme's page (no admin): a refused form names its field,
a good one adds the row; the form reads in Russian and Chinese too."""

import pytest

from accord.programmes import actions
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_adds_an_action_item(page, live_server, sco, sign_in, make_person):
    make_person("sec", "secretariat", "staff")
    actions.create_programme(
        None,
        sco,
        code="ct-2025-27",
        title_en="Counter-terrorism programme 2025–2027",
        start_year=2025,
        end_year=2027,
        illustrative=True,
    )
    sign_in(page, "sec")
    page.goto(f"{live_server.url}/sco/programmes/ct-2025-27/")
    form = page.locator("#add-item form")
    form.locator("#item-code").fill("1")
    form.locator("#item-title-en").fill("Joint anti-terrorist exercise")
    form.locator("button[type=submit]").click()  # no responsible state or body: refused
    page.wait_for_load_state()
    assert "responsible_states:" in page.inner_text("main")
    shot(page, "programme-item-1-refused")
    form = page.locator("#add-item form")
    form.locator("#item-code").fill("1")
    form.locator("#item-title-en").fill("Joint anti-terrorist exercise")
    form.locator("#item-title-ru").fill("Совместные антитеррористические учения")
    form.locator("input[name=responsible_states][value=KZ]").check()
    form.locator("#item-body").select_option("RATS_COUNCIL")
    form.locator("#item-weight").fill("2")
    form.locator("#item-deadline").fill("2027-11-30")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Item 1 added." in page.inner_text("main")
    row = page.inner_text("tr[data-code='1']")
    assert "Joint anti-terrorist exercise" in row and "Kazakhstan" in row
    shot(page, "programme-item-2-added")
    edit = page.locator("tr[data-code='1'] details.edit-item")
    edit.locator("summary").click()
    edit.locator("input[name=weight]").fill("3")
    edit.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Item 1 changed." in page.inner_text("main")
    assert page.inner_text("tr[data-code='1'] td.num >> nth=0") == "3"
    for lang, heading in (("ru", "Добавить мероприятие"), ("zh-hans", "添加行动事项")):
        with page.expect_navigation():
            page.select_option("#lang", lang)  # the site's language switch
        assert heading in page.inner_text("#add-item")
        shot(page, f"programme-item-3-form-{lang}")

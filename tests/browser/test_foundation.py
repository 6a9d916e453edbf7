import pytest

from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "locale,lang,word",
    [("en-GB", "en", "Member states"), ("ru-RU", "ru", "Государства-члены"), ("zh-CN", "zh-hans", "成员国")],
)
def test_home_and_rotation_in_three_languages(new_page, live_server, locale, lang, word):
    page = new_page(locale)
    page.goto(f"{live_server.url}/sco/")
    assert page.locator("html").get_attribute("lang") == lang
    assert word in page.content()
    assert page.locator(".card.chair").count() == 2
    shot(page, f"home-{lang}")
    page.goto(f"{live_server.url}/sco/rotation/")
    assert page.locator(".timeline .term.forecast").count() >= 5
    assert page.locator(".timeline .term.current").count() == 2
    shot(page, f"rotation-{lang}")


def test_language_switcher(page, live_server):
    page.goto(f"{live_server.url}/sco/")
    with page.expect_navigation():
        page.select_option("#lang", "ru")
    assert "Государства-члены" in page.content()
    page.goto(f"{live_server.url}/sco/states/BY/")
    assert "Беларусь" in page.content()
    shot(page, "state-by-ru")

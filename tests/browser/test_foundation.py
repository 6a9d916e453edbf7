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
    assert page.locator(".card.chair .badge").count() == 2
    assert all(lines == 1 for lines in page.eval_on_selector_all(".card.chair .badge", LINE_COUNT))
    # "Chair today": a state's name stays on one line, even in Chinese beside the long body names
    assert all(
        lines <= 1 for lines in page.eval_on_selector_all("table td:nth-child(2):last-child", LINE_COUNT)
    )
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(f"{live_server.url}{icon}").ok
    shot(page, f"home-{lang}")
    page.goto(f"{live_server.url}/sco/rotation/")
    assert page.locator(".timeline .term.forecast").count() >= 5
    assert page.locator(".timeline .term.current").count() == 2
    assert page.locator(".term-legend .term").count() == 3
    for strip in page.locator(".timeline").all():
        box = strip.bounding_box()
        now = strip.locator(".term.current").bounding_box()
        # today's term opens in view, with the recent past to its left and forecast terms to its right
        assert box["x"] <= now["x"] and now["x"] + now["width"] <= box["x"] + box["width"], (box, now)
        assert box["y"] <= now["y"] and now["y"] + now["height"] <= box["y"] + box["height"], (box, now)
        assert now["x"] - box["x"] > box["width"] / 3, (box, now)
        assert any(in_view(box, f.bounding_box()) for f in strip.locator(".term.forecast").all())
    shot(page, f"rotation-{lang}")


# how many lines the element's text is laid out on
LINE_COUNT = """els => els.map(el => {
  const r = document.createRange(); r.selectNodeContents(el);
  return new Set([...r.getClientRects()].filter(c => c.width > 0).map(c => Math.round(c.top))).size;
})"""


def in_view(box, item):
    return box["x"] <= item["x"] and item["x"] + item["width"] <= box["x"] + box["width"]


def test_language_switcher(page, live_server):
    page.goto(f"{live_server.url}/sco/")
    with page.expect_navigation():
        page.select_option("#lang", "ru")
    assert "Государства-члены" in page.content()
    page.goto(f"{live_server.url}/sco/states/BY/")
    assert "Беларусь" in page.content()
    shot(page, "state-by-ru")

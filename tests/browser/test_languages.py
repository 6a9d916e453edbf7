"""The language service in a real chromium: the texts side by side, a misaligned number flagged at the
provision and cleared, every version marked verified, then the decision adopted; the side-by-side view
in Russian and Chinese is kept as a screenshot."""

import pytest
from freezegun import freeze_time

from accord.negotiations import actions, parallel
from accord.negotiations.models import Adoption, TextVersion
from accord.orgs.actions import set_language
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VERSIONS = {
    "Browser declaration": ("Декларация", "宣言"),
    "Guided by the Charter of the Shanghai Cooperation Organisation,": (
        "Руководствуясь Хартией Шанхайской организации сотрудничества,",
        "遵循《上海合作组织宪章》，",
    ),
    "The member states meet 2 times a year.": (
        "Государства-члены проводят встречи 3 раза в год.",  # 3 where the English says 2: flagged
        "成员国每年举行2次会晤。",
    ),
}


def _draft(sco):
    draft = actions.create_draft(None, sco, body="CHS", title="Browser declaration", kind="declaration")
    actions.add_provision(
        None,
        draft,
        kind="PP",
        options=[{"text": "Guided by the Charter of the Shanghai Cooperation Organisation,"}],
    )
    actions.add_provision(
        None, draft, kind="OP", options=[{"text": "The member states meet 2 times a year."}]
    )
    draft = actions.open_negotiation(None, draft)
    for row in parallel.rows(draft):
        ru, zh = VERSIONS[row.texts["en"]]
        actions.write_version(None, draft, row.key, "ru", ru)
        actions.write_version(None, draft, row.key, "zh", zh)
    return draft


def test_language_service_verifies_clears_and_adopts(page, new_page, sign_in, sco, live_server, make_person):
    sec = make_person("sec", "secretariat", "staff")
    with freeze_time("2024-03-01 09:00:00"):
        draft = _draft(sco)
    sign_in(page, "sec")
    page.goto(f"{live_server.url}/sco/negotiations/drafts/{draft.pk}/")
    page.click("#languages-link")
    page.wait_for_selector("#side-by-side")
    warning = page.locator("td[lang=ru] .warning")
    assert warning.count() == 1 and "numbers differ from en: missing 2; not in en: 3" in warning.inner_text()
    shot(page, "languages-side-by-side-en")
    # Adoption is refused while the versions are drafts.
    page.goto(f"{live_server.url}/sco/negotiations/drafts/{draft.pk}/")
    page.click("#adopt button[type=submit]")
    page.wait_for_load_state()
    assert "not every official-language version of the text is verified" in page.inner_text(".messages")
    assert not Adoption.objects.exists()
    # The language service clears the warning (the figure is checked against the signed text) ...
    page.goto(f"{live_server.url}/sco/negotiations/drafts/{draft.pk}/languages/")
    page.click("td[lang=ru] .warning button.clear-warning")
    page.wait_for_load_state()
    assert "Warning cleared." in page.inner_text(".messages")
    assert page.locator("td[lang=ru] .warning").count() == 0 and "Cleared:" in page.inner_text(
        "#side-by-side"
    )
    # ... and marks every version verified.
    for _ in range(6):
        page.locator("button.verify").first.click()
        page.wait_for_load_state()
    assert page.locator("button.verify").count() == 0
    assert set(TextVersion.objects.filter(draft=draft).values_list("status", flat=True)) == {"verified"}
    page.goto(f"{live_server.url}/sco/negotiations/drafts/{draft.pk}/")
    page.click("#adopt button[type=submit]")
    page.wait_for_load_state()
    adoption = Adoption.objects.get(draft=draft)
    assert adoption.authentic == ["ru", "zh"] and adoption.number.startswith("CHS-")
    for locale, lang, heading in (
        ("ru-RU", "ru", "Тексты на официальных языках"),
        ("zh-CN", "zh", "正式语文文本"),
    ):
        set_language(sec, {"zh": "zh-hans"}.get(lang, lang))  # the language a signed-in person chose wins over the browser's
        other = new_page(locale)
        sign_in(other, "sec")
        other.goto(f"{live_server.url}/sco/negotiations/drafts/{draft.pk}/languages/")
        assert heading in other.inner_text("h1")
        assert {"ru": "Аутентичные тексты", "zh": "作准文本"}[lang] in other.inner_text("#authentic")
        shot(other, f"languages-side-by-side-{lang}")

"""The public, not signed in: the register of adopted decisions (menu "Decisions": search, filter, a
decision's page, its Akoma Ntoso) and the programmes' accountability page, after a delegation's report."""

from datetime import date

import pytest
from lxml import etree

from tests.browser.conftest import shot
from tests.negotiations.conftest import authenticate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def decisions(sco):
    from accord.negotiations import actions

    out = []
    for title, day, restricted in (
        ("Astana Declaration of the Council of Heads of State", date(2024, 7, 4), False),
        ("Decision on the Development Strategy until 2035", date(2025, 9, 1), False),
        ("Restricted decision on internal matters", date(2025, 9, 1), True),
    ):
        d = actions.create_draft(
            None, sco, body="CHS", title=title, kind="declaration", restricted=restricted
        )
        actions.add_provision(None, d, kind="PP", options=[{"text": "Guided by the Charter"}])
        actions.add_provision(None, d, kind="OP", options=[{"text": "Welcome the work of the year."}])
        actions.open_negotiation(None, d)
        out.append(actions.adopt(None, authenticate(d), day=day))
    work = actions.create_draft(
        None, sco, body="CHS", title="Working draft not yet adopted", kind="declaration"
    )
    actions.open_negotiation(None, work)
    return out


def test_public_searches_the_register_and_downloads_a_decision(page, live_server, decisions):
    page.goto(f"{live_server.url}/sco/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Decisions").click()
    main = page.inner_text("main")
    assert "Astana Declaration" in main and "Development Strategy" in main
    assert "Restricted decision" not in main and "Working draft" not in main
    shot(page, "journey-register-1-list")
    page.fill("#id_year", "2024")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    rows = page.locator("table.register tbody tr")
    assert rows.count() == 1 and "Astana" in rows.first.inner_text()
    # the browser keeps the year within bounds; a hand-written address is explained beside the field
    page.goto(f"{live_server.url}/sco/negotiations/register/?year=-7&q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert page.locator("#id_year-error").count() == 1
    assert page.input_value("#id_q") == "<script>alert(1)</script>"  # kept as typed, shown as text
    shot(page, "journey-register-2-bad-year")
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("link", name="Astana Declaration of the Council of Heads of State").click()
    assert "Welcome the work of the year." in page.inner_text("article")
    shot(page, "journey-register-3-decision")
    page.locator("nav.language-switch").get_by_role("link", name="RU").click()
    page.wait_for_load_state()
    assert "Welcome the work of the year. [ru]" in page.inner_text("article")
    shot(page, "journey-register-4-decision-ru")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download (Akoma Ntoso XML)").click()
    doc = etree.parse(info.value.path())
    assert etree.QName(doc.getroot()).localname == "akomaNtoso"


def test_public_reads_programme_accountability(page, live_server, sco, sign_in, make_person):
    from accord.programmes import actions

    make_person("kz-delegate", "delegation", "delegate", "KZ")
    p = actions.create_programme(
        None,
        sco,
        code="ct-2025-27",
        title_en="Counter-terrorism programme 2025–2027",
        start_year=2025,
        end_year=2027,
        illustrative=True,
    )
    actions.add_item(
        None,
        p,
        code="1",
        title_en="Joint anti-terrorist exercise",
        weight=2,
        deadline=date(2030, 11, 30),
        responsible_states=["KZ"],
        responsible_body="RATS_COUNCIL",
    )
    actions.add_item(
        None,
        p,
        code="2",
        title_en="Information campaign",
        deadline=date(2030, 11, 30),
        responsible_states=["CN", "KZ"],
    )
    for target in ("approved_by_rats_council", "approved_by_chs", "in_implementation"):
        actions.advance_programme(None, p, target, on=date(2025, 1, 15))
    # a delegation files its report on the programme's page
    sign_in(page, "kz-delegate")
    page.goto(f"{live_server.url}/sco/programmes/ct-2025-27/")
    form = page.locator("form.report-form").first
    form.locator("input[name=year]").fill(
        str(date.today().year if 2025 <= date.today().year <= 2027 else 2027)
    )
    form.locator("input[name=percent]").fill("60")
    form.locator("textarea[name=narrative]").fill("Internal: exercise held near Astana.")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    # the public follows the programmes menu to the accountability page
    page.goto(f"{live_server.url}/sco/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Accountability: items, responsible states and progress").click()
    main = page.inner_text("main")
    assert "Joint anti-terrorist exercise" in main and "Kazakhstan" in main and "60%" in main
    assert "Internal: exercise" not in main  # reports' narratives stay inside
    assert page.locator("main svg.chart").count() >= 3
    shot(page, "journey-accountability")
    page.select_option("#id_state", "CN")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert page.locator("table.items tbody tr").count() == 1

"""The public register of adopted decisions: open to everyone, never a draft, sturdy under any search."""

from datetime import date

import pytest

from accord.negotiations import actions
from accord.negotiations.models import Adoption, Statement
from accord.orgs.models import State

from .conftest import authenticate

pytestmark = pytest.mark.django_db

REGISTER = "/sco/negotiations/register/"


def _adopted(make_draft, title="Test declaration", day=date(2024, 3, 1), restricted=False, statement=""):
    draft = make_draft(n=2, restricted=restricted)
    draft.title = title
    draft.save(update_fields=["title"])
    adoption = actions.adopt(None, authenticate(draft), day=day)
    if statement:
        Statement.objects.create(
            adoption=adoption, state=State.objects.get(code="IN"), kind="dissociation", text=statement
        )
    return adoption


def test_public_sees_adopted_decisions_with_their_facts(make_draft, client):
    a = _adopted(make_draft, "Astana Declaration", statement="India dissociates from OP1")
    html = client.get(REGISTER).content.decode()
    assert "Astana Declaration" in html
    assert "in session" in html and "1 March 2024" in html
    assert f"/sco/negotiations/register/{a.draft_id}/akn.xml" in html
    page = client.get(f"{REGISTER}{a.draft_id}/").content.decode()
    assert "India dissociates from OP1" in page and "Statements on record" in page
    r = client.get(f"{REGISTER}{a.draft_id}/akn.xml")
    assert r.status_code == 200 and b"akomaNtoso" in r.content
    assert r["Content-Type"].startswith("application/akn+xml")


def test_each_authentic_language_has_its_text_and_its_akoma_ntoso(make_draft, client):
    a = _adopted(make_draft, "Astana Declaration")
    page = client.get(f"{REGISTER}{a.draft_id}/?lang=zh").content.decode()
    assert "Astana Declaration [zh]" in page and '<h1 lang="zh">' in page and "authentic" in page
    assert '?lang=zh" download' in page
    r = client.get(f"{REGISTER}{a.draft_id}/akn.xml?lang=ru")
    assert r.status_code == 200 and b'language="rus"' in r.content
    assert r["Content-Disposition"].endswith('-ru.akn.xml"')
    # an unknown or hostile code is not chosen: the working text, never an error
    for lang in ("xx", "<b>", "", "r" * 5000):
        assert client.get(f"{REGISTER}{a.draft_id}/", {"lang": lang}).status_code == 200
        assert client.get(f"{REGISTER}{a.draft_id}/akn.xml", {"lang": lang}).status_code == 200


def test_silence_adoption_says_so(make_draft, client):
    a = _adopted(make_draft, "Silent decision")
    Adoption.objects.filter(pk=a.pk).update(via="silence")
    assert "by silence procedure" in client.get(REGISTER).content.decode()


def test_drafts_and_restricted_decisions_never_leak(make_draft, client, people, login):
    draft = make_draft(n=2)
    draft.title = "Secret working draft"
    draft.save(update_fields=["title"])
    restricted = _adopted(make_draft, "Restricted adopted text", restricted=True)
    assert client.get(REGISTER).status_code == 200
    for c in (client, login(people["public"])):
        html = c.get(REGISTER).content.decode()
        assert "Secret working draft" not in html and "Restricted adopted text" not in html
        for pk in (draft.pk, restricted.draft_id, 999999):
            assert c.get(f"{REGISTER}{pk}/").status_code == 404
            assert c.get(f"{REGISTER}{pk}/akn.xml").status_code == 404
    # even the Secretariat, who sees the draft, finds only adopted decisions in the register
    sec = login(people["secretariat"])
    assert sec.get(f"{REGISTER}{draft.pk}/").status_code == 404


def test_search_filter_and_pages(make_draft, client):
    for i in range(23):
        _adopted(make_draft, f"Decision number {i:02d}", day=date(2023 if i % 2 else 2024, 5, 1))
    html = client.get(REGISTER).content.decode()
    assert "23 decisions" in html and "Page 1 of 2" in html
    assert client.get(REGISTER + "?page=2").content.decode().count("Decision number") == 3
    html = client.get(REGISTER + "?q=number+07").content.decode()
    assert "Decision number 07" in html and "Decision number 08" not in html
    html = client.get(REGISTER + "?year=2023").content.decode()
    assert "11 decisions" in html
    html = client.get(REGISTER + "?year=2023&body=CHS&page=2").content.decode()
    assert "11 decisions" in html and "Page 1 of 1" not in html  # a page past the end shows the last one
    assert client.get(REGISTER + "?body=CHG").content.decode().count("Decision number") == 0
    # the filters are kept on the links to other pages
    html = client.get(REGISTER + "?body=CHS").content.decode()
    assert "?body=CHS&amp;page=2" in html


@pytest.mark.parametrize(
    "query",
    [
        "?q=",
        "?q=" + "x" * 100_000,
        "?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "?q=a%00b",
        "?q=a%01%1Fb",
        "?q=%E2%80%AE%F0%9F%98%80",
        "?body=NOPE",
        "?body=%00",
        "?body=" + "B" * 5000,
        "?year=-5",
        "?year=0",
        "?year=99999999999999999999999999",
        "?year=" + "9" * 5000,
        "?year=20.5",
        "?year=%D9%A3",
        "?page=-1",
        "?page=99999999999999999999",
        "?page=abc",
        "?q=a&q=b&year=2024&year=x",
    ],
)
def test_hostile_search_never_fails(query, make_draft, client):
    _adopted(make_draft, "Ordinary decision")
    r = client.get(REGISTER + query)
    # a NUL anywhere in a request is refused (400) by the shell's middleware before any view
    assert r.status_code == (400 if "%00" in query else 200)
    html = r.content.decode()
    assert "<script>alert(1)" not in html


def test_bad_filters_are_explained_beside_the_field(make_draft, client):
    _adopted(make_draft, "Ordinary decision")
    html = client.get(REGISTER + "?year=-5&body=NOPE&q=" + "x" * 300).content.decode()
    assert 'id="id_year-error"' in html and 'id="id_body-error"' in html and 'id="id_q-error"' in html
    # the valid part of a search still applies; a bad field filters nothing
    html = client.get(REGISTER + "?year=-5").content.decode()
    assert "Ordinary decision" in html


def test_translated(make_draft, client):
    _adopted(make_draft, "Ordinary decision")
    html = client.get(REGISTER, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Реестр принятых решений" in html and "1 решение" in html
    html = client.get(REGISTER + "?year=-1", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已通过决定登记册" in html and "年份:" in html


@pytest.mark.parametrize("size", [1, 25])
def test_constant_queries(size, make_draft, client, django_assert_max_num_queries):
    for i in range(size):
        _adopted(make_draft, f"Decision {i}", statement="on record")
    with django_assert_max_num_queries(6):
        assert client.get(REGISTER + "?body=CHS").status_code == 200
    pk = Adoption.objects.first().draft_id
    with django_assert_max_num_queries(7):
        assert client.get(f"{REGISTER}{pk}/").status_code == 200


def test_menu_offers_the_register_to_everyone(client, sco):
    html = client.get("/sco/").content.decode()
    assert f'href="{REGISTER}"' in html
    html = client.get(REGISTER).content.decode()
    assert f'href="{REGISTER}" aria-current="page"' in html
    assert 'href="/sco/negotiations/" aria-current' not in html

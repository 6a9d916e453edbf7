import pytest

from .conftest import authenticate, stance

pytestmark = pytest.mark.django_db


def _fill(draft, members=("CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ")):
    kinds = ["support", "accept", "dissociate", "reserve", "object"]
    for i, p in enumerate(draft.provisions.all()):
        for j, m in enumerate(members):
            stance(draft, m, p.label, "A", kinds[(i + j) % 5])


@pytest.mark.parametrize("size", [3, 30])
def test_map_page_constant_queries(size, make_draft, people, login, django_assert_max_num_queries):
    draft = make_draft(n=size)
    _fill(draft)
    c = login(people["in_delegate"])
    # 17: the chair's rotation (for the actor's powers) reads the recorded chairmanships too; 18: the
    # chair's proposals (the latest is linked).
    with django_assert_max_num_queries(18):
        r = c.get(f"/sco/negotiations/drafts/{draft.pk}/")
    assert r.status_code == 200
    with django_assert_max_num_queries(16):
        assert c.get(f"/sco/negotiations/drafts/{draft.pk}/map/").status_code == 200


def test_map_page_shows_grid_csv_and_texts(make_draft, people, login):
    draft = make_draft(n=2)
    stance(draft, "IN", "OP1", "A", "object", "too broad")
    c = login(people["in_delegate"])
    html = c.get(f"/sco/negotiations/drafts/{draft.pk}/").content.decode()
    assert (
        'class="cell object" data-state="IN"' in html
        and 'id="text-OP1"><strong>OP1</strong> [<span class="option" data-option="OP1 A">Operative text 0 A'
        in html
    )
    assert 'hx-trigger="every 3s"' in html
    csv = c.get(f"/sco/negotiations/drafts/{draft.pk}/map.csv").content.decode()
    assert csv.splitlines()[0].startswith("provision,status,agreed_option,blocked_by,CN,IN")


@pytest.mark.parametrize(
    "lang,deletion,objects",
    [("en", "DELETE", "object"), ("ru", "ИСКЛЮЧИТЬ", "возра"), ("zh-hans", "删除", "反对")],
)
def test_map_cells_are_signs_and_the_words_are_the_readers(
    make_draft, people, login, lang, deletion, objects
):
    draft = make_draft(n=2)
    stance(draft, "IN", "OP1", "A", "object", "too broad")
    c = login(people["in_delegate"])
    html = c.get(f"/sco/negotiations/drafts/{draft.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    cell = html[html.index('class="cell object" data-state="IN"') :]
    assert cell[cell.index(">") + 1 : cell.index("</td>")] == "✗"
    assert f"Operative text 0 B / {deletion}]" in html
    legend = html[html.index('<p class="legend">') :]
    assert f'<span class="cell object">✗ {objects}' in legend[: legend.index("</p>")]
    assert ">acc<" not in html and ">obj<" not in html


def test_stance_form_posts_via_htmx(make_draft, people, login):
    draft = make_draft(n=1)
    c = login(people["in_head"])
    r = c.post(
        f"/sco/negotiations/drafts/{draft.pk}/stance/",
        {"state": "IN", "provision": "PP1", "option": "B", "stance": "object", "reason": "no"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and 'data-state="IN"' in r.content.decode()
    r = c.post(
        f"/sco/negotiations/drafts/{draft.pk}/stance/",
        {"state": "CN", "provision": "PP1", "option": "B", "stance": "object"},
    )
    assert r.status_code == 403


def test_solver_page(make_draft, people, login):
    draft = make_draft(n=2)
    stance(draft, "IN", "PP1", "A", "object", "prefers B")
    stance(draft, "CN", "PP1", "B", "object", "prefers A")
    c = login(people["kz_head"])
    assert "progress-indicator" in c.get(f"/sco/negotiations/drafts/{draft.pk}/package/").content.decode()
    html = c.post(f"/sco/negotiations/drafts/{draft.pk}/package/").content.decode()
    assert "must move" in html and ("prefers B" in html or "prefers A" in html)
    assert login(people["in_head"]).get(f"/sco/negotiations/drafts/{draft.pk}/package/").status_code == 403


def test_public_and_partner_see_nothing(make_draft, people, login, client):
    draft = make_draft(n=1, restricted=True)
    assert client.get(f"/sco/negotiations/drafts/{draft.pk}/").status_code == 404
    assert login(people["mn_delegate"]).get(f"/sco/negotiations/drafts/{draft.pk}/").status_code == 404
    assert login(people["public"]).get("/sco/negotiations/").content.decode().count("Test declaration") == 0


def test_adopted_printable_page_and_akn(make_draft, people, login):
    draft = authenticate(make_draft(n=2))
    c = login(people["secretariat"])
    r = c.post(f"/sco/negotiations/drafts/{draft.pk}/adopt/")
    assert r.status_code == 302
    html = c.get(f"/sco/negotiations/drafts/{draft.pk}/adopted/").content.decode()
    assert "Recalling the Charter" in html or "Guided by the Charter" in html
    r = c.get(f"/sco/negotiations/drafts/{draft.pk}/akn.xml")
    assert r.status_code == 200 and b"akomaNtoso" in r.content

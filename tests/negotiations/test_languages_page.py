"""The side-by-side page: columns per language, warnings at the text, verify, clear, edit (422 kept)."""

import pytest

from accord.negotiations import actions, parallel
from accord.negotiations.models import ClearedWarning, TextVersion

from .conftest import authenticate

pytestmark = pytest.mark.django_db


def test_side_by_side_verify_clear_and_edit(make_draft, people, login):
    draft = make_draft(n=2)
    op1a = draft.provisions.get(kind="OP").options.get(letter="A")
    key = parallel.option_key(op1a)
    actions.write_version(None, draft, key, "ru", "Оперативный текст 7 A")  # says 7 where English says 0
    c = login(people["secretariat"])
    url = f"/sco/negotiations/drafts/{draft.pk}/languages/"
    html = c.get(url).content.decode()
    assert 'id="side-by-side"' in html and "Русский (ru)" in html and "中文 (zh)" in html
    assert "numbers differ from en: missing 0; not in en: 7" in html
    two = c.get(url + "?cols=en,zh").content.decode()
    assert "Русский (ru)" not in two and "中文 (zh)" in two
    # Clear the warning, verify the version.
    (w,) = [w for r in parallel.rows(draft) if r.key == key for w in r.warnings]
    r = c.post(url + "clear/", {"key": key, "warning": w.key})
    assert r.status_code == 302 and ClearedWarning.objects.filter(draft=draft, warning=w.key).exists()
    after = c.get(url).content.decode()
    assert "⚠ numbers differ" not in after and "Cleared: numbers differ" in after
    c.post(url + "verify/", {"key": key, "language": "ru"})
    assert TextVersion.objects.get(draft=draft, key=key, language="ru").status == "verified"
    # Bad input: the error beside the field, the words typed kept, nothing written.
    r = c.post(url + "write/", {"key": "title", "language": "ru", "text": "Декларация\nBcc: all"})
    assert r.status_code == 422 and "must be one line" in r.content.decode()
    assert "Декларация\nBcc: all</textarea>" in r.content.decode()
    assert not TextVersion.objects.filter(draft=draft, key="title").exists()
    # A delegate sees the page but has no forms.
    other = login(people["kz_head"]).get(url).content.decode()
    assert 'id="side-by-side"' in other and "Mark verified" not in other and "Clear the warning" not in other


def test_page_in_russian_and_chinese_and_akn_per_language(make_draft, people, login):
    draft = authenticate(make_draft(n=1))
    actions.adopt(None, draft)
    c = login(people["secretariat"])
    for lang, word in (("ru", "Тексты на официальных языках"), ("zh", "正式语文文本")):
        html = c.get(f"/sco/negotiations/drafts/{draft.pk}/languages/", HTTP_ACCEPT_LANGUAGE=lang).content
        assert word in html.decode()
    for lang, iso in (("ru", "rus"), ("zh", "zho"), ("en", "eng")):
        r = c.get(f"/sco/negotiations/drafts/{draft.pk}/akn.xml?lang={lang}")
        assert r.status_code == 200 and f'language="{iso}"'.encode() in r.content
    assert c.get(f"/sco/negotiations/drafts/{draft.pk}/akn.xml?lang=fr").status_code == 404


def test_terminology_base_page_and_edit(make_draft, people, login, sco):
    from accord.negotiations.models import Term

    actions.load_terms(None, sco)
    assert actions.load_terms(None, sco) == 0  # idempotent
    c = login(people["secretariat"])
    html = c.get("/sco/negotiations/terms/").content.decode()
    assert 'id="term-sco"' in html and "Shanghai Pact" in html and "Charter" in html
    r = c.post("/sco/negotiations/terms/edit/", {"key": "Bad Key", "preferred_en": "x", "source": "s"})
    assert (
        r.status_code == 422
        and "lower-case letters" in r.content.decode()
        and 'value="x"' in r.content.decode()
    )
    r = c.post(
        "/sco/negotiations/terms/edit/",
        {
            "key": "summit",
            "preferred_en": "meeting of the Council of Heads of State",
            "avoid_en": "summit; top meeting",
            "source": "Charter Art. 6",
        },
    )
    assert r.status_code == 302
    assert Term.objects.get(organisation=sco, key="summit").avoid == {"en": ["summit", "top meeting"]}
    draft = make_draft(n=1)
    actions.write_version(None, draft, "title", "ru", "Декларация")
    assert c.post("/sco/negotiations/terms/edit/", {"key": "summit", "source": "s"}).status_code == 422
    rows = parallel.rows(draft)
    assert rows[0].key == "title" and not any(w.kind == "term" for w in rows[0].warnings)
    # A delegate reads the base but has no form.
    assert 'id="edit-term"' not in login(people["kz_head"]).get("/sco/negotiations/terms/").content.decode()

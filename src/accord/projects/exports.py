"""IATI 2.03 activity XML for published projects.

Identifiers: the reporting organisation is `XI-IATI-<ORG>`. XI-IATI is the registration agency prefix
IATI's OrganisationRegistrationAgency codelist gives to organisations that no other agency registers: the
IATI Technical Team allocates the identifier on request (XM- is not a prefix of its own; XM-DAC, XM-OCHA
are particular lists). Each activity is `XI-IATI-<ORG>-<project code>`: stable, because a project's code
never changes once created. The lead state's government is the Accountable organisation (role 2): it
answers for the project to the organisation; who implements it on the ground is not recorded.

The output validates against the official IATI 2.03 activity schema vendored in schemas/iati/
(`iati_schema()`; tests/projects/test_iati_schema.py checks it) and passes IATI's ruleset and codelists,
vendored in schemas/iati-rules/ (tests/projects/test_iati_rules.py). Elements follow the schema's sequence.
Budgets are the project's cost split by calendar year (`Project.budgets`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources

from lxml import etree

from accord.base import clock
from accord.core.errors import InputError
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
# IATI BudgetStatus: 1 indicative, 2 committed. A project is financed once it reaches implementation.
BUDGET_STATUS = {"implementation": "2", "completed": "2"}
IATI_VERSION = "2.03"
# The label of demo content (Project.illustrative) in the file, in its default language (xml:lang="en").
ILLUSTRATIVE = "Illustrative: invented for a demonstration of accord, not a record of the organisation."
# The official IATI 2.03 activity schema, vendored with its licence (see schemas/iati/README.md).
SCHEMA = "schemas/iati/iati-activities-schema.xsd"


@cache
def iati_schema() -> etree.XMLSchema:
    """The IATI 2.03 activity schema (iati-common.xsd and xml.xsd are read from beside it)."""
    with resources.as_file(resources.files(__package__).joinpath(SCHEMA)) as path:
        return etree.XMLSchema(etree.parse(str(path)))


def reporting_ref(org: Organisation) -> str:
    return f"XI-IATI-{org.code.upper()}"


def iati_identifier(project: Project) -> str:
    return f"{reporting_ref(project.organisation)}-{project.code}"


# Characters XML 1.0 cannot carry (lxml refuses them): dropped from free text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _narrative(parent, tag: str, text: str):
    el = etree.SubElement(parent, tag)
    etree.SubElement(el, "narrative").text = _text(text)
    return el


def shares(n: int) -> list[str]:
    """n percentages (xsd:decimal, two places) that add up to exactly 100; the last takes the rounding."""
    each = (Decimal(100) / n).quantize(Decimal("0.01"))
    parts = [each] * (n - 1) + [Decimal(100) - each * (n - 1)]
    return [format(p.normalize(), "f") for p in parts]


def iati_xml(org: Organisation) -> bytes:
    """The published projects of `org` as an IATI 2.03 activity file.

    Raises InputError when there is none: the schema requires at least one iati-activity.
    """
    now = clock.now().replace(microsecond=0)
    projects = list(
        Project.objects.filter(organisation=org, published=True)
        .select_related("lead_state", "organisation")
        .prefetch_related("results")
        .order_by("code")
    )
    if not projects:
        raise InputError("org", f"{org.code} has no published project; an IATI file needs at least one")
    root = etree.Element("iati-activities", version=IATI_VERSION, **{"generated-datetime": now.isoformat()})
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
        etree.SubElement(rep, "narrative").text = _text(org.name_en)
        _narrative(act, "title", p.title)
        _narrative(act, "description", p.description).set("type", "1")
        if p.illustrative:
            # Demo content says so in the file too: a second description of type 4 ("Other"), which the
            # schema allows (description repeats) and every IATI reader shows beside the general one.
            _narrative(act, "description", ILLUSTRATIVE).set("type", "4")
        lead = etree.SubElement(act, "participating-org", role="2", type="10")
        etree.SubElement(lead, "narrative").text = f"Government of {p.lead_state.name_en}"
        etree.SubElement(act, "activity-status", code=ACTIVITY_STATUS.get(p.stage, "1"))
        etree.SubElement(act, "activity-date", type="1", **{"iso-date": p.start.isoformat()})
        etree.SubElement(act, "activity-date", type="3", **{"iso-date": p.end.isoformat()})
        etree.SubElement(act, "activity-scope", code="2" if len(p.countries) > 1 else "4")
        for code, pct in zip(p.countries, shares(len(p.countries)), strict=True):
            etree.SubElement(act, "recipient-country", code=code, percentage=pct)
        sector = etree.SubElement(act, "sector", vocabulary="1", code=SECTORS[p.sector][1], percentage="100")
        etree.SubElement(sector, "narrative").text = SECTORS[p.sector][2]
        # IATI wants budgets of at most a year: one original budget per calendar year of the timeline.
        for period in p.budgets:
            budget = etree.SubElement(act, "budget", type="1", status=BUDGET_STATUS.get(p.stage, "1"))
            etree.SubElement(budget, "period-start", **{"iso-date": period.start.isoformat()})
            etree.SubElement(budget, "period-end", **{"iso-date": period.end.isoformat()})
            etree.SubElement(
                budget, "value", currency=p.currency, **{"value-date": period.start.isoformat()}
            ).text = f"{period.amount:.2f}"
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
    cleaned = text.replace(",", "").strip().rstrip("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return "0"
    if not value.is_finite():
        return "0"
    return format(value, "f")

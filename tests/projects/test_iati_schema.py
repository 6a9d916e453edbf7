"""The IATI export validated strictly against the official IATI 2.03 activity schema (vendored XSDs)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources

import pytest
from freezegun import freeze_time
from lxml import etree

from accord.core.errors import InputError
from accord.projects import actions
from accord.projects.exports import iati_schema, iati_xml, shares
from accord.projects.models import Project

from .conftest import DAY


def _valid(data: bytes) -> etree._Element:
    """Parse the export and assert it validates against the IATI 2.03 activity schema."""
    doc = etree.fromstring(data)
    schema = iati_schema()
    ok = schema.validate(doc)
    assert ok, "\n".join(str(e) for e in schema.error_log)
    return doc


def _activity(doc, code):
    (act,) = doc.xpath("iati-activity[iati-identifier=$id]", id=f"XI-IATI-SCO-{code}")
    return act


def _percentages(act, tag):
    return [Decimal(v) for v in act.xpath(f"{tag}/@percentage")]


def test_schema_files_ship_in_the_package():
    folder = resources.files("accord.projects").joinpath("schemas/iati")
    names = {p.name for p in folder.iterdir()}
    assert {"iati-activities-schema.xsd", "iati-common.xsd", "xml.xsd", "LICENSE"} <= names
    root = etree.parse(str(folder.joinpath("iati-activities-schema.xsd"))).getroot()
    assert root.get("version") == "2.03"


def test_schema_rejects_what_it_should():
    """The schema is the real one: an activity without its required elements is refused."""
    bad = (
        b'<iati-activities version="2.03"><iati-activity><iati-identifier>X</iati-identifier>'
        b"</iati-activity></iati-activities>"
    )
    schema = iati_schema()
    assert not schema.validate(etree.fromstring(bad))
    assert not schema.validate(etree.fromstring(b'<iati-activities version="2.03"/>'))


@pytest.mark.django_db
def test_schema_catches_a_broken_export(pipeline, sco):
    """Strict: the real export loses its validity when an element is out of order or a required one is gone."""
    schema = iati_schema()
    doc = etree.fromstring(iati_xml(sco))
    act = doc.find("iati-activity")
    act.append(act.find("title"))  # title after results: out of sequence
    assert not schema.validate(doc)
    doc = etree.fromstring(iati_xml(sco))
    status = doc.find("iati-activity/activity-status")
    status.getparent().remove(status)
    assert not schema.validate(doc)
    doc = etree.fromstring(iati_xml(sco))
    del doc.attrib["version"]
    assert not schema.validate(doc)


@pytest.mark.django_db
def test_pipeline_export_validates_and_leaves_out_unpublished(pipeline, sco):
    with freeze_time("2024-03-01 09:00:00"):
        doc = _valid(iati_xml(sco))
    assert doc.get("version") == "2.03"
    assert doc.get("generated-datetime").startswith("2024-03-01T09:00:00")
    assert doc.xpath("iati-activity/iati-identifier/text()") == ["XI-IATI-SCO-kz-rail"]
    assert "kz-hidden" not in etree.tostring(doc).decode()
    act = _activity(doc, "kz-rail")
    assert act.get("default-currency") == "USD"
    assert act.xpath("reporting-org/@ref") == ["XI-IATI-SCO"] and act.xpath("reporting-org/@type")
    assert act.xpath("title/narrative/text()") == ["Trans-Caspian rail corridor upgrade"]
    assert act.xpath("participating-org/@role")
    assert act.xpath("activity-status/@code") == ["1"]
    assert act.xpath("activity-date/@type") == ["1", "3"]
    assert act.xpath("recipient-country/@code") == ["KZ", "CN"]
    assert sum(_percentages(act, "recipient-country")) == 100
    assert act.xpath("sector/@vocabulary") == ["1"] and act.xpath("sector/@code") == ["21020"]
    assert sum(_percentages(act, "sector")) == 100
    # 2025-01-01 to 2028-12-31: one budget per calendar year, together the whole cost.
    assert act.xpath("budget/period-start/@iso-date") == [f"{y}-01-01" for y in range(2025, 2029)]
    assert sum(Decimal(v) for v in act.xpath("budget/value/text()")) == Decimal("120000000.00")


@pytest.mark.django_db
def test_several_countries_commitments_and_stages_validate(pipeline, sco, people, actor, make_project):
    sec = actor(people["secretariat"])
    three = make_project(
        people["kz_delegate"],
        code="kz-grid",
        title="Regional grid <interconnector> & substations",
        description="Three host countries; percentages must still add up to 100.",
        sector="energy",
        countries=["KZ", "KG", "TJ"],
        cost=Decimal("75000000.50"),
        currency="EUR",
        results=[
            {"title": "Capacity", "indicator": "MW traded", "baseline": "0", "target": "1,200"},
            {"title": "Reliability", "indicator": "outages a year", "target": "fewer than before"},
        ],
    )
    actions.move_project(sec, three, "endorsed", decision_reference="CHS 2024/8", decision_date=DAY)
    actions.move_project(sec, three, "financing")
    actions.publish_project(sec, three)
    single = make_project(people["kz_delegate"], code="kz-road", countries=["KZ"], sector="trade", results=[])
    actions.move_project(sec, single, "endorsed", decision_reference="CHS 2024/9", decision_date=DAY)
    actions.move_project(sec, single, "financing")
    actions.move_project(sec, single, "implementation")
    actions.publish_project(sec, single)
    # A funder's interest, firmed up: commitments must not make the export invalid.
    inv = actor(people["investor"])
    c = actions.register_interest(inv, pipeline["project"], pipeline["funder"])
    actions.move_commitment(inv, c, "soft", amount="40000000", currency="USD", instrument="loan")
    actions.move_commitment(inv, c, "firm")

    with freeze_time("2024-03-02 10:00:00"):
        doc = _valid(iati_xml(sco))
    assert doc.xpath("iati-activity/iati-identifier/text()") == [
        "XI-IATI-SCO-kz-grid",
        "XI-IATI-SCO-kz-rail",
        "XI-IATI-SCO-kz-road",
    ]
    grid = _activity(doc, "kz-grid")
    assert grid.xpath("recipient-country/@code") == ["KZ", "KG", "TJ"]
    assert sum(_percentages(grid, "recipient-country")) == 100
    assert grid.xpath("activity-scope/@code") == ["2"]
    assert grid.xpath("sector/@code") == ["23210"] and sum(_percentages(grid, "sector")) == 100
    assert grid.xpath("title/narrative/text()") == ["Regional grid <interconnector> & substations"]
    assert grid.xpath("budget/value/@currency") == ["EUR"] * 4
    # A non-numeric target keeps its words in the indicator's title and reports 0 as its value.
    assert grid.xpath("result/indicator/period/target/@value") == ["1200", "0"]
    road = _activity(doc, "kz-road")
    assert road.xpath("recipient-country/@percentage") == ["100"]
    assert road.xpath("activity-scope/@code") == ["4"]
    assert road.xpath("activity-status/@code") == ["2"]
    assert not road.xpath("result")


@dataclass(frozen=True)
class Budget:
    start: date
    end: date
    value: Decimal
    type: str
    status: str
    currency: str
    value_date: date


def _budgets(act) -> list[Budget]:
    return [
        Budget(
            date.fromisoformat(b.find("period-start").get("iso-date")),
            date.fromisoformat(b.find("period-end").get("iso-date")),
            Decimal(b.findtext("value")),
            b.get("type"),
            b.get("status"),
            b.find("value").get("currency"),
            date.fromisoformat(b.find("value").get("value-date")),
        )
        for b in act.findall("budget")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "start,end,years",
    [
        (
            date(2025, 1, 1),
            date(2027, 12, 31),
            [
                (date(2025, 1, 1), date(2025, 12, 31)),
                (date(2026, 1, 1), date(2026, 12, 31)),
                (date(2027, 1, 1), date(2027, 12, 31)),
            ],
        ),
        (
            date(2025, 7, 1),
            date(2028, 6, 30),
            [
                (date(2025, 7, 1), date(2025, 12, 31)),
                (date(2026, 1, 1), date(2026, 12, 31)),
                (date(2027, 1, 1), date(2027, 12, 31)),
                (date(2028, 1, 1), date(2028, 6, 30)),
            ],
        ),
    ],
)
def test_a_three_year_project_has_a_budget_per_calendar_year(
    people, actor, sco, make_project, start, end, years
):
    sec = actor(people["secretariat"])
    cost = Decimal("90000000.01")
    p = make_project(people["kz_delegate"], code="kz-3y", cost=cost, currency="CNY", start=start, end=end)
    actions.move_project(sec, p, "endorsed", decision_reference="CHS 2024/10", decision_date=DAY)
    actions.publish_project(sec, p)
    act = _activity(_valid(iati_xml(sco)), "kz-3y")
    budgets = _budgets(act)
    assert [(b.start, b.end) for b in budgets] == years
    assert sum(b.value for b in budgets) == cost
    # Original (type 1), indicative (status 1) while seeking finance; valued at the start of the period.
    assert {(b.type, b.status, b.currency) for b in budgets} == {("1", "1", "CNY")}
    assert [b.value_date for b in budgets] == [b.start for b in budgets]
    actions.move_project(sec, p, "financing")
    actions.move_project(sec, p, "implementation")
    budgets = _budgets(_activity(_valid(iati_xml(sco)), "kz-3y"))
    assert {b.status for b in budgets} == {"2"} and sum(b.value for b in budgets) == cost


@pytest.mark.django_db
def test_demo_export_validates(sco):
    from accord.demo import load_demo

    with freeze_time("2024-06-10 06:00:00"):
        load_demo()
        doc = _valid(iati_xml(sco))
    published = set(Project.objects.filter(organisation=sco, published=True).values_list("code", flat=True))
    hidden = set(Project.objects.filter(organisation=sco, published=False).values_list("code", flat=True))
    exported = {i.removeprefix("XI-IATI-SCO-") for i in doc.xpath("iati-activity/iati-identifier/text()")}
    assert exported == published and hidden and not exported & hidden
    for act in doc.xpath("iati-activity"):
        assert sum(_percentages(act, "recipient-country")) in (0, 100)
        assert sum(_percentages(act, "sector")) == 100
        dates = {d.get("type"): date.fromisoformat(d.get("iso-date")) for d in act.xpath("activity-date")}
        assert dates["1"] <= dates["3"]
        budgets = _budgets(act)
        assert budgets[0].start == dates["1"] and budgets[-1].end == dates["3"]
        assert all(b.start.year == b.end.year for b in budgets)
        code = act.findtext("iati-identifier").removeprefix("XI-IATI-SCO-")
        assert sum(b.value for b in budgets) == Project.objects.get(organisation=sco, code=code).cost


@pytest.mark.django_db
def test_cli_output_validates(pipeline, sco, tmp_path):
    from accord.cli import main

    out = tmp_path / "iati.xml"
    assert main(["export", "iati", "--org", "sco", "--output", str(out)]) == 0
    _valid(out.read_bytes())


@pytest.mark.parametrize("n", [1, 2, 3, 6, 7, 9, 11])
def test_country_shares_add_up_to_exactly_100(n):
    parts = shares(n)
    assert len(parts) == n and sum(Decimal(p) for p in parts) == 100
    assert all("E" not in p and "e" not in p and Decimal(p) > 0 for p in parts)


@pytest.mark.django_db
def test_text_xml_cannot_carry_is_dropped(pipeline, sco):
    Project.objects.filter(pk=pipeline["project"].pk).update(
        title="Rail\x0b corridor\x08", description="a\x1fb"
    )
    doc = _valid(iati_xml(sco))
    assert doc.xpath("iati-activity/title/narrative/text()") == ["Rail corridor"]
    assert doc.xpath("iati-activity/description/narrative/text()") == ["ab"]


@pytest.mark.django_db
def test_no_published_project_is_an_input_error_not_an_invalid_file(sco, capsys):
    """The schema needs at least one iati-activity: an empty export is refused with one line, exit 2."""
    from accord.cli import main

    with pytest.raises(InputError):
        iati_xml(sco)
    assert main(["export", "iati", "--org", "sco"]) == 2
    assert "no published project" in capsys.readouterr().err

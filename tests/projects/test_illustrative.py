"""Demo content says it is illustrative wherever it is shown or exported: pages (one template tag), API,
CSV."""

import csv
import io

import pytest
from django.template import Context, Template
from freezegun import freeze_time

from accord.projects.models import Funder, Project

pytestmark = pytest.mark.django_db


def test_the_tag_renders_only_for_flagged_content():
    t = Template("{% load demo %}[{% illustrative obj %}]")
    assert t.render(Context({"obj": Project(illustrative=False)})) == "[]"
    assert 'class="badge illustrative"' in t.render(Context({"obj": Project(illustrative=True)}))
    assert 'class="badge illustrative"' in t.render(Context({"obj": True}))
    assert t.render(Context({"obj": None})) == "[]"


@freeze_time("2024-03-01 09:00:00")
def test_projects_list_api_csv_and_matches_say_illustrative(pipeline, people, client):
    Project.objects.filter(pk=pipeline["project"].pk).update(illustrative=True)
    Funder.objects.filter(pk=pipeline["funder"].pk).update(illustrative=True)
    client.force_login(people["investor"])
    page = client.get("/sco/projects/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert page.count('class="badge illustrative"') == 1 and "условный пример" in page
    api = {p["code"]: p for p in client.get("/api/orgs/sco/projects").json()}
    assert api["kz-rail"]["illustrative"] is True
    rows = list(csv.DictReader(io.StringIO(client.get("/sco/projects/projects.csv").content.decode())))
    assert [r["illustrative"] for r in rows if r["code"] == "kz-rail"] == ["yes"]
    matches = client.get("/api/orgs/sco/matches").json()
    assert matches and all(m["illustrative"] for m in matches)
    html = client.get("/sco/projects/matches/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count('class="badge illustrative"') == 2  # the project and the funder's invented ticket
    client.force_login(people["secretariat"])
    dash = client.get("/sco/projects/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="badge illustrative"' in dash


@freeze_time("2024-03-01 09:00:00")
def test_real_projects_carry_no_label(pipeline, people, client):
    client.force_login(people["investor"])
    assert "badge illustrative" not in client.get("/sco/projects/").content.decode()
    assert all(p["illustrative"] is False for p in client.get("/api/orgs/sco/projects").json())


@freeze_time("2024-03-01 09:00:00")
def test_iati_export_labels_illustrative_activities_and_still_validates(pipeline, sco):
    from lxml import etree

    from accord.projects.exports import ILLUSTRATIVE, iati_schema, iati_xml

    def label(doc):
        return doc.xpath(
            "iati-activity[iati-identifier='XI-IATI-SCO-kz-rail']/description[@type='4']/narrative/text()"
        )

    doc = etree.fromstring(iati_xml(sco))
    assert label(doc) == []  # a real project carries no label
    Project.objects.filter(pk=pipeline["project"].pk).update(illustrative=True)
    doc = etree.fromstring(iati_xml(sco))
    assert iati_schema().validate(doc), iati_schema().error_log
    assert label(doc) == [ILLUSTRATIVE]
    # the general description stays first, as IATI readers expect
    act = doc.xpath("iati-activity[iati-identifier='XI-IATI-SCO-kz-rail']")[0]
    assert [d.get("type") for d in act.findall("description")] == ["1", "4"]

import json

import pytest
from freezegun import freeze_time
from lxml import etree

from accord.cli import main
from accord.projects.exports import iati_xml

PORTFOLIO = {
    "currency": "USD",
    "projects": [
        {"id": "P1", "cost": 120.0, "sector": "transport", "countries": ["KZ", "CN"], "priority": 3},
        {"id": "P2", "cost": 900.0, "sector": "energy", "countries": ["KZ"]},
    ],
    "funders": [
        {
            "id": "F1",
            "capital": 500.0,
            "sectors": ["transport", "energy"],
            "countries": ["KZ", "CN", "KG"],
            "min_ticket": 5.0,
            "max_ticket": 100.0,
        },
        {"id": "F2", "capital": 50.0, "sectors": ["transport"], "countries": ["KZ", "CN"]},
    ],
}


def _write(tmp_path, data, name="p.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def test_allocate_json(tmp_path, capsys):
    assert main(["finance", "allocate", _write(tmp_path, PORTFOLIO), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["funded"] == ["P1"] and out["unfunded"] == [{"project": "P2", "gap": 900.0}] and out["optimal"]
    assert sum(a["amount"] for a in out["allocations"]) == pytest.approx(120.0, rel=1e-6)


def test_allocate_table(tmp_path, capsys):
    assert main(["finance", "allocate", _write(tmp_path, PORTFOLIO)]) == 0
    out = capsys.readouterr().out
    assert "Funded projects (1 of 2)" in out and "P2  900.00 USD" in out


@pytest.mark.parametrize(
    "data,fragment",
    [
        ("", "empty"),
        ("{", "bad JSON"),
        ({**PORTFOLIO, "currency": "usd"}, "currency"),
        ({**PORTFOLIO, "projects": [{**PORTFOLIO["projects"][0], "cost": -1}]}, "projects[0].cost"),
        ({**PORTFOLIO, "funders": [{**PORTFOLIO["funders"][0], "capital": 0}]}, "funders[0].capital"),
        (
            {**PORTFOLIO, "funders": [{**PORTFOLIO["funders"][0], "min_ticket": 200.0}]},
            "funders[0].min_ticket",
        ),
        ({**PORTFOLIO, "projects": [PORTFOLIO["projects"][0]] * 2}, "duplicate"),
        ({**PORTFOLIO, "projects": [{**PORTFOLIO["projects"][0], "cost": "120"}]}, "projects[0].cost"),
    ],
)
def test_allocate_bad_input_exits_2_with_one_line(tmp_path, capsys, data, fragment):
    assert main(["finance", "allocate", _write(tmp_path, data)]) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1 and "Traceback" not in err


def test_allocate_missing_file(tmp_path, capsys):
    assert main(["finance", "allocate", str(tmp_path / "nope.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_finance_help_explains(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["finance", "--help"])
    assert exc.value.code == 0 and "min_ticket" in capsys.readouterr().out


@pytest.mark.django_db
def test_iati_export_has_stable_identifiers_and_published_projects_only(pipeline, sco, tmp_path):
    with freeze_time("2024-03-01 09:00:00"):
        doc = etree.fromstring(iati_xml(sco))
    assert doc.get("version") == "2.03"
    assert doc.xpath("//iati-identifier/text()") == ["XI-IATI-SCO-kz-rail"]
    assert doc.xpath("//sector/@code") == ["21020"]
    assert doc.xpath("//recipient-country/@percentage") == ["50", "50"]
    out = tmp_path / "iati.xml"
    assert main(["export", "iati", "--org", "sco", "--output", str(out)]) == 0
    assert etree.parse(str(out)).xpath("//iati-identifier/text()") == ["XI-IATI-SCO-kz-rail"]


@pytest.mark.django_db
def test_iati_unknown_org(sco, capsys):
    assert main(["export", "iati", "--org", "nope"]) == 2
    assert "--org" in capsys.readouterr().err


API = "/api/orgs/sco"
NEW = {
    "code": "kz-api",
    "title": "API project",
    "description": "x",
    "sector": "energy",
    "countries": ["KZ"],
    "lead_state": "KZ",
    "cost": "1000.50",
    "currency": "USD",
    "start": "2025-01-01",
    "end": "2026-01-01",
    "results": [{"title": "r", "indicator": "i", "target": "1"}],
}


@pytest.mark.django_db
def test_api_propose_and_422_naming_the_field(people, login):
    c = login(people["kz_delegate"])
    r = c.post(f"{API}/projects", NEW, content_type="application/json")
    assert r.status_code == 201 and r.json()["cost"] == "1000.50"
    r = c.post(
        f"{API}/projects", {**NEW, "code": "kz-api2", "currency": "dollars"}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "currency"
    r = c.post(
        f"{API}/projects", {**NEW, "code": "kz-api3", "start": "soon"}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "start"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["in_delegate", "mn_delegate", "investor", "public", "secretariat"])
def test_api_writes_refused(people, pipeline, login, who):
    c = login(people[who])
    assert c.post(f"{API}/projects", NEW, content_type="application/json").status_code == 403
    if who != "secretariat":
        assert c.post(f"{API}/allocation-runs").status_code == 403
        assert c.post(
            f"{API}/projects/kz-rail/stage", {"stage": "implementation"}, content_type="application/json"
        ).status_code in (403, 404)
        assert c.get(f"{API}/commitments").status_code == 403
    if who != "investor":
        assert (
            c.post(
                f"{API}/projects/kz-rail/interest", {"funder": "dbk"}, content_type="application/json"
            ).status_code
            == 403
        )


@pytest.mark.django_db
def test_api_investor_flow_and_visibility(people, pipeline, login, client):
    assert [p["code"] for p in client.get(f"{API}/projects").json()] == ["kz-rail"]
    assert client.get(f"{API}/projects/kz-hidden").status_code == 404
    c = login(people["investor"])
    r = c.post(f"{API}/projects/kz-hidden/interest", {"funder": "dbk"}, content_type="application/json")
    assert r.status_code == 404
    r = c.post(f"{API}/projects/kz-rail/interest", {"funder": "dbk"}, content_type="application/json")
    assert r.status_code == 201
    pk = r.json()["id"]
    r = c.post(
        f"{API}/commitments/{pk}/state",
        {"state": "soft", "amount": "-3", "instrument": "loan"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "amount"
    r = c.post(
        f"{API}/commitments/{pk}/state",
        {"state": "firm", "amount": "10", "instrument": "loan"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "state"


@pytest.mark.django_db
def test_demo_loads_twice_without_duplicates(sco):
    from accord.demo import load_demo
    from accord.projects.models import AllocationRun, Commitment, Funder, Project

    with freeze_time("2024-06-10 06:00:00"):
        load_demo()
        counts = (Project.objects.count(), Funder.objects.count(), Commitment.objects.count())
        load_demo()
    assert counts == (Project.objects.count(), Funder.objects.count(), Commitment.objects.count())
    assert counts[0] >= 6 and AllocationRun.objects.count() == 1

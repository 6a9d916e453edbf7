import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from accord.projects import actions
from accord.projects.models import AllocationRun, Commitment, Project

pytestmark = [pytest.mark.django_db]
BASE = "/sco/projects/"


@pytest.fixture(autouse=True)
def _frozen():
    with freeze_time("2024-03-01 09:00:00"):
        yield


def test_public_sees_published_projects_only(client, pipeline):
    page = client.get(BASE).content.decode()
    assert "Trans-Caspian rail corridor upgrade" in page and "Unpublished concept" not in page
    assert client.get(f"{BASE}p/kz-rail/").status_code == 200
    assert client.get(f"{BASE}p/kz-hidden/").status_code == 404


@pytest.mark.parametrize(
    "who,status",
    [("investor", 404), ("public", 404), ("kz_delegate", 200), ("mn_delegate", 200), ("secretariat", 200)],
)
def test_unpublished_project_page(people, pipeline, login, who, status):
    assert login(people[who]).get(f"{BASE}p/kz-hidden/").status_code == status


def test_delegate_proposes_through_the_form(people, login, sco):
    c = login(people["kz_delegate"])
    assert c.get(f"{BASE}propose/").status_code == 200
    r = c.post(
        f"{BASE}propose/",
        {
            "code": "kz-grid",
            "lead_state": "KZ",
            "sector": "energy",
            "title": "Grid link",
            "description": "Illustrative.",
            "countries": "KZ, KG",
            "cost": "5000000",
            "currency": "usd",
            "start": "2025-01-01",
            "end": "2026-01-01",
            "result_0_title": "Link",
            "result_0_indicator": "MW",
            "result_0_target": "500",
        },
    )
    assert r.status_code == 302
    assert Project.objects.get(code="kz-grid").currency == "USD"
    r = c.post(
        f"{BASE}propose/",
        {
            "code": "kz-bad",
            "lead_state": "KZ",
            "sector": "energy",
            "title": "x",
            "description": "x",
            "countries": "KZ",
            "cost": "-1",
            "currency": "USD",
            "start": "2025-01-01",
            "end": "2026-01-01",
        },
    )
    assert r.status_code == 422 and b"cost" in r.content


@pytest.mark.parametrize("who", ["investor", "public", "secretariat", "mn_delegate"])
def test_propose_page_refused(people, login, sco, who):
    assert login(people[who]).get(f"{BASE}propose/").status_code == 403


def test_investor_sees_matches_with_reasons_and_registers_interest(people, pipeline, login):
    c = login(people["investor"])
    page = c.get(f"{BASE}matches/").content.decode()
    assert (
        "Trans-Caspian" in page and "sector Transport is in the mandate" in page and "Unpublished" not in page
    )
    r = c.post(f"{BASE}p/kz-rail/interest/", {"funder": pipeline["funder"].pk})
    assert r.status_code == 302
    com = Commitment.objects.get()
    r = c.post(
        f"{BASE}commitments/{com.pk}/move/",
        {"state": "soft", "amount": "40000000", "currency": "USD", "instrument": "loan"},
    )
    com.refresh_from_db()
    assert com.state == "soft" and com.amount == Decimal("40000000")
    assert c.post(f"{BASE}p/kz-hidden/interest/", {"funder": pipeline["funder"].pk}).status_code == 404


@pytest.mark.parametrize("who", ["public", "kz_head", "in_delegate", "mn_delegate", "investor"])
def test_secretariat_pages_and_writes_refused(people, pipeline, login, who):
    c = login(people[who])
    assert c.get(f"{BASE}optimiser/").status_code == 403
    assert c.post(f"{BASE}optimiser/run/").status_code == 403
    assert c.get(f"{BASE}commitments/").status_code == 403
    assert c.post(f"{BASE}p/kz-rail/publish/", {"published": "0"}).status_code == 403
    assert c.post(f"{BASE}p/kz-rail/move/", {"stage": "implementation"}).status_code == 403
    assert not AllocationRun.objects.exists()
    assert Project.objects.get(code="kz-rail").published


def test_anonymous_writes_refused(client, pipeline):
    assert client.post(f"{BASE}p/kz-rail/interest/", {"funder": pipeline["funder"].pk}).status_code == 403
    assert client.get(f"{BASE}matches/").status_code == 403


def test_secretariat_runs_the_optimiser_with_htmx_and_compares(people, pipeline, login):
    c = login(people["secretariat"])
    assert b"progress-indicator" in c.get(f"{BASE}optimiser/").content
    r = c.post(f"{BASE}optimiser/run/", HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and b"Development Bank of Kazakhstan" in r.content
    c.post(f"{BASE}optimiser/run/")
    a, b = AllocationRun.objects.order_by("pk")
    assert c.get(f"{BASE}optimiser/compare/?a={a.pk}&b={b.pk}").status_code == 200
    assert c.get(f"{BASE}optimiser/runs/{a.pk}/").status_code == 200
    assert b"kz-rail" in c.get(f"{BASE}optimiser/runs/{a.pk}.csv").content
    assert c.get(f"{BASE}commitments.csv").status_code == 200


def test_dashboard_has_svg_charts(client, pipeline):
    page = client.get(f"{BASE}dashboard/").content.decode()
    for ident in ("chart-gap-sector", "chart-gap-country", "chart-gap-stage", "chart-funnel", "chart-time"):
        assert f'id="{ident}"' in page
    assert "<svg" in page


def test_projects_csv_has_the_timeline_and_commitments(people, pipeline, login):
    rows = list(
        csv.DictReader(io.StringIO(login(people["secretariat"]).get(f"{BASE}projects.csv").content.decode()))
    )
    rail = next(r for r in rows if r["code"] == "kz-rail")
    assert rail["iati_identifier"] == "XI-IATI-SCO-kz-rail"
    assert (rail["start"], rail["end"]) == ("2025-01-01", "2028-12-31")
    assert rail["participating_states"] == "KZ CN" and rail["published"] == "yes"
    assert rail["decision_reference"] == "CHS decision 2024/7" and rail["decision_date"] == "2024-03-01"
    assert {"cost_USD", "firm_USD", "soft_USD", "gap_USD"} <= set(rail)
    assert {r["code"] for r in rows} == {"kz-rail", "kz-hidden"}


def test_budgets_csv_splits_each_visible_project_by_calendar_year(client, pipeline):
    rows = list(csv.DictReader(io.StringIO(client.get(f"{BASE}budgets.csv").content.decode())))
    assert {r["project"] for r in rows} == {"kz-rail"}
    assert [r["period_start"] for r in rows] == ["2025-01-01", "2026-01-01", "2027-01-01", "2028-01-01"]
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal("120000000.00")
    assert {r["currency"] for r in rows} == {"USD"}


def test_project_page_shows_the_budget_by_year(client, pipeline):
    page = client.get(f"{BASE}p/kz-rail/").content.decode()
    assert 'id="budget"' in page and "2027-01-01 – 2027-12-31" in page and "budgets.csv" in page


def test_csv_cells_a_spreadsheet_would_run_are_quoted(people, pipeline, login):
    Project.objects.filter(code="kz-rail").update(title='=HYPERLINK("http://evil.example")')
    body = login(people["secretariat"]).get(f"{BASE}projects.csv").content.decode()
    title = next(r for r in csv.DictReader(io.StringIO(body)) if r["code"] == "kz-rail")["title"]
    assert title == '\'=HYPERLINK("http://evil.example")'


def _grow(sco, people, actor, n, start):
    sec = actor(people["secretariat"])
    for i in range(start, start + n):
        p = actions.propose_project(
            actor(people["kz_delegate"]),
            sco,
            code=f"p{i}",
            title=f"Project {i}",
            description="x",
            sector="energy",
            countries=["KZ"],
            lead_state="KZ",
            cost="1000",
            currency="USD",
            start=date(2025, 1, 1),
            end=date(2026, 1, 1),
            results=[{"title": "r", "indicator": "i", "target": "1"}],
        )
        actions.move_project(sec, p, "endorsed", decision_reference="d")
        actions.publish_project(sec, p)
        c = actions.register_interest(actor(people["investor"]), p, _funder(sco))
        actions.move_commitment(actor(people["investor"]), c, "soft", amount="10", instrument="loan")


def _funder(sco):
    from accord.projects.models import Funder

    return Funder.objects.get(code="dbk")


@pytest.mark.parametrize(
    "path,who",
    [
        ("", "public"),
        ("dashboard/", "public"),
        ("matches/", "investor"),
        ("commitments/", "secretariat"),
        ("projects.csv", "secretariat"),
        ("budgets.csv", "public"),
    ],
)
def test_constant_query_count(people, pipeline, login, actor, sco, path, who):
    c = login(people[who])
    _grow(sco, people, actor, 2, 0)
    with CaptureQueriesContext(connection) as small:
        assert c.get(BASE + path).status_code == 200
    _grow(sco, people, actor, 12, 2)
    with CaptureQueriesContext(connection) as large:
        assert c.get(BASE + path).status_code == 200
    assert len(large) == len(small)

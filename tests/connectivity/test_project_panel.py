"""The network panel on a pipeline project's page, and the optimiser's "network" priority."""

from __future__ import annotations

import html as htmllib
import re
from datetime import date
from decimal import Decimal

import pytest

from accord.audit.models import AuditEvent
from accord.connectivity import effects
from accord.connectivity.views import reference
from accord.core.network import Assessor
from accord.orgs.queries import actor_for
from accord.projects import actions

pytestmark = pytest.mark.django_db

DAY = date(2024, 3, 1)
LINKED = "kz-transcaspian-rail"  # tied to the network project "dostyk-moyynty-2" in pipeline.json


def _published(sco, people, code, sector="rail", cost="1450000000"):
    sec = actor_for(people["secretariat"], sco, DAY)
    p = actions.propose_project(
        actor_for(people["kz_delegate"], sco, DAY),
        sco,
        code=code,
        title=f"Project {code}",
        description="Illustrative project.",
        sector=sector,
        countries=["KZ", "CN"],
        lead_state="KZ",
        interested_states=["CN"],
        cost=Decimal(cost),
        currency="USD",
        start=date(2025, 1, 1),
        end=date(2028, 12, 31),
        results=[],
    )
    actions.move_project(sec, p, "endorsed", decision_reference="CHS decision 2024/7", decision_date=DAY)
    actions.move_project(sec, p, "financing")
    actions.publish_project(sec, p)
    return p


def _number(text: str) -> float:
    return float(re.sub(r"[^\d.]", "", text))


def test_panel_figures_match_the_core_assessment(client, sco, people):
    _published(sco, people, LINKED)
    html = client.get(f"/sco/projects/p/{LINKED}/").content.decode()
    network, demand, projects = reference("sco")
    ranked = Assessor(network, demand, projects).savings()
    rank, mine = next((i, s) for i, s in enumerate(ranked, 1) if s.id == "dostyk-moyynty-2")
    assert mine.saving > 0
    panel = html[html.index('id="network-effect"') :]
    saving = re.search(r'data-figure="saving">([^<]+)<', panel).group(1)
    assert _number(saving) == pytest.approx(mine.saving, abs=0.5)
    assert re.search(r'data-figure="rank">(\d+)<', panel).group(1) == str(rank)
    assert f"of {len(ranked)} network projects" in panel
    rows = [
        (htmllib.unescape(a), htmllib.unescape(b))
        for a, b in re.findall(r"<tr class=\"flow\"><td>([^<]+)</td><td>([^<]+)</td>", panel)
    ]
    top = mine.flows[: effects.TOP_FLOWS]
    assert rows == [(network.node(f.frm).name, network.node(f.to).name) for f in top]
    assert len(rows) == min(3, len(mine.flows)) > 0


def test_project_without_a_network_mapping_has_no_panel(client, sco, people):
    _published(sco, people, "kz-other-rail")
    r = client.get("/sco/projects/p/kz-other-rail/")
    assert r.status_code == 200
    assert 'id="network-effect"' not in r.content.decode()


def test_mapping_names_only_known_network_projects():
    ids = {p.id for p in reference("sco")[2]}
    links = effects.pipeline_links("sco")
    assert links and set(links.values()) <= ids


def test_network_priority_funds_by_network_saving(sco, people):
    sec = actor_for(people["secretariat"], sco, DAY)
    linked = _published(sco, people, LINKED, cost="300000000")
    _published(sco, people, "kz-other-rail", cost="300000000")
    # Capital for one of the two only: by their own (equal) priority either may win; by network saving
    # only the linked one has any value, and the other one (priority 0) is never funded.
    actions.create_funder(
        sec,
        sco,
        code="dbk",
        name="Development Bank of Kazakhstan",
        kind="development_bank",
        sectors=["rail"],
        countries=["KZ", "CN"],
        instruments=["loan"],
        capital=Decimal("300000000"),
        currency="USD",
        min_ticket=Decimal("1000000"),
        max_ticket=None,
    )
    run = actions.run_allocation(sec, sco, priority="network")
    assert run.result["funded"] == [LINKED]
    saving = effects.effect_of("sco", LINKED).saving.saving
    priorities = {p["id"]: p["priority"] for p in run.snapshot["projects"]}
    assert priorities == {LINKED: pytest.approx(saving / 300000000), "kz-other-rail": 0.0}
    assert run.result["value"] == pytest.approx(saving)
    assert AuditEvent.objects.filter(payload__priority="network").count() == 1
    assert linked.code == LINKED


def test_unknown_priority_source_is_refused_and_writes_nothing(sco, people):
    from accord.core.errors import InputError
    from accord.projects.models import AllocationRun

    sec = actor_for(people["secretariat"], sco, DAY)
    with pytest.raises(InputError) as exc:
        actions.run_allocation(sec, sco, priority="speed")
    assert exc.value.field == "priority"
    assert not AllocationRun.objects.exists()


@pytest.mark.parametrize(
    ("language", "title"), [("ru", "Влияние на транспортную сеть"), ("zh-hans", "对交通网络的作用")]
)
def test_panel_is_translated(client, sco, people, language, title):
    _published(sco, people, LINKED)
    html = client.get(f"/sco/projects/p/{LINKED}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"<h2>{title}</h2>" in html


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"pipeline": "a", "network": "x"}, "pipeline"),
        ([{"pipeline": "a"}], "pipeline[0]"),
        ([{"pipeline": "a", "network": "nowhere"}], "pipeline[0].network"),
        ([{"pipeline": "a", "network": "x"}, {"pipeline": "a", "network": "y"}], "pipeline[1].pipeline"),
        ([{"pipeline": "a", "network": "x", "rank": 1}], "pipeline[0].rank"),
    ],
)
def test_bad_pipeline_file_is_refused_naming_the_entry(data, field):
    from accord.core.errors import InputError

    with pytest.raises(InputError) as exc:
        effects.parse_pipeline(data, {"x", "y"})
    assert exc.value.field == field


def test_optimiser_form_runs_with_network_priority(sco, people, login):
    _published(sco, people, LINKED)
    c = login(people["secretariat"])
    assert 'name="priority" value="network"' in c.get("/sco/projects/optimiser/").content.decode()
    c.post("/sco/projects/optimiser/run/", {"priority": "network"})
    from accord.projects.models import AllocationRun

    run = AllocationRun.objects.get()
    assert run.snapshot["projects"][0]["priority"] == pytest.approx(
        effects.effect_of("sco", LINKED).saving.saving / 1450000000
    )

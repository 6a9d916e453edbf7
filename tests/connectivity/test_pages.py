"""The connectivity page: map, loads, route finder and its refusals."""

from __future__ import annotations

import re

import pytest

from accord.connectivity.views import reference

pytestmark = pytest.mark.django_db


def test_map_shows_countries_links_planned_projects_and_bottlenecks(client, sco):
    r = client.get("/sco/connectivity/")
    assert r.status_code == 200
    html = r.content.decode()
    network, _, projects = reference("sco")
    off_map_sea = {"s-lyg-rtm"}  # Rotterdam is west of the map
    assert html.count('class="link ') == len(network.links) - len(off_map_sea)
    assert 'data-link="s-lyg-rtm"' not in html
    assert html.count('class="planned ') == sum(len(p.add_links) for p in projects)
    assert "<title>Kazakhstan</title>" in html and "<title>China</title>" in html
    # The illustrative demand overloads Alashankou-Dostyk (see the reference data).
    assert 'data-link="x-als-dos"' in html and re.search(
        r'class="link mode-rail load-over" data-link="x-als-dos"', html
    )
    assert "<td>x-als-dos</td>" in html


def test_route_is_drawn_with_its_penalties(client, sco):
    r = client.get("/sco/connectivity/", {"from": "CN-XIY", "to": "DE-DUI", "by": "hours"})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'class="route"' in html
    assert "Xi&#x27;an → Lanzhou → Urumqi → Alashankou → Dostyk" in html
    assert html.count("marker marker-gauge") == 2  # Dostyk (1435 to 1520) and Malaszewicze (back to 1435)
    assert html.count("marker marker-border") == 5


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "CN-XIY", "to": "NOWHERE"}, "Choose a place from the list."),
        ({"from": "CN-XIY", "to": "CN-XIY"}, "Choose two different places."),
        ({"from": "CN-XIY", "to": "DE-DUI", "by": "speed"}, "Unknown criterion."),
        ({"from": "CN-XIY", "to": "DE-DUI", "by": "generalised", "vot": "-1"}, "at least 0"),
    ],
)
def test_route_finder_refuses_bad_input(client, sco, query, message):
    r = client.get("/sco/connectivity/", query)
    assert (
        r.status_code == 422 and message in r.content.decode() and 'class="route"' not in r.content.decode()
    )


def test_unknown_organisation_is_404(client, sco):
    assert client.get("/nope/connectivity/").status_code == 404


def test_russian_page(client, sco):
    r = client.get("/sco/connectivity/", HTTP_ACCEPT_LANGUAGE="ru")
    assert "Транспортные коридоры" in r.content.decode()

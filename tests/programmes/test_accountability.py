"""The public accountability page: approved programmes' items, who answers for them and how far they are."""

import re
from datetime import date

import pytest
from freezegun import freeze_time

from accord.programmes import actions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
PAGE = "/sco/programmes/accountability/"


@pytest.fixture
def frozen():
    with freeze_time("2024-03-01 09:00:00"):
        yield


def _programme(sco, code, n_items, approved=True):
    p = actions.create_programme(
        None, sco, code=code, title_en=f"Programme {code}", start_year=2022, end_year=2024
    )
    for i in range(n_items):
        item = actions.add_item(
            None,
            p,
            code=str(i + 1),
            title_en=f"Item {code}-{i + 1}",
            deadline=date(2024, 1, 1 + i),
            responsible_states=["KZ", "CN"] if i % 2 else ["IN"],
            responsible_body="RATS_COUNCIL",
        )
    if approved:
        for target in ("approved_by_rats_council", "approved_by_chs", "in_implementation"):
            actions.advance_programme(None, p, target, on=date(2022, 6, 1))
        for i, item in enumerate(p.items.all()):
            for s in item.responsible_states.all():
                actions.file_report(
                    None,
                    item,
                    state=s.code,
                    year=2023,
                    percent=10 * (i % 10),
                    narrative=f"Internal narrative {code}-{i}",
                )
    return p


def test_public_sees_items_states_bodies_and_progress_without_narratives(sco, client):
    _programme(sco, "open", 3)
    _programme(sco, "drafted", 2, approved=False)
    r = client.get(PAGE)
    assert r.status_code == 200, r.content.decode()[-3000:]
    html = r.content.decode()
    assert "Item open-1" in html and "Item open-2" in html
    assert "Kazakhstan" in html and "India" in html and "RATS" in html
    assert html.count('<svg class="chart"') >= 3  # programme bars, items by state, by responsible state
    assert "Internal narrative" not in html  # reports' narratives are internal
    assert "Item drafted-1" not in html  # a draft programme is not accounted for yet


def test_svg_geometry_keeps_a_decimal_point_in_russian(sco, client):
    _programme(sco, "ru", 3)
    html = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Подотчётность" in html
    widths = re.findall(r'width="([^"]+)"', html)
    assert widths and not [w for w in widths if "," in w]


def test_filter_by_state_and_hostile_input(sco, client):
    _programme(sco, "f", 4)
    html = client.get(PAGE + "?state=KZ").content.decode()
    assert "Item f-2" in html and "Item f-1" not in html  # items 2 and 4 are KZ's; 1 and 3 India's
    for bad in ("ZZ", "<b>x</b>", "x" * 10000, "%01", "-1", "&state=IN&state=KZ"):
        r = client.get(PAGE + "?state=" + bad)
        assert r.status_code == 200
        assert "<b>x</b>" not in r.content.decode()
    assert 'id="id_state-error"' in client.get(PAGE + "?state=ZZ").content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_constant_queries(sco, client, django_assert_max_num_queries, size):
    for k in range(size // 2 + 1):
        _programme(sco, f"p{k}", size)
    with django_assert_max_num_queries(6):
        assert client.get(PAGE).status_code == 200


def test_linked_from_the_programmes_page(sco, client):
    assert f'href="{PAGE}"' in client.get("/sco/programmes/").content.decode()

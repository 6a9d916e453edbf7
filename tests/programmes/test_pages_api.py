"""Programme pages and API: constant query counts, the report form, refusals over HTTP."""

from datetime import date

import pytest
from freezegun import freeze_time

from accord.programmes import actions


def _programme(sco, code, n_items):
    p = actions.create_programme(None, sco, code=code, title_en=f"Programme {code}", start_year=2022, end_year=2024)
    for i in range(n_items):
        item = actions.add_item(None, p, code=str(i + 1), title_en=f"Item {i + 1}", deadline=date(2024, 1, 1 + i),
                                responsible_states=["KZ", "CN"], responsible_body="RATS_COUNCIL")
        actions.file_report(None, item, state="KZ", year=2023, percent=10 * (i % 10), narrative="Illustrative.")
    return p


def _count(client, url, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
@freeze_time("2024-03-01 09:00:00")
@pytest.mark.parametrize("size", [2, 12])
def test_pages_keep_a_constant_query_count(sco, people, login, django_assert_max_num_queries, size):
    for k in range(size // 2 + 1):
        _programme(sco, f"p{k}", size)
    client = login(people["kz_delegate"])
    _count(client, "/sco/programmes/", django_assert_max_num_queries, 16)
    page = _count(client, "/sco/programmes/p0/", django_assert_max_num_queries, 20)
    assert page.content.decode().count('class="report-form"') == size  # KZ files for every item


@pytest.mark.django_db
@freeze_time("2024-03-01 09:00:00")
def test_a_delegate_files_a_report_from_the_page(sco, people, login):
    p = _programme(sco, "ct", 1)
    item = p.items.get()
    client = login(people["cn_head"])
    response = client.post(f"/sco/programmes/ct/items/{item.pk}/report/",
                           {"state": "CN", "year": "2024", "percent": "60", "narrative": "Joint exercise held."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert float(item.percent) == 30.0  # KZ's 2023 report (0) and CN's 60
    page = client.get("/sco/programmes/ct/").content.decode()
    assert 'id="programme-percent">30%' in page
    # India is not responsible: refused
    assert login(people["in_head"]).post(f"/sco/programmes/ct/items/{item.pk}/report/", {
        "state": "IN", "year": "2024", "percent": "60", "narrative": "x"}).status_code == 403


@pytest.mark.django_db
@freeze_time("2024-03-01 09:00:00")
@pytest.mark.parametrize("who,status", [("kz_head", 403), ("in_delegate", 403), ("public", 403),
                                        ("investor", 403), ("secretariat", 201)])
def test_api_writes_refuse_every_other_role(sco, people, client, who, status):
    client.force_login(people[who])
    r = client.post("/api/orgs/sco/programmes", {"code": f"n-{who}", "title_en": "New", "start_year": 2025,
                                                 "end_year": 2027}, content_type="application/json")
    assert r.status_code == status


@pytest.mark.django_db
@freeze_time("2024-03-01 09:00:00")
def test_api_reports_and_errors(sco, people, client):
    p = _programme(sco, "ct", 1)
    item = p.items.get()
    url = f"/api/orgs/sco/programmes/ct/items/{item.pk}/reports"
    assert client.post(url, {"state": "KZ", "year": 2024, "percent": 50, "narrative": "x"},
                       content_type="application/json").status_code == 401
    client.force_login(people["kz_delegate"])
    r = client.post(url, {"state": "KZ", "year": 2024, "percent": 150, "narrative": "x"},
                    content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "percent"
    assert client.post(url, {"state": "CN", "year": 2024, "percent": 50, "narrative": "x"},
                       content_type="application/json").status_code == 403
    r = client.post(url, {"state": "KZ", "year": 2024, "percent": 50, "narrative": "Held."},
                    content_type="application/json")
    assert r.status_code == 201 and r.json()["item_percent"] == 25.0
    data = client.get("/api/orgs/sco/programmes/ct").json()
    assert data["percent"] == 25.0 and data["overdue"] == [item.pk]

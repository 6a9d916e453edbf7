"""The Secretariat adds an action item on the programme's page; everyone else is refused, and a bad field
writes nothing."""

import pytest

from accord.audit.models import AuditEvent
from accord.programmes import actions
from accord.programmes.models import ActionItem

URL = "/sco/programmes/ct-2022-24/items/add/"
GOOD = {
    "code": "4",
    "title_en": "Joint training",
    "title_ru": "Совместное обучение",
    "responsible_states": ["KZ", "CN"],
    "responsible_body": "",
    "weight": "2.5",
    "deadline": "2024-06-30",
}


@pytest.fixture
def programme(sco):
    return actions.create_programme(
        None,
        sco,
        code="ct-2022-24",
        title_en="Counter-terrorism 2022-24",
        start_year=2022,
        end_year=2024,
        reviewing_body="RATS_COUNCIL",
        approving_body="CHS",
    )


@pytest.mark.django_db
def test_the_secretariat_adds_an_item_from_the_page(programme, people, login):
    c = login(people["secretariat"])
    page = c.get("/sco/programmes/ct-2022-24/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="add-item"' in page and 'value="KZ"' in page
    r = c.post(URL, GOOD, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Item 4 added." in r.content.decode()
    item = ActionItem.objects.get(programme=programme, code="4")
    assert (item.title_ru, str(item.weight), str(item.deadline)) == (
        "Совместное обучение",
        "2.50",
        "2024-06-30",
    )
    assert sorted(item.responsible_states.values_list("code", flat=True)) == ["CN", "KZ"]
    assert AuditEvent.objects.filter(action="action_item.create").count() == 1
    ru = c.get("/sco/programmes/ct-2022-24/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Добавить мероприятие" in ru


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["kz_head", "kz_delegate", "kz_nc", "in_head", "mn_delegate", "investor", "public"]
)
def test_no_one_else_may_add_an_item(programme, people, login, who):
    c = login(people[who])
    assert 'id="add-item"' not in c.get("/sco/programmes/ct-2022-24/").content.decode()
    assert c.post(URL, GOOD).status_code == 403
    assert not ActionItem.objects.filter(programme=programme).exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in_and_get_is_refused(programme, client, people, login):
    r = client.post(URL, GOOD)
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    assert login(people["secretariat"]).get(URL).status_code == 405
    assert not ActionItem.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, field",
    [
        ({"code": ""}, "code"),
        ({"code": "x" * 21}, "code"),
        ({"code": "bad\x01code"}, "code"),
        ({"title_en": " "}, "title_en"),
        ({"weight": "-1"}, "weight"),
        ({"weight": "1e400"}, "weight"),
        ({"deadline": "30/06/2024"}, "deadline"),
        ({"responsible_states": ["XX"]}, "responsible_states"),
        ({"responsible_states": [], "responsible_body": ""}, "responsible_states"),
        ({"responsible_states": [], "responsible_body": "NOPE"}, "responsible_body"),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_written(programme, people, login, change, field):
    c = login(people["secretariat"])
    r = c.post(URL, {**GOOD, **change}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200
    assert f"{field}:" in r.content.decode()
    assert not ActionItem.objects.filter(programme=programme).exists()
    assert not AuditEvent.objects.filter(action="action_item.create").exists()


@pytest.mark.django_db
def test_markup_in_a_title_is_shown_as_text(programme, people, login):
    c = login(people["secretariat"])
    c.post(URL, {**GOOD, "title_en": "<script>alert(1)</script>"})
    page = c.get("/sco/programmes/ct-2022-24/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.django_db
def test_the_secretariat_changes_an_items_deadline_and_weight(programme, people, login):
    item = actions.add_item(None, programme, code="1", title_en="Exercise", responsible_states=["KZ"])
    url = f"/sco/programmes/ct-2022-24/items/{item.pk}/edit/"
    c = login(people["secretariat"])
    r = c.post(url, {"deadline": "2024-09-30", "weight": "3"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Item 1 changed." in r.content.decode()
    item.refresh_from_db()
    assert (str(item.deadline), str(item.weight)) == ("2024-09-30", "3.00")
    for bad, field in (({"weight": "0"}, "weight"), ({"deadline": "soon"}, "deadline"), ({}, "deadline")):
        r = c.post(url, bad, follow=True, HTTP_ACCEPT_LANGUAGE="en")
        assert f"{field}:" in r.content.decode()
    item.refresh_from_db()
    assert (str(item.deadline), str(item.weight)) == ("2024-09-30", "3.00")
    assert AuditEvent.objects.filter(action="action_item.update").count() == 1
    assert login(people["kz_head"]).post(url, {"weight": "5"}).status_code == 403
    item.refresh_from_db()
    assert str(item.weight) == "3.00"

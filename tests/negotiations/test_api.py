from datetime import UTC, datetime

import pytest

from accord.audit.models import AuditEvent

from .conftest import authenticate, stance

pytestmark = pytest.mark.django_db


def _put(client, draft, **body):
    data = {"state": "IN", "provision": "PP1", "option": "A", "stance": "object", "reason": "r", **body}
    return client.put(f"/api/orgs/sco/drafts/{draft.pk}/stances", data, content_type="application/json")


def test_stance_api_and_map(make_draft, people, login):
    draft = make_draft()
    c = login(people["in_delegate"])
    r = _put(c, draft, unless=[{"provision": "OP1", "option": "A"}])
    assert r.status_code == 200, r.content
    m = c.get(f"/api/orgs/sco/drafts/{draft.pk}/map").json()
    assert m["provisions"][0]["cells"]["IN"] == "object" and len(m["members"]) == 9


@pytest.mark.parametrize(
    "body,field",
    [
        ({"stance": "veto"}, "stance"),
        ({"provision": "PP9"}, "provision"),
        ({"option": "Q"}, "option"),
        ({"unless": [{"provision": "OP7", "option": "A"}]}, "unless[0].provision"),
        ({"state": "I"}, "state"),
    ],
)
def test_422_names_the_field(make_draft, people, login, body, field):
    draft = make_draft()
    r = _put(login(people["in_delegate"]), draft, **body)
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] == field


def test_403_on_another_delegations_behalf_404_when_not_entitled(make_draft, people, login, client):
    draft = make_draft()
    assert _put(login(people["in_delegate"]), draft, state="CN").status_code == 403
    assert _put(login(people["kz_nc"]), draft, state="KZ").status_code == 403  # national coordinator
    restricted = make_draft(restricted=True)
    assert _put(login(people["mn_delegate"]), restricted, state="MN").status_code == 404
    assert _put(login(people["public"]), draft, state="IN").status_code == 404
    client.logout()
    assert client.get(f"/api/orgs/sco/drafts/{draft.pk}/map").status_code == 404


def test_late_break_409(make_draft, people, login, frozen):
    draft = authenticate(make_draft(n=1))
    kz = login(people["kz_head"])
    r = kz.post(
        f"/api/orgs/sco/drafts/{draft.pk}/silence",
        {"deadline": "2024-03-05T12:00:00+05:00", "timezone": "Asia/Almaty"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    proc = r.json()["id"]
    frozen.move_to("2024-03-06 00:00:00")
    r = login(people["in_head"]).post(
        f"/api/orgs/sco/silences/{proc}/breaks",
        {"state": "IN", "kind": "objection", "text": "late"},
        content_type="application/json",
    )
    assert r.status_code == 409
    assert AuditEvent.objects.filter(action="silence.break_refused").exists()
    assert login(people["in_head"]).get(f"/api/orgs/sco/silences/{proc}").json()["state"] == "adopted"


def test_silence_422_on_short_deadline(make_draft, people, login):
    draft = make_draft(n=1)
    r = login(people["kz_head"]).post(
        f"/api/orgs/sco/drafts/{draft.pk}/silence",
        {"deadline": datetime(2024, 3, 2, tzinfo=UTC).isoformat(), "timezone": "Asia/Almaty"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "deadline"


def test_package_api(make_draft, people, login):
    draft = make_draft(n=2)
    stance(draft, "IN", "OP1", "A", "object")
    r = login(people["kz_nc"]).post(f"/api/orgs/sco/drafts/{draft.pk}/package")
    assert r.status_code == 200 and r.json()["consensus"] and r.json()["package"]["OP1"] != "A"
    assert login(people["in_head"]).post(f"/api/orgs/sco/drafts/{draft.pk}/package").status_code == 403


def test_adopt_then_409(make_draft, people, login):
    draft = authenticate(make_draft(n=1))
    sec = login(people["secretariat"])
    assert (
        sec.post(f"/api/orgs/sco/drafts/{draft.pk}/adopt", {}, content_type="application/json").status_code
        == 200
    )
    assert _put(login(people["in_delegate"]), draft).status_code == 409

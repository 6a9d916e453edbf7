"""Every input reproduction of the security probe (issue 12): a 4xx naming the field, nothing written."""

from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.test import Client
from freezegun import freeze_time

from accord.audit.models import AuditEvent
from accord.base.models import Notification
from accord.negotiations import actions as negotiation_actions
from accord.negotiations.models import Draft, SilenceProcedure
from accord.programmes.models import ActionItem
from accord.projects.models import Commitment, Project

pytestmark = pytest.mark.django_db

PROJECT = {
    "code": "kz-big",
    "title": "Corridor",
    "description": "Illustrative.",
    "sector": "transport",
    "countries": ["KZ"],
    "lead_state": "KZ",
    "cost": "1000",
    "currency": "USD",
    "start": "2025-01-01",
    "end": "2026-01-01",
}


@contextmanager
def nothing_written(*models):
    before = [AuditEvent.objects.count()] + [m.objects.count() for m in models]
    yield
    assert [AuditEvent.objects.count()] + [m.objects.count() for m in models] == before


def refused(response, field, status=422):
    assert response.status_code == status, response.content
    fields = [e["field"] for e in response.json()["detail"]]
    assert field in fields, fields


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


# The bodies are sent as raw JSON text, so a number the client would round (1e30 as a float, or
# 23 nines) reaches the server exactly as the probe typed it.
@pytest.mark.parametrize(
    "cost", ["99999999999999999999999", "1e30", "1E+30", "6.67e307", '"1000000000000000.01"']
)
def test_project_cost_beyond_bounds_is_422(sco, people, login, cost):
    body = '{"code": "kz-big", "title": "T", "description": "D", "sector": "transport", "countries": ["KZ"],'
    body += f' "lead_state": "KZ", "cost": {cost}, "currency": "USD", "start": "2025-01-01", "end": "2026-01-01"}}'
    client = login(people["kz_delegate"])
    with nothing_written(Project):
        refused(client.post("/api/orgs/sco/projects", body, content_type="application/json"), "cost")


def test_project_cost_at_the_bound_is_accepted(sco, people, login):
    r = post(login(people["kz_delegate"]), "/api/orgs/sco/projects", {**PROJECT, "cost": "1000000000000000"})
    assert r.status_code == 201, r.content
    assert Project.objects.get(code="kz-big").cost == Decimal(10) ** 15


def test_project_cost_beyond_bounds_refused_by_the_action_too(sco, people):
    from accord.core.errors import InputError
    from tests.security.conftest import project

    for cost in (Decimal("1e30"), 1e30, "99999999999999999999999", 10**5000, "NaN", "-1", "0"):
        with nothing_written(Project), pytest.raises(InputError) as e:
            project(sco, people["kz_delegate"], cost=cost)
        assert e.value.field == "cost"


def test_unknown_currency_in_a_project_is_422(sco, people, login):
    with nothing_written(Project):
        refused(
            post(login(people["kz_delegate"]), "/api/orgs/sco/projects", {**PROJECT, "currency": "XYZ"}),
            "currency",
        )


def test_unknown_currency_in_a_commitment_is_422(sco, people, login, finance):
    c = finance["commitment"]
    with nothing_written(Commitment):
        r = post(
            login(people["investor"]),
            f"/api/orgs/sco/commitments/{c.pk}/state",
            {"state": "firm", "amount": "1000", "currency": "XYZ", "instrument": "loan"},
        )
        refused(r, "currency")
    c.refresh_from_db()
    assert (c.state, c.currency) == ("soft", "USD")


@pytest.mark.parametrize("weight", ["10000", "6.67e307", "0", "-1", "100.01"])
def test_programme_item_weight_beyond_bounds_is_422(sco, people, login, programme, weight):
    body = f'{{"code": "9", "title_en": "Item", "weight": {weight}, "responsible_states": ["KZ"]}}'
    with nothing_written(ActionItem):
        r = login(people["secretariat"]).post(
            "/api/orgs/sco/programmes/ct/items", body, content_type="application/json"
        )
        refused(r, "weight")


def test_programme_item_weight_refused_by_the_action_too(sco, programme):
    from accord.core.errors import InputError
    from accord.programmes import actions

    item = programme.items.first()
    for weight in (10000, 6.67e307, "1e30", 0):
        with nothing_written(ActionItem), pytest.raises(InputError) as e:
            actions.update_item(None, item, weight=weight)
        assert e.value.field == "weight"


@pytest.fixture
def draft(sco):
    with freeze_time("2024-03-01 09:00:00"):
        d = negotiation_actions.create_draft(
            None, sco, body="CHS", title="Test declaration", kind="declaration"
        )
        negotiation_actions.add_provision(None, d, kind="PP", options=[{"text": "Recalling the Charter"}])
        yield negotiation_actions.open_negotiation(None, d)


def test_silence_minimum_hours_beyond_bounds_is_422(sco, people, login, draft):
    with freeze_time("2024-03-01 09:00:00"), nothing_written(SilenceProcedure):
        r = post(
            login(people["kz_head"]),
            f"/api/orgs/sco/drafts/{draft.pk}/silence",
            {
                "deadline": "2024-03-05T12:00:00+05:00",
                "timezone": "Asia/Almaty",
                "minimum_hours": 1000000000000,
            },
        )
        refused(r, "minimum_hours")
    draft.refresh_from_db()
    assert draft.state != "silence"


def test_silence_minimum_hours_refused_by_the_action_too(sco, draft):
    from accord.core.errors import InputError

    with (
        freeze_time("2024-03-01 09:00:00"),
        nothing_written(SilenceProcedure),
        pytest.raises(InputError) as e,
    ):
        negotiation_actions.open_silence(
            None, draft, deadline=datetime(2024, 3, 9, tzinfo=UTC), timezone="UTC", minimum_hours=10**12
        )
    assert e.value.field == "minimum_hours"


def test_newline_in_a_draft_title_is_422(sco, people, login):
    with nothing_written(Draft):
        r = post(
            login(people["secretariat"]), "/api/orgs/sco/drafts", {"body": "CHS", "title": "Draft\nBcc: all"}
        )
        refused(r, "title")


def test_inbox_read_with_a_non_ascii_digit_marks_nothing(sco, people, login):
    person = people["kz_head"]
    Notification.objects.create(
        person=person,
        organisation=sco,
        kind="silence",
        key="k1",
        title="t",
        body="b",
        url="/",
        created_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    for bad in ("²", "٣", "1" * 40, "-1", "1e3"):
        r = login(person).post("/sco/inbox/read/", {"id": bad})
        assert r.status_code == 302, (bad, r.status_code)
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


@pytest.mark.parametrize("who", [None, "investor", "kz_delegate"])
def test_interest_form_with_a_non_numeric_funder_is_404(sco, people, client, login, finance, who):
    c = login(people[who]) if who else Client()
    with nothing_written(Commitment):
        for funder in ("abc", "²", "1" * 40, ""):
            r = c.post("/sco/projects/p/kz-rail/interest/", {"funder": funder})
            assert r.status_code in (302, 403, 404), (funder, r.status_code)
            assert r.status_code != 302 or who  # the anonymous are sent to log in at most


NUL_CASES = [
    ("title", {"title": "Corr\x00idor"}),
    ("description", {"description": "a\x00b"}),
    ("countries.0", {"countries": ["K\x00"]}),
    ("code", {"code": "kz\x00big"}),
]


@pytest.mark.parametrize("field,change", NUL_CASES)
def test_nul_in_api_text_is_422_naming_the_field(sco, people, login, field, change):
    with nothing_written(Project):
        refused(post(login(people["kz_delegate"]), "/api/orgs/sco/projects", {**PROJECT, **change}), field)


def test_control_characters_in_api_text_are_422(sco, people, login):
    for title in ("a\x01b", "a\x7fb", "line\nbreak", "a\u2028b"):
        with nothing_written(Project):
            refused(
                post(login(people["kz_delegate"]), "/api/orgs/sco/projects", {**PROJECT, "title": title}),
                "title",
            )


@pytest.mark.parametrize(
    "url", ["/sco/projects/\x00/", "/sco/projects/p/a%00b/", "/api/orgs/sco%00/projects"]
)
def test_nul_in_the_path_is_400(client, sco, url):
    assert client.get(url).status_code == 400


def test_nul_in_a_query_or_form_is_refused(client, sco, people, login, finance):
    assert client.get("/api/orgs/sco/projects", {"x": "a\x00"}).status_code == 422
    assert client.get("/sco/projects/", {"q\x00": "1"}).status_code == 400
    r = login(people["investor"]).post("/sco/projects/p/kz-rail/interest/", {"funder": "1", "note": "a\x00"})
    assert r.status_code == 400 and b"note" in r.content


def test_over_long_text_is_422(sco, people, login):
    with nothing_written(Project):
        refused(
            post(login(people["kz_delegate"]), "/api/orgs/sco/projects", {**PROJECT, "title": "x" * 301}),
            "title",
        )

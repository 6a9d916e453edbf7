"""Editing the text through the API and the web editor: every write against every role, successes, bad
input that names the field and leaves nothing half-written."""

import pytest

from accord.audit.models import AuditEvent
from accord.negotiations import actions
from accord.negotiations.models import Draft, Option, OptionVersion, Provision, StanceChange

from .conftest import authenticate
from .test_permissions import ROLES

pytestmark = pytest.mark.django_db

OUTSIDERS = {"investor", "public"}  # may not see the draft: 404, so its existence does not leak


def _snapshot(draft):
    """Everything an editing write could touch."""
    return (
        Provision.objects.filter(draft=draft).count(),
        sorted(Option.objects.filter(provision__draft=draft).values_list("letter", "text", "removed_round")),
        OptionVersion.objects.filter(option__provision__draft=draft).count(),
        StanceChange.objects.filter(draft=draft).count(),
        AuditEvent.objects.count(),
        Draft.objects.values_list("round", "state", "version").get(pk=draft.pk),
    )


def _drafting(sco):
    draft = actions.create_draft(None, sco, body="CHS", title="Being prepared")
    actions.add_provision(None, draft, kind="OP", options=[{"text": "Prepared words"}])
    return draft


# --------------------------------------------------------------------------------------------- the API

API_WRITES = {
    # name: (method, path under the draft, body, roles allowed)
    "add_provision": ("post", "provisions", {"kind": "OP", "options": [{"text": "New"}]}, {"secretariat"}),
    "add_option": (
        "post",
        "provisions/PP1/options",
        {"text": "A third way", "proposed_by": "KZ"},
        {"secretariat"},
    ),
    "edit_option": ("put", "provisions/PP1/options/A", {"text": "Reworded"}, {"secretariat"}),
    "remove_option": ("delete", "provisions/PP1/options/B", None, {"secretariat"}),
    "new_round": ("post", "rounds", None, {"secretariat"}),
    "open_negotiation": ("post", "negotiation", None, {"secretariat", "kz_head", "kz_nc"}),
}


def _call(client, method, url, body=None):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.mark.parametrize("write", list(API_WRITES))
@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(write, role, make_draft, people, client, sco):
    draft = _drafting(sco) if write == "open_negotiation" else make_draft(n=1)
    method, path, body, allowed_roles = API_WRITES[write]
    if role:
        client.force_login(people[role])
    before = _snapshot(draft)
    r = _call(client, method, f"/api/orgs/sco/drafts/{draft.pk}/{path}", body)
    if role in allowed_roles:
        assert r.status_code == 200, r.content
        assert _snapshot(draft) != before
        return
    expected = 401 if role is None else 404 if role in OUTSIDERS else 403
    assert r.status_code == expected, (role, r.content)
    assert _snapshot(draft) == before


def test_api_edits_keep_every_version(make_draft, people, login):
    draft = make_draft(n=2)
    c = login(people["secretariat"])
    base = f"/api/orgs/sco/drafts/{draft.pk}"
    r = c.post(f"{base}/rounds")
    assert r.status_code == 200 and r.json()["round"] == 2
    r = c.put(
        f"{base}/provisions/OP1/options/A", {"text": "Revised in round 2"}, content_type="application/json"
    )
    assert r.status_code == 200, r.content
    assert r.json() == {
        "provision": "OP1",
        "letter": "A",
        "text": "Revised in round 2",
        "delete": False,
        "proposed_by": "RU",
        "added_round": 1,
        "removed_round": None,
    }
    r = c.post(
        f"{base}/provisions/OP1/options",
        {"text": "Kazakhstan's compromise", "proposed_by": "kz"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["letter"] == "D" and r.json()["proposed_by"] == "KZ"
    assert c.delete(f"{base}/provisions/OP1/options/C").json()["removed_round"] == 2
    text = c.get(f"{base}/provisions").json()
    assert [p["label"] for p in text] == ["PP1", "OP1"]
    assert [(o["letter"], o["text"]) for o in text[1]["options"]] == [
        ("A", "Revised in round 2"),
        ("B", "Operative text 0 B"),
        ("D", "Kazakhstan's compromise"),
    ]
    assert list(
        OptionVersion.objects.filter(
            option__provision__number=1, option__provision__kind="OP", option__letter="A"
        )
        .order_by("id")
        .values_list("round", "text")
    ) == [(1, "Operative text 0 A"), (2, "Revised in round 2")]
    html = c.get(f"/sco/negotiations/drafts/{draft.pk}/compare/?a=1&b=2").content.decode()
    assert "Operative text 0 A" in html and "Revised in round 2" in html and "compromise" in html


def test_api_open_negotiation(sco, people, login, frozen):
    draft = _drafting(sco)
    r = login(people["kz_head"]).post(f"/api/orgs/sco/drafts/{draft.pk}/negotiation")
    assert r.status_code == 200 and r.json()["state"] == "negotiation"
    r = login(people["kz_head"]).post(f"/api/orgs/sco/drafts/{draft.pk}/negotiation")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "state"


@pytest.mark.parametrize(
    "method,path,body,field",
    [
        ("put", "provisions/PP1/options/A", {"text": ""}, "text"),
        ("put", "provisions/PP1/options/A", {"text": "   "}, "text"),
        ("put", "provisions/PP1/options/A", {}, "text"),
        ("put", "provisions/PP9/options/A", {"text": "x"}, "provision"),
        ("put", "provisions/XX1/options/A", {"text": "x"}, "provision"),
        ("put", "provisions/PP1/options/Q", {"text": "x"}, "option"),
        ("put", "provisions/OP1/options/C", {"text": "words for a deletion"}, "text"),
        ("post", "provisions/OP1/options", {"text": "x", "proposed_by": "ZZ"}, "proposed_by"),
        ("post", "provisions/OP1/options", {"text": " "}, "text"),
        ("post", "provisions/OP9/options", {"text": "x"}, "provision"),
        ("post", "provisions/OP1/options", {"text": "x", "delete": "perhaps"}, "delete"),
        ("delete", "provisions/OP1/options/Z", None, "option"),
        ("post", "provisions", {"kind": "XP", "options": [{"text": "x"}]}, "kind"),
        ("post", "provisions", {"kind": "OP", "options": []}, "options"),
        (
            "post",
            "provisions",
            {
                "kind": "OP",
                "options": [{"text": "fine", "proposed_by": "KZ"}, {"text": "x", "proposed_by": "QQ"}],
            },
            "options[1].proposed_by",
        ),
        (
            "post",
            "provisions",
            {"kind": "OP", "options": [{"text": "fine"}, {"text": ""}]},
            "options[1].text",
        ),
    ],
)
def test_api_422_names_the_field_and_writes_nothing(make_draft, people, login, method, path, body, field):
    draft = make_draft(n=2)
    before = _snapshot(draft)
    r = _call(login(people["secretariat"]), method, f"/api/orgs/sco/drafts/{draft.pk}/{path}", body)
    assert r.status_code == 422, r.content
    assert r.json()["detail"][0]["field"] == field
    assert _snapshot(draft) == before


def test_api_last_option_stays_and_frozen_text_is_409(make_draft, people, login):
    draft = make_draft(n=1)
    c = login(people["secretariat"])
    base = f"/api/orgs/sco/drafts/{draft.pk}"
    assert c.delete(f"{base}/provisions/PP1/options/B").status_code == 200
    before = _snapshot(draft)
    r = c.delete(f"{base}/provisions/PP1/options/A")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "option"
    assert _snapshot(draft) == before
    authenticate(draft)
    assert c.post(f"{base}/adopt", {}, content_type="application/json").status_code == 200
    before = _snapshot(draft)
    for method, path, body in [
        ("put", "provisions/PP1/options/A", {"text": "late"}),
        ("post", "provisions/PP1/options", {"text": "late"}),
        ("post", "provisions", {"kind": "OP", "options": [{"text": "late"}]}),
        ("post", "rounds", None),
    ]:
        assert _call(c, method, f"{base}/{path}", body).status_code == 409, path
    assert _snapshot(draft) == before


def test_api_restricted_draft_is_404_for_partners(make_draft, people, login):
    draft = make_draft(n=1, restricted=True)
    c = login(people["mn_delegate"])
    assert c.get(f"/api/orgs/sco/drafts/{draft.pk}/provisions").status_code == 404
    r = c.put(
        f"/api/orgs/sco/drafts/{draft.pk}/provisions/PP1/options/A",
        {"text": "x"},
        content_type="application/json",
    )
    assert r.status_code == 404


# --------------------------------------------------------------------------------------- the web editor

WEB_WRITES = {
    # name: (url name under the draft, form, roles allowed)
    "edit_option": (
        "text/options/edit/",
        {"provision": "PP1", "option": "A", "text": "Reworded"},
        {"secretariat"},
    ),
    "add_option": (
        "text/options/add/",
        {"provision": "PP1", "text": "Third", "proposed_by": "KZ"},
        {"secretariat"},
    ),
    "remove_option": ("text/options/remove/", {"provision": "PP1", "option": "B"}, {"secretariat"}),
    "add_provision": (
        "text/provisions/add/",
        {"kind": "OP", "text": "New", "proposed_by": "IN"},
        {"secretariat"},
    ),
    "new_round": ("rounds/", {}, {"secretariat"}),
    "open_negotiation": ("negotiation/", {}, {"secretariat", "kz_head", "kz_nc"}),
}


@pytest.mark.parametrize("write", list(WEB_WRITES))
@pytest.mark.parametrize("role", ROLES)
def test_web_matrix(write, role, make_draft, people, client, sco):
    draft = _drafting(sco) if write == "open_negotiation" else make_draft(n=1)
    path, form, allowed_roles = WEB_WRITES[write]
    if role:
        client.force_login(people[role])
    before = _snapshot(draft)
    r = client.post(f"/sco/negotiations/drafts/{draft.pk}/{path}", form)
    if role in allowed_roles:
        assert r.status_code == 302 and _snapshot(draft) != before
        return
    assert r.status_code == (404 if role in OUTSIDERS or role is None else 403), role
    assert _snapshot(draft) == before


@pytest.mark.parametrize("role", ROLES)
def test_editor_page_is_the_secretariats(role, make_draft, people, client):
    draft = make_draft(n=1)
    if role:
        client.force_login(people[role])
    r = client.get(f"/sco/negotiations/drafts/{draft.pk}/text/")
    assert r.status_code == (
        200 if role == "secretariat" else 404 if role in OUTSIDERS or role is None else 403
    )
    page = (
        client.get(f"/sco/negotiations/drafts/{draft.pk}/").content.decode() if r.status_code != 404 else ""
    )
    assert ('id="edit-text"' in page) == (role == "secretariat")


@pytest.mark.parametrize("size", [3, 30])
def test_editor_constant_queries(size, make_draft, people, login, django_assert_max_num_queries):
    draft = make_draft(n=size)
    c = login(people["secretariat"])
    with django_assert_max_num_queries(10):
        r = c.get(f"/sco/negotiations/drafts/{draft.pk}/text/")
    assert r.status_code == 200
    assert r.content.decode().count('class="option-edit"') == 2 + 3 * (size - 1)
    with django_assert_max_num_queries(20):
        r = c.post(
            f"/sco/negotiations/drafts/{draft.pk}/text/options/edit/",
            {"provision": "OP1", "option": "A", "text": "Reworded"},
            HTTP_HX_REQUEST="true",
        )
    assert r.status_code == 200


def test_htmx_edit_returns_the_provision(make_draft, people, login):
    draft = make_draft(n=2)
    c = login(people["secretariat"])
    url = f"/sco/negotiations/drafts/{draft.pk}/text/options"
    r = c.post(
        f"{url}/edit/", {"provision": "OP1", "option": "A", "text": "Reworded"}, HTTP_HX_REQUEST="true"
    )
    html = r.content.decode()
    assert r.status_code == 200 and html.startswith('<section class="card provision" id="provision-OP1">')
    assert "Reworded" in html and "Wording saved." in html
    r = c.post(
        f"{url}/add/", {"provision": "OP1", "text": "Fourth", "proposed_by": "PK"}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200 and "proposed by PK" in r.content.decode()
    r = c.post(f"{url}/add/", {"provision": "PP1", "delete": "on"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "(delete the provision)" in r.content.decode()
    r = c.post(f"{url}/remove/", {"provision": "OP1", "option": "B"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and 'data-option="OP1 B"' not in r.content.decode()
    assert list(
        Option.objects.filter(provision__draft=draft, provision__kind="OP")
        .order_by("letter")
        .values_list("letter", "text", "proposed_by__code", "removed_round")
    ) == [
        ("A", "Reworded", "RU", None),
        ("B", "Operative text 0 B", None, 1),
        ("C", "", "IN", None),
        ("D", "Fourth", "PK", None),
    ]


def test_htmx_bad_input_shows_the_message_and_writes_nothing(make_draft, people, login):
    draft = make_draft(n=2)
    c = login(people["secretariat"])
    url = f"/sco/negotiations/drafts/{draft.pk}/text/options"
    before = _snapshot(draft)
    r = c.post(f"{url}/edit/", {"provision": "OP1", "option": "A", "text": "  "}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and 'role="alert">text: is required' in r.content.decode()
    r = c.post(f"{url}/add/", {"provision": "OP1", "text": "x", "proposed_by": "ZZ"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "proposed_by: unknown state" in r.content.decode()
    r = c.post(f"{url}/edit/", {"provision": "OP7", "option": "A", "text": "x"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and r.content.decode().startswith("provision: unknown provision")
    assert _snapshot(draft) == before


def test_plain_forms_redirect_with_a_message(make_draft, people, login):
    draft = make_draft(n=1)
    c = login(people["secretariat"])
    base = f"/sco/negotiations/drafts/{draft.pk}"
    r = c.post(
        f"{base}/text/provisions/add/",
        {
            "kind": "OP",
            "text": "Option one",
            "proposed_by": "KZ",
            "text_b": "Option two",
            "proposed_by_b": "CN",
        },
    )
    assert r.status_code == 302 and r["Location"].endswith("/text/#provision-OP1")
    p = Provision.objects.get(draft=draft, kind="OP", number=1)
    assert list(p.options.values_list("letter", "text", "proposed_by__code")) == [
        ("A", "Option one", "KZ"),
        ("B", "Option two", "CN"),
    ]
    before = _snapshot(draft)
    r = c.post(f"{base}/text/provisions/add/", {"kind": "OP", "text": " "}, follow=True)
    assert "text: is required" in r.content.decode() and _snapshot(draft) == before
    r = c.post(f"{base}/rounds/", follow=True)
    assert "Round 2 opened." in r.content.decode()
    draft.refresh_from_db()
    assert draft.round == 2
    assert c.get(f"{base}/text/options/edit/").status_code == 405

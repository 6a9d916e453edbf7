"""Polling the consensus map: the fragment carries an ETag from the draft's version; while nothing changed
the poll is answered 304 from one cheap query, and every action that may change the map bumps the version."""

import json
import re
from datetime import UTC, datetime

import pytest
from django.contrib.admin.sites import site

from accord.negotiations import actions
from accord.negotiations.models import Draft

from .conftest import authenticate, stance
from .test_pages import _fill

pytestmark = pytest.mark.django_db


def _map(client, draft, etag=None, **headers):
    if etag:
        headers["HTTP_IF_NONE_MATCH"] = etag
    return client.get(f"/sco/negotiations/drafts/{draft.pk}/map/", **headers)


def _sent_tag(html):
    """The If-None-Match the next poll sends: the hx-headers of the polling element."""
    raw = re.search(r'<div id="map"[^>]* hx-headers="([^"]*)"', html).group(1)
    return json.loads(raw.replace("&quot;", '"').replace("&amp;", "&"))["If-None-Match"]


@pytest.mark.parametrize("size", [3, 100])
def test_unchanged_map_is_304_from_three_queries(
    size, make_draft, people, login, django_assert_max_num_queries
):
    draft = make_draft(n=size)
    _fill(draft)
    c = login(people["in_delegate"])
    r = _map(c, draft)
    etag = r["ETag"]
    assert r.status_code == 200 and r["Cache-Control"] == "private, no-cache"
    assert _sent_tag(r.content.decode()) == etag  # the swapped-in element polls with the new tag
    with django_assert_max_num_queries(3):  # session, person, the draft's version
        r = _map(c, draft, etag)
    assert r.status_code == 304 and r.content == b""
    assert r["ETag"] == etag and r["HX-Reswap"] == "none"  # htmx 2 would swap a 304's empty body


def test_a_stance_change_gives_the_new_grid(make_draft, people, login, sco):
    draft = make_draft(n=3)
    c = login(people["in_delegate"])
    page = c.get(f"/sco/negotiations/drafts/{draft.pk}/").content.decode()
    etag = _sent_tag(page)
    assert _map(c, draft, etag).status_code == 304  # the page's own tag: the first poll is already cheap
    stance(draft, "CN", "OP2", "B", "object")
    r = _map(c, draft, etag)
    html = r.content.decode()
    assert r.status_code == 200 and r["ETag"] != etag
    assert 'class="cell object" data-state="CN" data-provision="OP2"' in html
    assert _map(c, draft, r["ETag"]).status_code == 304


def test_tag_is_the_persons_day_and_language(make_draft, people, login, frozen):
    draft = make_draft(n=1)
    c = login(people["in_delegate"])
    etag = _map(c, draft)["ETag"]
    assert _map(c, draft, etag, HTTP_ACCEPT_LANGUAGE="ru").status_code == 200
    c = login(people["kz_delegate"])  # another person's tag proves nothing about this one
    assert _map(c, draft, etag).status_code == 200
    c = login(people["in_delegate"])
    frozen.move_to("2024-03-02 00:00:01")  # members are those of the day
    assert _map(c, draft, etag).status_code == 200


def test_no_304_for_those_not_entitled(make_draft, people, login, client):
    draft = make_draft(n=1, restricted=True)
    etag = _map(login(people["in_delegate"]), draft)["ETag"]
    assert _map(login(people["mn_delegate"]), draft, etag).status_code == 404
    client.logout()
    assert _map(client, draft, etag).status_code == 404
    assert (
        client.get(f"/sco/negotiations/drafts/{draft.pk + 1}/map/", HTTP_IF_NONE_MATCH=etag).status_code
        == 404
    )


def _version(draft):
    return Draft.objects.get(pk=draft.pk).version


def test_every_change_to_the_map_bumps_the_version(make_draft, sco, frozen):
    draft = make_draft(n=2)
    pp1 = draft.provisions.get(kind="PP")
    writes = [
        lambda: stance(draft, "IN", "PP1", "A", "object"),
        lambda: actions.add_provision(None, draft, kind="OP", options=[{"text": "x"}]),
        lambda: actions.add_option(None, pp1, text="Third", proposed_by="KZ"),
        lambda: actions.edit_option(None, pp1.options.get(letter="A"), "Reworded"),
        lambda: actions.remove_option(None, pp1.options.get(letter="C")),
        lambda: actions.new_round(None, draft),
        lambda: actions.adopt(None, authenticate(draft)),  # versions do not bump the map
    ]
    for write in writes:
        before = _version(draft)
        write()
        assert _version(draft) == before + 1, write
    joined = make_draft(n=1, decision_rule="interested_members", interested=["KZ"])
    before = _version(joined)
    actions.join_interested(None, joined, "RU")
    assert _version(joined) == before + 1
    silent = authenticate(make_draft(n=1))
    before = _version(silent)
    actions.open_silence(None, silent, deadline=datetime(2024, 3, 9, tzinfo=UTC), timezone="Asia/Almaty")
    assert _version(silent) == before + 1
    frozen.move_to("2024-03-10")
    actions.settle_silences()
    assert _version(silent) == before + 2
    before = _version(draft)
    actions.post_comment(None, draft, "IN", "A comment is not on the map")
    assert _version(draft) == before


def test_a_change_in_the_admin_bumps_the_version(make_draft, people, rf):
    draft = make_draft(n=1)
    before = _version(draft)
    request = rf.post("/admin/")
    request.user = people["secretariat"]
    obj = Draft.objects.get(pk=draft.pk)
    obj.decision_rule = "consensus_minus_one"
    site._registry[Draft].save_model(request, obj, None, change=True)
    assert _version(draft) == before + 1

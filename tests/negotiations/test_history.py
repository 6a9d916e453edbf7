"""Stance history: every stance stated or changed is a StanceChange written with it; the history page and
API, and the comparison of rounds showing which stances moved."""

import importlib

import pytest
from django.apps import apps

from accord.core.errors import InputError
from accord.negotiations import actions, queries
from accord.negotiations.models import Stance, StanceChange
from accord.orgs.queries import actor_for

from .conftest import stance
from .test_pages import _fill

pytestmark = pytest.mark.django_db


def _as(person, sco, draft, state, label, option, kind, reason="", unless=()):
    return actions.set_stance(
        actor_for(person, sco), draft, state, actions.StanceInput(label, option, kind, reason, tuple(unless))
    )


@pytest.fixture
def negotiated(make_draft, people, sco, frozen):
    """IN objects to PP1 A in round 1, reserves on condition in round 2, then accepts; CN supports OP1 B
    in round 1 and never moves."""
    draft = make_draft(n=2)
    _as(people["in_delegate"], sco, draft, "IN", "PP1", "A", "object", "too narrow")
    stance(draft, "CN", "OP1", "B", "support")
    draft = actions.new_round(None, draft)
    frozen.tick(3600)
    _as(people["in_head"], sco, draft, "IN", "PP1", "A", "reserve", "needs capital", [("OP1", "B")])
    frozen.tick(3600)
    _as(people["in_delegate"], sco, draft, "IN", "PP1", "A", "accept", "instructions received")
    return draft


def test_each_stance_is_a_change_written_with_it(negotiated):
    rows = list(
        StanceChange.objects.filter(draft=negotiated, state__code="IN").values_list(
            "round", "before", "kind", "reason", "unless", "by__username"
        )
    )
    assert rows == [
        (1, "", "object", "too narrow", [], "in-delegate"),
        (2, "object", "reserve", "needs capital", [{"provision": "OP1", "option": "B"}], "in-head"),
        (2, "reserve", "accept", "instructions received", [], "in-delegate"),
    ]
    assert Stance.objects.get(draft=negotiated, state__code="IN").kind == "accept"  # the latest only


def test_bad_or_failed_stance_leaves_no_change(make_draft, monkeypatch):
    draft = make_draft(n=1)
    with pytest.raises(InputError):
        stance(draft, "IN", "PP1", "Z", "object")

    def broken(*a, **kw):
        raise RuntimeError("audit down")

    monkeypatch.setattr(actions.stances, "record", broken)  # patched where set_stance looks it up
    version = type(draft).objects.get(pk=draft.pk).version
    with pytest.raises(RuntimeError):
        stance(draft, "IN", "PP1", "A", "object")
    assert not StanceChange.objects.exists() and not Stance.objects.exists()
    assert type(draft).objects.get(pk=draft.pk).version == version  # same transaction


def test_history_page(negotiated, people, login):
    c = login(people["mn_delegate"])  # a partner sees what it sees on the map
    html = c.get(f"/sco/negotiations/drafts/{negotiated.pk}/history/").content.decode()
    group = html.split('id="history-PP1-A-IN"')[1].split("</tbody>")[0]
    assert group.count("<tr>") == 3
    for words in (
        "in-delegate",
        "in-head",
        "too narrow",
        "needs capital",
        "unless OP1 B",
        "instructions received",
    ):
        assert words in group
    assert group.index("too narrow") < group.index("needs capital") < group.index("instructions received")
    assert 'id="history-OP1-B-CN"' in html
    only = c.get(f"/sco/negotiations/drafts/{negotiated.pk}/history/?state=cn").content.decode()
    assert 'id="history-OP1-B-CN"' in only and 'id="history-PP1-A-IN"' not in only
    only = c.get(f"/sco/negotiations/drafts/{negotiated.pk}/history/?provision=PP1").content.decode()
    assert 'id="history-OP1-B-CN"' not in only and 'id="history-PP1-A-IN"' in only


def test_history_api(negotiated, people, login, client):
    c = login(people["in_delegate"])
    rows = c.get(f"/api/orgs/sco/drafts/{negotiated.pk}/stances/history?provision=PP1").json()
    assert [(r["state"], r["round"], r["by"], r["before"], r["stance"]) for r in rows] == [
        ("IN", 1, "in-delegate", None, "object"),
        ("IN", 2, "in-head", "object", "reserve"),
        ("IN", 2, "in-delegate", "reserve", "accept"),
    ]
    assert rows[1]["unless"] == [{"provision": "OP1", "option": "B"}] and rows[1]["at"].startswith(
        "2024-03-01T10"
    )
    assert len(c.get(f"/api/orgs/sco/drafts/{negotiated.pk}/stances/history?state=CN").json()) == 1
    client.logout()
    assert client.get(f"/api/orgs/sco/drafts/{negotiated.pk}/stances/history").status_code == 404


def test_compare_shows_the_stances_that_moved(negotiated, people, login):
    c = login(people["secretariat"])
    html = c.get(f"/sco/negotiations/drafts/{negotiated.pk}/compare/?a=1&b=2").content.decode()
    moved = html.split('id="stance-changes"')[1]
    row = moved.split('data-move="PP1 A IN"')[1].split("</tr>")[0]
    assert (
        '<span class="cell object">object</span>' in row and '<span class="cell accept">accept</span>' in row
    )
    assert '<td class="num">2</td>' in row and "instructions received" in row
    assert 'data-move="OP1 B CN"' not in moved  # stated in round 1, unchanged in round 2
    same = c.get(f"/sco/negotiations/drafts/{negotiated.pk}/compare/?a=2&b=2").content.decode()
    assert "No stance moved between these rounds." in same


def test_stances_between_rounds_out_of_order(negotiated):
    history = queries.stance_history(negotiated)
    [move] = queries.stances_between(history, 2, 1)
    assert (move.a.kind, move.b.kind, move.changes) == ("accept", "object", 2)
    assert [(m.state.code, m.a, m.b.kind) for m in queries.stances_between(history, 0, 1)] == [
        ("IN", None, "object"),
        ("CN", None, "support"),
    ]


@pytest.mark.parametrize("size", [3, 30])
def test_history_and_compare_constant_queries(size, make_draft, people, login, django_assert_max_num_queries):
    draft = make_draft(n=size)
    _fill(draft)
    draft = actions.new_round(None, draft)
    _fill(draft, members=("IN", "PK", "RU"))
    c = login(people["in_delegate"])
    # 13: the rotation behind the actor reads the recorded chairmanships too.
    with django_assert_max_num_queries(13):
        r = c.get(f"/sco/negotiations/drafts/{draft.pk}/history/")
    assert r.status_code == 200 and r.content.decode().count('class="group"') == 9 * size
    with django_assert_max_num_queries(13):
        r = c.get(f"/sco/negotiations/drafts/{draft.pk}/compare/?a=1&b=2")
    assert r.status_code == 200
    with django_assert_max_num_queries(13):
        assert c.get(f"/api/orgs/sco/drafts/{draft.pk}/stances/history").status_code == 200


def test_migration_starts_history_from_current_stances(make_draft):
    draft = make_draft(n=1)
    stance(draft, "IN", "PP1", "A", "object", "as before")
    StanceChange.objects.all().delete()  # a database migrated from before stance history
    migration = importlib.import_module("accord.negotiations.migrations.0002_stance_history")
    migration.history_from_current_stances(apps, None)
    assert list(StanceChange.objects.values_list("state__code", "before", "kind", "reason", "round")) == [
        ("IN", "", "object", "as before", 1)
    ]

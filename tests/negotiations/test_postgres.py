"""Concurrent stance updates on PostgreSQL: nothing is lost; on one stance the last write wins, both audited."""

import threading

import pytest
from django.db import connection

from accord.audit.models import AuditEvent
from accord.negotiations import actions
from accord.negotiations.models import Draft, Stance, StanceChange

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


def _run(jobs):
    errors = []

    def work(fn):
        try:
            fn()
        except Exception as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(fn,)) for fn in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_concurrent_stances_lose_nothing(make_draft):
    draft = make_draft(n=1)
    members = ["CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ"]
    _run(
        [
            lambda m=m: actions.set_stance(None, draft, m, actions.StanceInput("PP1", "A", "object", m))
            for m in members
        ]
    )
    assert sorted(Stance.objects.filter(draft=draft).values_list("state__code", flat=True)) == members
    assert AuditEvent.objects.filter(action="stance.set").count() == len(members)


def test_same_stance_last_write_wins_both_audited(make_draft):
    draft = make_draft(n=1)
    kinds = ["object", "support"]
    _run(
        [lambda k=k: actions.set_stance(None, draft, "IN", actions.StanceInput("PP1", "A", k)) for k in kinds]
    )
    events = list(AuditEvent.objects.filter(action="stance.set").order_by("id"))
    assert len(events) == 2
    assert Stance.objects.get(draft=draft, state__code="IN").kind == events[-1].payload["stance"]


def test_concurrent_stances_and_edits_keep_history_and_version(make_draft):
    """Stances and text edits at once: no deadlock, one version per write, and each delegation's history
    chains (every change names the stance it replaced)."""
    draft = make_draft(n=2)
    start = Draft.objects.get(pk=draft.pk).version
    op1 = draft.provisions.get(kind="OP")
    members = ["CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ"]
    jobs = [
        lambda m=m, k=k: actions.set_stance(None, draft, m, actions.StanceInput("PP1", "A", k, m))
        for m in members
        for k in ("reserve", "object")
    ]
    jobs += [
        lambda: actions.edit_option(None, op1.options.get(letter="A"), "Reworded at once"),
        lambda: actions.add_option(None, op1, text="Added at once", proposed_by="KZ"),
        lambda: actions.add_provision(None, draft, kind="OP", options=[{"text": "New at once"}]),
    ]
    _run(jobs)
    assert Draft.objects.get(pk=draft.pk).version == start + len(jobs)
    for m in members:
        chain = list(StanceChange.objects.filter(draft=draft, state__code=m).order_by("id"))
        assert [c.before for c in chain] == ["", chain[0].kind]
        assert Stance.objects.get(draft=draft, state__code=m).kind == chain[1].kind

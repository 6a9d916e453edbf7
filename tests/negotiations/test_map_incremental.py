"""The cached consensus map moved on by stance changes equals the map read and rendered afresh."""

import random

import pytest
from django.db.models import F

from accord.negotiations import actions, queries
from accord.negotiations.models import Draft
from accord.negotiations.views import consensus as views

from .conftest import stance

pytestmark = pytest.mark.django_db

MEMBERS = ("CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ")
KINDS = ("support", "accept", "dissociate", "reserve", "object")


def _fresh(draft):
    return Draft.objects.select_related("organisation", "state_concerned").get(pk=draft.pk)


def _afresh(draft):
    """The map as a full read gives it, with nothing cached."""
    saved_maps, saved_pages = dict(queries._MAPS), dict(views._PAGES)
    queries._MAPS.clear()
    views._PAGES.clear()
    try:
        d = _fresh(draft)
        return queries.mapped_entry(d), views._computed_map(d)
    finally:
        queries._MAPS.clear()
        views._PAGES.clear()
        queries._MAPS.update(saved_maps)
        views._PAGES.update(saved_pages)


def _same(entry, page, full, full_page):
    assert entry.status == full.status
    key = lambda s: (s.option_id, s.state_code)  # noqa: E731
    assert sorted(entry.text.stances, key=key) == sorted(full.text.stances, key=key)
    assert entry.by_provision == full.by_provision
    assert entry.version == full.version
    for part in ("map_html", "choices_html", "texts_html"):
        assert page[part] == full_page[part], part


@pytest.mark.parametrize("seed", range(6))
def test_stance_changes_move_the_cached_map_on_exactly(seed, make_draft, monkeypatch):
    rng = random.Random(seed)
    draft = make_draft(n=4)
    views._computed_map(_fresh(draft))  # the version every later one is moved on from
    advanced = []
    real = queries._advance
    monkeypatch.setattr(queries, "_advance", lambda d, old: advanced.append(real(d, old)) or advanced[-1])
    labels = ["PP1", "OP1", "OP2", "OP3"]
    for _step in range(8):
        label = rng.choice(labels)
        option = rng.choice("AB" if label == "PP1" else "ABC")
        other = rng.choice([x for x in labels if x != label])
        unless = [(other, "A")] if rng.random() < 0.3 else []
        for _ in range(rng.choice((1, 1, 2))):  # sometimes two changes between two reads
            stance(draft, rng.choice(MEMBERS), label, option, rng.choice(KINDS), unless=unless)
        d = _fresh(draft)
        entry, page = queries.mapped_entry(d), views._computed_map(d)
        _same(entry, page, *_afresh(draft))
    assert advanced and all(a is not None for a in advanced)  # every step was moved on, not read afresh


def test_any_other_change_reads_the_map_afresh(make_draft, monkeypatch):
    draft = make_draft(n=3)
    stance(draft, "IN", "OP1", "A", "object")
    views._computed_map(_fresh(draft))
    pp1 = draft.provisions.get(kind="PP")
    actions.add_option(None, pp1, text="Third", proposed_by="KZ")
    stance(draft, "RU", "PP1", "C", "object")  # one stance change, but two versions on: not only stances
    d = _fresh(draft)
    old = max(queries._MAPS.values(), key=lambda e: e.version)
    assert queries._advance(d, old) is None
    entry, page = queries.mapped_entry(d), views._computed_map(d)
    _same(entry, page, *_afresh(draft))
    assert "PP1 C" in page["choices_html"]
    assert [o.status for o in entry.status.provisions[0].options] == ["clear", "clear", "blocked"]


def test_a_version_bump_without_a_stance_change_is_not_moved_on(make_draft):
    draft = make_draft(n=2)
    views._computed_map(_fresh(draft))
    old = max(queries._MAPS.values(), key=lambda e: e.version)
    actions.new_round(None, draft)
    assert queries._advance(_fresh(draft), old) is None


@pytest.mark.parametrize("seed", range(6))
def test_text_changes_keep_what_did_not_change_and_equal_a_full_read(seed, make_draft, monkeypatch):
    """Stance changes mixed with changes of the text (a wording edited, an option added or removed, a
    provision added, a new round): every map equals the one read afresh; after a text change alone the
    stances are not read again and the unchanged rows are the very objects of the map before."""
    rng = random.Random(100 + seed)
    draft = make_draft(n=4)
    stance(draft, "IN", "OP1", "A", "object")
    views._computed_map(_fresh(draft))
    reads = []
    real = queries._stance_rows
    monkeypatch.setattr(queries, "_stance_rows", lambda *a: reads.append(a) or real(*a))
    for _step in range(10):
        live = [o for o in queries.text_of(_fresh(draft)).options.values() for o in o]
        text_only = rng.random() < 0.6
        change = None
        if text_only:
            change = rng.choice(["edit", "edit", "add", "remove", "provision", "round", "bump"])
            option = rng.choice(live)
            if change == "edit" and not option.delete:
                actions.edit_option(None, option, f"Wording {rng.randrange(10**6)}")
            elif change == "add":
                actions.add_option(None, option.provision, text=f"New {rng.randrange(10**6)}", proposed_by="KZ")
            elif change == "remove" and option.provision.options.filter(removed_round__isnull=True).count() > 1:
                actions.remove_option(None, option)
            elif change == "provision":
                actions.add_provision(None, draft, kind="OP", options=[{"text": "Added", "proposed_by": "RU"}])
            elif change == "bump":  # what a silence, a state or a rule change does: the version alone moves
                Draft.objects.filter(pk=draft.pk).update(version=F("version") + 1)
            else:
                actions.new_round(None, _fresh(draft))
        else:
            option = rng.choice(live)
            stance(draft, rng.choice(MEMBERS), option.provision.label, option.letter, rng.choice(KINDS))
        before = max(queries._MAPS.values(), key=lambda e: e.version)
        reads.clear()
        d = _fresh(draft)
        entry, page = queries.mapped_entry(d), views._computed_map(d)
        if text_only and entry.version > before.version:
            assert reads == []  # the stances were taken from the map before, not read
            same = [row for row in entry.status.provisions if row in before.status.provisions]
            assert any(
                any(row is old for old in before.status.provisions) for row in same
            ), "unchanged provisions keep their status objects"
        if change == "bump":  # nothing the map shows changed: the same text and map objects, nothing rebuilt
            assert entry.text.provisions is before.text.provisions and entry.status is before.status
        _same(entry, page, *_afresh(draft))

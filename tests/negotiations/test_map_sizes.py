"""The consensus map at the sizes of the performance goals (300 provisions x 10 members, 1,000 x 40):
the page, its polled fragment and the API run the same number of queries at both sizes, warm, after a
stance change and after a change of the text. Rows are bulk-inserted (as bench/pages.py does): the
test is about reads."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.base import clock
from accord.negotiations import actions
from accord.negotiations.models import Option, Provision, Stance
from accord.orgs.models import State, Status

from .conftest import stance

pytestmark = pytest.mark.django_db

KINDS = ["support", "accept", "dissociate", "reserve", "object", "accept", "support"]


def _large(draft, provisions: int, members: int) -> None:
    org = draft.organisation
    have = Status.objects.filter(Status.on(clock.today()), organisation=org, kind="member").count()
    for i in range(members - have):  # members beyond the SCO's (codes X00, X01, ...)
        state, _ = State.objects.get_or_create(code=f"Q{chr(65 + i)}", defaults={"name_en": f"Member {i}"})
        Status.objects.create(organisation=org, state=state, kind="member", start=date(2001, 1, 1))
    first = draft.provisions.count()
    Provision.objects.bulk_create(
        [Provision(draft=draft, kind="OP", number=first + i) for i in range(provisions - first)]
    )
    new = list(Provision.objects.filter(draft=draft, options__isnull=True))
    Option.objects.bulk_create([Option(provision=p, letter=x, text=f"{p.pk} {x}") for p in new for x in "AB"])
    states = list(State.objects.filter(statuses__organisation=org, statuses__kind="member").distinct())
    Stance.objects.bulk_create(
        [
            Stance(draft=draft, option=o, state=s, kind=KINDS[(i + j) % len(KINDS)], at=clock.now())
            for i, o in enumerate(Option.objects.filter(provision__in=new))
            for j, s in enumerate(states)
        ]
    )


def _counts(client, draft) -> list[int]:
    counts = []
    for url in (
        f"/sco/negotiations/drafts/{draft.pk}/",
        f"/sco/negotiations/drafts/{draft.pk}/map/",
        f"/api/orgs/sco/drafts/{draft.pk}/map",
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


@pytest.mark.parametrize("provisions,members", [(300, 10), (1000, 40)])
def test_the_map_runs_a_constant_number_of_queries_at_both_sizes(
    provisions, members, make_draft, people, login
):
    draft = make_draft(n=2)
    _large(draft, provisions, members)
    assert draft.provisions.count() == provisions
    c = login(people["in_delegate"])
    warm = _counts(c, draft)
    stance(draft, "RU", "OP1", "A", "object")
    after_stance = _counts(c, draft)
    actions.edit_option(
        None, draft.provisions.get(kind="OP", number=1).options.get(letter="B"), "New wording"
    )
    after_text = _counts(c, draft)
    # The page's bound is the one at 3 and 30 provisions (test_pages.py); the fragment and the API read
    # 5 (session, person, organisation, draft, the map's stance changes) with a margin for the actor.
    for page, fragment, api in (warm, after_stance, after_text):
        assert page <= 18 and fragment <= 8 and api <= 8, (warm, after_stance, after_text)
    assert Stance.objects.filter(draft=draft).count() >= (provisions - 2) * 2 * members


def _row(html: str, label: str) -> str:
    start = html.index(f'<tr id="row-{label}"')
    return html[start : html.index("</tr>", start) + 5]


@pytest.mark.parametrize("provisions,members", [(300, 10), (1000, 40)])
def test_a_stance_from_the_page_is_answered_with_its_row(provisions, members, make_draft, people, login):
    """A delegate's htmx stance write is answered with what it changed (its row, the document's status, a
    line saying what was recorded, all out of band), in the same number of queries at both sizes; the row
    is the one the full map shows after the write, to the character."""
    draft = make_draft(n=2)
    _large(draft, provisions, members)
    c = login(people["in_delegate"])
    url = f"/sco/negotiations/drafts/{draft.pk}/"
    assert c.get(url).status_code == 200  # this process has a map of the draft to move on from
    stance(draft, "RU", "OP2", "A", "support")  # someone else's change meanwhile
    data = {"state": "IN", "provision": "OP1", "option": "A", "stance": "object", "reason": "<b>No</b>"}
    with CaptureQueriesContext(connection) as queries:
        r = c.post(f"{url}stance/", data, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200 and r["HX-Reswap"] == "none"
    # session, person, organisation, actor, draft, state, option; the write (lock, stance, change,
    # version, audit and, on PostgreSQL, its lock); the chair told of the block (who, in one insert); the
    # map moved on (changes since, their stances). Nothing grows with the draft or the people told.
    assert len(queries) <= 25, "\n".join(q["sql"][:120] for q in queries)
    assert html.count("<tr") == 1 and 'id="row-OP1" hx-swap-oob="true"' in html
    assert 'id="document-status" hx-swap-oob="true"' in html and 'id="stance-said"' in html
    assert "IN on OP1 A" in html and "<b>" not in html
    full = c.get(f"{url}map/").content.decode()
    assert _row(html, "OP1").replace(' hx-swap-oob="true"', "") == _row(full, "OP1")
    assert 'data-state="IN" data-provision="OP1" title="IN: object"' in full


def test_a_stance_whose_provision_left_the_text_meanwhile_is_answered_with_the_whole_map(
    make_draft, people, login, monkeypatch
):
    """Between the write and its answer the provision may leave the text (a change in the admin): the
    answer is then the whole map as it stands, not an error."""
    from accord.negotiations.models import Draft
    from accord.negotiations.views import consensus

    draft = make_draft(n=2)
    c = login(people["in_delegate"])
    url = f"/sco/negotiations/drafts/{draft.pk}/"
    real = consensus.actions.set_stance

    def then_removed(*args, **kwargs):
        written = real(*args, **kwargs)
        Provision.objects.filter(pk=written.option.provision_id).update(removed_round=1)
        Draft.objects.filter(pk=draft.pk).update(version=written.draft.version + 1)
        return written

    monkeypatch.setattr(consensus.actions, "set_stance", then_removed)
    data = {"state": "IN", "provision": "OP1", "option": "A", "stance": "object"}
    r = c.post(f"{url}stance/", data, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200 and "HX-Reswap" not in r
    assert 'id="row-OP1"' not in html and 'id="row-PP1"' in html and 'id="stance-card"' in html

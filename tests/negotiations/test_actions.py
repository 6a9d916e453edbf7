from datetime import UTC, datetime, timedelta

import pytest
from django.http import Http404
from lxml import etree

from accord.audit.models import AuditEvent
from accord.base.models import Notification
from accord.core.errors import Conflict, InputError
from accord.core.silence import DeadlinePassed
from accord.negotiations import actions, exports, queries
from accord.negotiations.models import Adoption, OptionVersion, Statement
from accord.orgs.queries import actor_for

from .conftest import authenticate, stance

pytestmark = pytest.mark.django_db


def test_members_on_the_date_and_open_map(make_draft):
    draft = make_draft()
    text = queries.text_of(draft)
    assert "BY" not in text.member_codes and len(text.member_codes) == 9  # Belarus joins on 4 Jul 2024
    status = queries.consensus_map(text)
    assert status.status == "open"


def test_objection_blocks_and_names_who(make_draft):
    draft = make_draft()
    stance(draft, "IN", "PP1", "A", "object", "too narrow")
    stance(draft, "IN", "PP1", "B", "object")
    status = queries.consensus_map(queries.text_of(draft))
    row = status.provisions[0]
    assert row.status == "blocked" and row.blocked_by == ("IN",) and status.status == "blocked"
    assert row.cells["IN"] == "object"


def test_dissociation_does_not_block_and_reserve_does(make_draft):
    draft = make_draft(n=1)
    stance(draft, "PK", "PP1", "A", "dissociate")
    stance(draft, "RU", "PP1", "B", "reserve")
    row = queries.consensus_map(queries.text_of(draft)).provisions[0]
    assert row.status == "agreed" and row.agreed_option == "A"


def test_conditional_objection_lets_the_solver_lift_it(make_draft):
    draft = make_draft(n=2)
    stance(draft, "CN", "OP1", "B", "object", unless=[("PP1", "A")])
    stance(draft, "RU", "OP1", "B", "support")
    stance(draft, "IN", "OP1", "A", "object")
    stance(draft, "IN", "OP1", "C", "object")
    stance(draft, "KZ", "PP1", "B", "object")
    result = queries.solve(queries.text_of(draft))
    assert result.consensus and result.package == {"PP1": "A", "OP1": "B"}


def test_fewest_objections_names_the_stances_to_move(make_draft):
    draft = make_draft(n=1)
    stance(draft, "IN", "PP1", "A", "object")
    stance(draft, "CN", "PP1", "B", "object")
    stance(draft, "RU", "PP1", "B", "object")
    result = queries.solve(queries.text_of(draft))
    assert not result.consensus and [(b.member, b.option) for b in result.blocking] == [("IN", "A")]


def test_consensus_minus_one_and_interested_members(make_draft):
    d1 = make_draft(n=1, decision_rule="consensus_minus_one", state_concerned="IN")
    stance(d1, "IN", "PP1", "A", "object")
    stance(d1, "IN", "PP1", "B", "object")
    assert queries.consensus_map(queries.text_of(d1)).status == "open"
    assert queries.solve(queries.text_of(d1)).consensus
    d2 = make_draft(n=1, decision_rule="interested_members", interested=["KZ", "CN"])
    stance(d2, "RU", "PP1", "A", "object")
    stance(d2, "RU", "PP1", "B", "object")
    assert queries.consensus_map(queries.text_of(d2)).status == "open"
    actions.join_interested(None, d2, "RU")
    d2.refresh_from_db()
    assert queries.consensus_map(queries.text_of(d2)).status == "blocked"


def test_bad_input_names_the_field(make_draft):
    draft = make_draft()
    cases = [
        (("PP9", "A", "object"), "provision"),
        (("PP1", "Z", "object"), "option"),
        (("PP1", "A", "veto"), "stance"),
    ]
    for (label, option, kind), field in cases:
        with pytest.raises(InputError) as exc:
            stance(draft, "IN", label, option, kind)
        assert exc.value.field == field
    with pytest.raises(InputError) as exc:
        stance(draft, "IN", "OP1", "A", "object", unless=[("PP1", "A"), ("PP1", "B")])
    assert exc.value.field == "unless[1].option" or exc.value.field == "unless[1].provision"
    with pytest.raises(InputError) as exc:
        stance(draft, "IN", "OP1", "A", "object", unless=[("PP7", "A")])
    assert exc.value.field == "unless[0].provision"
    for reason in ("a\x07bell", "x" * 2001):  # a control character; longer than 2,000 characters
        with pytest.raises(InputError) as exc:
            stance(draft, "IN", "OP1", "A", "object", reason=reason)
        assert exc.value.field == "reason"
    assert not draft.stances.exists() and not draft.stance_changes.exists()
    assert stance(draft, "IN", "OP1", "A", "object", reason="  Two lines:\nwhy.  ").reason == "Two lines:\nwhy."
    with pytest.raises(InputError) as exc:
        actions.create_draft(None, draft.organisation, body="NOPE", title="x")
    assert exc.value.field == "body"


def test_rounds_keep_every_version_and_compare(make_draft, client, people):
    draft = make_draft(n=2)
    option = draft.provisions.get(kind="OP", number=1).options.get(letter="A")
    draft = actions.new_round(None, draft)
    actions.edit_option(None, option, "Operative text revised")
    actions.add_option(None, option.provision, text="A third way", proposed_by="KZ")
    assert list(OptionVersion.objects.filter(option=option).values_list("round", "text")) == [
        (1, "Operative text 0 A"),
        (2, "Operative text revised"),
    ]
    client.force_login(people["secretariat"])
    html = client.get(f"/sco/negotiations/drafts/{draft.pk}/compare/?a=1&b=2").content.decode()
    assert "Operative text 0 A" in html and "Operative text revised" in html and "A third way" in html


def test_adoption_freezes_and_records_statements(make_draft):
    draft = make_draft(n=2)
    stance(draft, "PK", "PP1", "A", "dissociate", "Pakistan places its view on record")
    stance(draft, "IN", "OP1", "C", "object")
    stance(draft, "RU", "PP1", "A", "support")
    stance(draft, "RU", "OP1", "A", "support")
    adoption = actions.adopt(None, authenticate(draft), statements=[{"state": "CN", "text": "China reads OP1 as ..."}])
    assert adoption.package == {"PP1": "A", "OP1": "A"} and adoption.via == "session"
    kinds = sorted(Statement.objects.filter(adoption=adoption).values_list("state__code", "kind"))
    assert kinds == [("CN", "interpretative"), ("PK", "dissociation")]
    draft.refresh_from_db()
    with pytest.raises(Conflict):
        stance(draft, "RU", "PP1", "B", "object")
    with pytest.raises(Conflict):
        actions.edit_option(None, draft.provisions.first().options.first(), "new words")
    with pytest.raises(Conflict):
        actions.adopt(None, draft)


def test_adoption_refused_while_blocked(make_draft):
    draft = make_draft(n=1)
    stance(draft, "IN", "PP1", "A", "object")
    stance(draft, "IN", "PP1", "B", "object")
    with pytest.raises(Conflict, match="IN"):
        actions.adopt(None, draft)
    assert not Adoption.objects.exists()


def test_akoma_ntoso_validates_strictly(make_draft):
    draft = make_draft(n=3)
    stance(draft, "IN", "OP2", "A", "object")
    stance(draft, "IN", "OP2", "B", "object")
    stance(draft, "PK", "PP1", "A", "dissociate", "On record")
    stance(draft, "RU", "PP1", "A", "support")
    adoption = actions.adopt(None, authenticate(draft))
    xml = exports.akoma_ntoso(adoption)
    root = etree.fromstring(xml.encode())
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    assert (
        root.find("a:statement/a:meta/a:identification/a:FRBRWork/a:FRBRthis", ns)
        .get("value")
        .startswith("/akn/aa-sco/statement/declaration/2024-03-01/chs-")
    )
    assert [p.text for p in root.findall(".//a:preamble/a:p", ns)] == ["Recalling the Charter"]
    assert len(root.findall(".//a:mainBody/a:paragraph", ns)) == 1  # OP2 deleted
    assert "On record" in xml


def _silence(draft, hours=80):
    deadline = datetime(2024, 3, 1, 9, tzinfo=UTC) + timedelta(hours=hours)
    return actions.open_silence(None, authenticate(draft), deadline=deadline, timezone="Asia/Almaty")


def test_silence_minimum_and_zone(make_draft):
    draft = make_draft(n=1)
    with pytest.raises(InputError) as exc:
        _silence(draft, hours=24)
    assert exc.value.field == "deadline"
    with pytest.raises(InputError) as exc:
        actions.open_silence(None, draft, deadline=datetime(2024, 3, 9, tzinfo=UTC), timezone="Mars/Base")
    assert exc.value.field == "timezone"


def test_silence_held_adopts_once_and_tells_everyone(make_draft, people, frozen):
    draft = make_draft(n=2)
    proc = _silence(draft)
    draft.refresh_from_db()
    assert draft.state == "silence"
    with pytest.raises(Conflict):
        stance(draft, "IN", "PP1", "A", "object")
    assert actions.settle_silences() == []  # still running
    frozen.move_to("2024-03-04 17:00:01")
    assert proc.outcome(datetime(2024, 3, 4, 17, 0, 1, tzinfo=UTC)).state == "adopted"  # derived on read
    assert len(actions.settle_silences()) == 1
    assert actions.settle_silences() == []  # a repeated job changes nothing
    draft.refresh_from_db()
    assert draft.state == "adopted" and draft.adoption.via == "silence"
    told = set(
        Notification.objects.filter(key=f"silence:{proc.pk}:adopted").values_list(
            "person__username", flat=True
        )
    )
    assert {"kz-head", "in-delegate", "cn-head", "sec"} <= told and "mn-delegate" not in told
    assert AuditEvent.objects.filter(action="silence.settle").count() == 1


def test_silence_broken_returns_to_negotiation(make_draft, people, frozen, sco):
    draft = make_draft(n=1)
    proc = _silence(draft)
    frozen.move_to("2024-03-02 10:00:00")
    in_head = actor_for(people["in_head"], sco)
    with pytest.raises(InputError) as exc:
        actions.break_silence(in_head, proc, "IN", kind="objection", text="  ")
    assert exc.value.field == "text"
    actions.break_silence(in_head, proc, "IN", kind="amendment", text="Replace PP1 with ...")
    actions.settle_silences()
    draft.refresh_from_db()
    assert draft.state == "negotiation"
    assert Notification.objects.filter(key=f"silence:{proc.pk}:broken", person=people["kz_head"]).exists()


def test_late_break_is_refused_409_and_audited(make_draft, people, frozen, sco):
    draft = make_draft(n=1)
    proc = _silence(draft)
    frozen.move_to("2024-03-05 00:00:00")
    with pytest.raises(DeadlinePassed):
        actions.break_silence(
            actor_for(people["in_head"], sco), proc, "IN", kind="objection", text="Too late"
        )
    assert AuditEvent.objects.filter(action="silence.break_refused", actor_name="in-head").count() == 1
    assert not proc.breaks.exists()
    actions.settle_silences()
    draft.refresh_from_db()
    assert draft.state == "adopted"


def test_task_settles(make_draft, frozen):
    from accord.negotiations.tasks import close_due_silences

    draft = make_draft(n=1)
    _silence(draft)
    frozen.move_to("2024-03-10 00:00:00")
    assert close_due_silences.call() == 1


def test_restricted_draft_is_404_for_partners(make_draft, people, sco):
    draft = make_draft(restricted=True)
    with pytest.raises(Http404):
        queries.get_draft(sco, draft.pk, actor_for(people["mn_delegate"], sco))
    assert queries.get_draft(sco, draft.pk, actor_for(people["in_delegate"], sco)) == draft


def test_dashboard_queries(make_draft, sco):
    draft = make_draft(n=1)
    stance(draft, "IN", "PP1", "A", "object")
    stance(draft, "IN", "PP1", "B", "object")
    rows = queries.drafts_under_negotiation(sco)
    assert (
        rows[0]["status"] == "blocked"
        and rows[0]["blocked_by"] == ["IN"]
        and rows[0]["url"].endswith(f"/drafts/{draft.pk}/")
    )
    d2 = make_draft(n=1)
    _silence(d2)
    assert [r["draft"] for r in queries.running_silences(sco)] == [d2]

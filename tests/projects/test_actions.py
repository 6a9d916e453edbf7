from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from freezegun import freeze_time

from accord.audit.models import AuditEvent
from accord.core.errors import InputError
from accord.projects import actions, queries
from accord.projects.models import Commitment, Project

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _frozen():
    with freeze_time("2024-03-01 09:00:00"):
        yield


def test_propose_creates_project_with_results_and_one_audit_event(people, make_project):
    before = AuditEvent.objects.count()
    p = make_project(people["kz_delegate"])
    assert p.stage == "proposed" and p.cost == Decimal("120000000.00") and p.interested_states == ["KZ", "CN"]
    assert [r.indicator for r in p.results.all()] == ["days Lianyungang-Aktau"]
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.last().action == "project.propose"


@pytest.mark.parametrize(
    "who", ["in_delegate", "cn_head", "mn_delegate", "investor", "public", "secretariat"]
)
def test_only_the_lead_states_delegation_proposes(people, make_project, who):
    with pytest.raises(PermissionDenied):
        make_project(people[who])
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    "field,value",
    [
        ("cost", "-5"),
        ("cost", "abc"),
        ("cost", "1.001"),
        ("currency", "dollars"),
        ("sector", "space"),
        ("countries", ["ZZ"]),
        ("countries", []),
        ("code", "Bad Code"),
        ("title", ""),
        ("end", date(2020, 1, 1)),
    ],
)
def test_bad_input_names_the_field(people, make_project, field, value):
    with pytest.raises(InputError) as err:
        make_project(people["kz_delegate"], **{field: value})
    assert err.value.field == field
    assert not Project.objects.exists()


def test_stage_moves_follow_the_workflow_and_need_the_secretariat(people, make_project, actor):
    p = make_project(people["kz_delegate"])
    sec = actor(people["secretariat"])
    with pytest.raises(InputError) as err:
        actions.move_project(sec, p, "financing")
    assert err.value.field == "state"
    with pytest.raises(InputError) as err:
        actions.move_project(sec, p, "endorsed")
    assert err.value.field == "decision_reference"
    for who in ("kz_delegate", "kz_head", "in_head", "mn_delegate", "investor", "public"):
        with pytest.raises(PermissionDenied):
            actions.move_project(actor(people[who]), p, "endorsed", decision_reference="x")
    actions.move_project(sec, p, "endorsed", decision_reference="CHS 2024/7", decision_date=date(2024, 2, 1))
    p.refresh_from_db()
    assert p.stage == "endorsed" and p.decision_reference == "CHS 2024/7"


def test_concept_is_submitted_by_its_states_delegation_only(people, make_project, actor):
    p = make_project(people["kz_delegate"], submit=False)
    assert p.stage == "concept"
    with pytest.raises(PermissionDenied):
        actions.move_project(actor(people["in_head"]), p, "proposed")
    with pytest.raises(PermissionDenied):
        actions.move_project(actor(people["secretariat"]), p, "proposed")
    actions.move_project(actor(people["kz_nc"]), p, "proposed")
    assert p.stage == "proposed"


@pytest.mark.parametrize("who", ["kz_head", "in_delegate", "mn_delegate", "investor", "public"])
def test_secretariat_writes_are_refused_to_others(people, pipeline, actor, sco, who):
    a = actor(people[who])
    with pytest.raises(PermissionDenied):
        actions.publish_project(a, pipeline["hidden"])
    with pytest.raises(PermissionDenied):
        actions.create_funder(
            a,
            sco,
            code="x1",
            name="X",
            kind="private",
            sectors=["energy"],
            countries=["KZ"],
            instruments=["equity"],
            capital="10",
            currency="USD",
        )
    with pytest.raises(PermissionDenied):
        actions.add_representative(a, pipeline["funder"], people["investor"])
    with pytest.raises(PermissionDenied):
        actions.set_exchange_rate(a, currency="CNY", on=date(2024, 1, 1), rate="0.14")
    with pytest.raises(PermissionDenied):
        actions.run_allocation(a, sco)


@pytest.mark.parametrize("who", ["secretariat", "kz_head", "in_delegate", "mn_delegate", "public"])
def test_only_investors_register_interest(people, pipeline, actor, who):
    with pytest.raises(PermissionDenied):
        actions.register_interest(actor(people[who]), pipeline["project"], pipeline["funder"])
    assert not Commitment.objects.exists()


def test_investor_interest_then_soft_then_firm(people, pipeline, actor):
    inv = actor(people["investor"])
    c = actions.register_interest(inv, pipeline["project"], pipeline["funder"], note="keen")
    with pytest.raises(InputError):
        actions.register_interest(inv, pipeline["project"], pipeline["funder"])
    with pytest.raises(InputError) as err:
        actions.move_commitment(inv, c, "soft", amount="50000000", instrument="equity")
    assert err.value.field == "instrument"
    with pytest.raises(InputError) as err:
        actions.move_commitment(inv, c, "firm", amount="1", instrument="loan")
    assert err.value.field == "state"
    actions.move_commitment(inv, c, "soft", amount="50000000", instrument="loan")
    actions.move_commitment(inv, c, "firm")
    assert c.state == "firm" and c.amount == Decimal("50000000")
    summary = queries.funding_gap_summary(pipeline["project"].organisation)
    assert summary["total_cost"] == Decimal("120000000.00")
    assert summary["committed"] == Decimal("50000000.00") and summary["gap"] == Decimal("70000000.00")
    assert summary["base_currency"] == "USD" and summary["by_sector"]["transport"]["gap"] == Decimal(
        "70000000.00"
    )


def test_unpublished_project_is_invisible_to_investors(people, pipeline, actor):
    with pytest.raises(Http404):
        actions.register_interest(actor(people["investor"]), pipeline["hidden"], pipeline["funder"])


def test_investor_must_represent_the_funder(people, pipeline, actor, make_person):
    other = make_person("other-investor", "investor", "investor")
    with pytest.raises(InputError) as err:
        actions.register_interest(actor(other), pipeline["project"], pipeline["funder"])
    assert err.value.field == "funder"


def test_only_the_representing_investor_moves_a_commitment(people, pipeline, actor):
    c = actions.register_interest(actor(people["investor"]), pipeline["project"], pipeline["funder"])
    for who in ("secretariat", "kz_head", "public"):
        with pytest.raises(PermissionDenied):
            actions.move_commitment(actor(people[who]), c, "withdrawn")


def test_exchange_rates_convert_by_date(people, actor, sco):
    sec = actor(people["secretariat"])
    actions.set_exchange_rate(sec, currency="KZT", on=date(2024, 1, 1), rate="0.0022")
    actions.set_exchange_rate(sec, currency="KZT", on=date(2024, 2, 1), rate="0.0021")
    rates = queries.Rates()
    assert rates.to_base(Decimal("1000000"), "KZT", date(2024, 1, 15)) == Decimal("2200.00")
    assert rates.to_base(Decimal("1000000"), "KZT", date(2024, 3, 1)) == Decimal("2100.00")
    with pytest.raises(InputError) as err:
        rates.to_base(Decimal(1), "KZT", date(2023, 1, 1))
    assert err.value.field == "currency"


def test_optimiser_run_funds_the_gap_and_is_saved(people, pipeline, actor, sco):
    run = actions.run_allocation(actor(people["secretariat"]), sco)
    assert run.result["funded"] == ["kz-rail"]
    assert run.result["allocations"] == [{"project": "kz-rail", "funder": "dbk", "amount": 120000000.0}]
    assert run.snapshot["projects"][0]["cost"] == 120000000.0
    assert AuditEvent.objects.last().action == "allocation.run"

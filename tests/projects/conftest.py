from datetime import date
from decimal import Decimal

import pytest

from accord.orgs.queries import actor_for
from accord.projects import actions

DAY = date(2024, 3, 1)


@pytest.fixture
def actor(sco):
    def make(person, on=DAY):
        return actor_for(person, sco, on)

    return make


def _project(actor, sco, person, code="kz-rail", **kw):
    values = dict(
        code=code,
        title="Trans-Caspian rail corridor upgrade",
        description="Illustrative project.",
        sector="transport",
        countries=["KZ", "CN"],
        lead_state="KZ",
        interested_states=["CN"],
        cost=Decimal("120000000.00"),
        currency="USD",
        start=date(2025, 1, 1),
        end=date(2028, 12, 31),
        results=[{"title": "Faster transit", "indicator": "days Lianyungang-Aktau", "target": "7"}],
    )
    values.update(kw)
    return actions.propose_project(actor(person), sco, **values)


@pytest.fixture
def pipeline(sco, people, actor):
    """A published project in financing and a funder the investor represents."""
    sec = actor(people["secretariat"])
    p = _project(actor, sco, people["kz_delegate"])
    actions.move_project(sec, p, "endorsed", decision_reference="CHS decision 2024/7", decision_date=DAY)
    actions.move_project(sec, p, "financing")
    actions.publish_project(sec, p)
    hidden = _project(actor, sco, people["kz_delegate"], code="kz-hidden", title="Unpublished concept")
    f = actions.create_funder(
        sec,
        sco,
        code="dbk",
        name="Development Bank of Kazakhstan",
        kind="development_bank",
        sectors=["transport", "energy"],
        countries=["KZ", "CN", "KG"],
        instruments=["loan", "guarantee"],
        capital=Decimal("500000000"),
        currency="USD",
        min_ticket=Decimal("1000000"),
        max_ticket=Decimal("200000000"),
    )
    actions.add_representative(sec, f, people["investor"])
    return {"project": p, "hidden": hidden, "funder": f}


@pytest.fixture
def make_project(sco, actor):
    def make(person, **kw):
        return _project(actor, sco, person, **kw)

    return make

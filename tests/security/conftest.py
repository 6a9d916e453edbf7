from datetime import date
from decimal import Decimal

import pytest

from accord.orgs.queries import actor_for
from accord.programmes import actions as programme_actions
from accord.projects import actions

DAY = date(2024, 3, 1)


def project(sco, person, code="kz-rail", **kw):
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
    )
    values.update(kw)
    return actions.propose_project(actor_for(person, sco, DAY), sco, **values)


@pytest.fixture
def finance(sco, people):
    """Two published projects in financing (one with a soft commitment), one endorsed but unpublished, and
    a funder the investor represents."""
    sec = actor_for(people["secretariat"], sco, DAY)
    rows = {}
    for code, published in (("kz-rail", True), ("kz-road", True), ("kz-secret", False)):
        p = project(sco, people["kz_delegate"], code=code, title=f"Project {code}")
        actions.move_project(sec, p, "endorsed", decision_reference="CHS decision 2024/7", decision_date=DAY)
        if published:
            actions.move_project(sec, p, "financing")
            actions.publish_project(sec, p)
        rows[code] = p
    funder = actions.create_funder(
        sec,
        sco,
        code="dbk",
        name="Development Bank of Kazakhstan",
        kind="development_bank",
        sectors=["transport"],
        countries=["KZ", "CN"],
        instruments=["loan"],
        capital=Decimal("500000000"),
        currency="USD",
    )
    actions.add_representative(sec, funder, people["investor"])
    investor = actor_for(people["investor"], sco, DAY)
    c = actions.register_interest(investor, rows["kz-road"], funder)
    actions.move_commitment(investor, c, "soft", amount=Decimal("1000000"), currency="USD", instrument="loan")
    rows["funder"] = funder
    rows["commitment"] = c
    return rows


@pytest.fixture
def programme(sco):
    """A programme in implementation with two items, one reported on."""
    p = programme_actions.create_programme(
        None, sco, code="ct", title_en="Counter-terrorism", start_year=2024, end_year=2026
    )
    for target in ("approved_by_rats_council", "approved_by_chs", "in_implementation"):
        programme_actions.advance_programme(None, p, target, on=date(2024, 1, 1))
    for code in ("1", "2"):
        programme_actions.add_item(
            None, p, code=code, title_en=f"Item {code}", deadline=date(2026, 6, 1), responsible_states=["KZ"]
        )
    return p

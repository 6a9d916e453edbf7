"""Rotations.of: each process keeps the rotations it built, keyed by the organisation's roster, which
every change to what decides the chairs replaces (a body, a status, a state's names, a session, a
chairmanship), so that a page asks nothing of the database to know its copy is current and never
shows a chair that a change has made wrong."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from accord.meetings import actions as meetings
from accord.orgs.models import Body, Organisation, State, Status
from accord.orgs.queries import Rotations, actor_for


def fresh(org: Organisation) -> Organisation:
    """The organisation as the next request loads it."""
    return Organisation.objects.get(pk=org.pk)


@freeze_time("2026-12-01 09:00:00")
@pytest.mark.django_db
def test_a_second_read_asks_nothing_of_the_database(sco):
    first = Rotations.of(fresh(sco))
    with CaptureQueriesContext(connection) as queries:
        again = Rotations.of(fresh(sco))
        chairs = again.chairs_on(date(2026, 12, 1))
    assert again is first
    assert len(queries) == 1  # loading the organisation, as every request does anyway
    assert chairs["CHS"] == "KG"
    chairs["CHS"] = "XX"  # a caller's change to the answer does not reach the kept copy
    assert again.chairs_on(date(2026, 12, 1))["CHS"] == "KG"


def forecast(rotations: Rotations) -> list[str]:
    return [view.state.code for view in rotations.forecast("CHS", date(2026, 12, 1), 12)]


@freeze_time("2026-12-01 09:00:00")
@pytest.mark.django_db
@pytest.mark.parametrize("change", ["status", "session", "state", "body", "organisation", "deleted"])
def test_every_change_to_what_decides_the_chairs_is_read_at_once(sco, change):
    az, _ = State.objects.get_or_create(code="AZ", defaults={"name_en": "Azerbaijan", "name_ru": "Азербайджан"})
    if change == "deleted":
        joined = Status.objects.create(organisation=sco, state=az, kind="member", start=date(2026, 7, 1))
    before = Rotations.of(fresh(sco))
    members = actor_for(None, fresh(sco)).member_states
    if change == "status":  # a new member: it takes its place in the order of the coming summits
        Status.objects.create(organisation=sco, state=az, kind="member", start=date(2026, 7, 1))
    elif change == "session":  # next year's summit is planned in Uzbekistan, out of the expected order
        meetings.create_session(
            None, sco, body="CHS", start=date(2027, 6, 15), end=date(2027, 6, 16), host="UZ", regular=True
        )
    elif change == "state":
        kg = State.objects.get(code="KG")
        kg.collation = {"ru": "Я"}  # now sorts last in the Russian order
        kg.save()
    elif change == "body":
        Body.objects.get(organisation=sco, code="CHS").save()
    elif change == "organisation":
        sco.save()
    else:
        joined.delete()
    after = Rotations.of(fresh(sco))
    assert after is not before
    assert forecast(after) == forecast(Rotations.from_db(sco))
    if change not in ("body", "organisation"):
        assert forecast(after) != forecast(before)
    if change in ("status", "deleted"):  # who is a member, as every page's actor reads it
        assert actor_for(None, fresh(sco)).member_states ^ members == {"AZ"}


@pytest.mark.django_db
def test_a_new_day_is_read_afresh(sco):
    with freeze_time("2026-12-01 09:00:00"):
        first = Rotations.of(fresh(sco))
    with freeze_time("2026-12-02 09:00:00"):
        assert Rotations.of(fresh(sco)) is not first

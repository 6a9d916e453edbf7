"""Done-when of the foundation: the chair on every day from the founding summit to today matches the
public record (docs/sco-facts.md §2), for the CHS and the CHG, through the database the Secretariat maintains
and through the API; from today the forecast continues in Russian alphabetical order."""

from datetime import date, timedelta

import pytest
from freezegun import freeze_time

from accord.orgs import queries
from tests.core.test_rotation import CHG, CHS, RUSSIAN_ORDER

TODAY = date(2026, 12, 1)
DAY = timedelta(days=1)


def expected(record, day, announced):
    """The host of the first session on record ending on or after `day`; the announced host after that."""
    return next((row[0] for row in record if row[-1] >= day), announced)


def every_day(first, last):
    day = first
    while day <= last:
        yield day
        day += DAY


@freeze_time("2026-12-01 09:00:00")
@pytest.mark.parametrize(
    "body,record,first,announced",
    [
        ("CHS", CHS, date(2001, 6, 15), "KG"),
        ("CMFA", CHS, date(2001, 6, 15), "KG"),
        ("CHG", CHG, date(2016, 12, 1), "TJ"),
    ],
)
def test_every_day_to_today_matches_the_record(sco, body, record, first, announced):
    rotations = queries.Rotations.from_db(sco)
    wrong = []
    for day in every_day(first, TODAY):
        view = rotations.chair_on(body, day)
        if (view.term.holder, view.term.basis) != (expected(record, day, announced), "recorded"):
            wrong.append((day, view.term.holder, view.term.basis))
    assert wrong == []


@freeze_time("2026-12-01 09:00:00")
@pytest.mark.parametrize("body,record,announced", [("CHS", CHS, "KG"), ("CHG", CHG, "TJ")])
def test_the_api_agrees_on_the_first_of_every_month(client, sco, body, record, announced):
    start = date(2001, 7, 1) if body == "CHS" else date(2017, 1, 1)
    day = start
    while day <= TODAY:
        answer = client.get("/api/orgs/sco/chair", {"body": body, "on": day.isoformat()}).json()
        assert (answer["chair"]["code"], answer["basis"]) == (expected(record, day, announced), "recorded"), (
            day
        )
        day = (day.replace(day=28) + 4 * DAY).replace(day=1)
    today = client.get("/api/orgs/sco/chair", {"body": body}).json()
    assert today["date"] == "2026-12-01" and today["chair"]["code"] == announced


@freeze_time("2026-12-01 09:00:00")
@pytest.mark.parametrize("body,announced", [("CHS", "KG"), ("CHG", "TJ")])
def test_the_forecast_from_today_continues_in_russian_alphabetical_order(client, sco, body, announced):
    terms = client.get("/api/orgs/sco/chair/forecast", {"body": body, "n": 10}).json()["terms"]
    at = RUSSIAN_ORDER.index(announced)
    assert [t["code"] for t in terms] == [RUSSIAN_ORDER[(at + i) % 10] for i in range(11)]
    assert terms[0]["basis"] == "recorded" and {t["basis"] for t in terms[1:]} == {"forecast"}
    assert terms[1]["start"] == "2026-12-02"


@freeze_time("2026-12-01 09:00:00")
def test_home_page_says_the_term_runs_until_its_session_is_dated(client, sco):
    html = client.get("/sco/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count("until its session, not yet dated") == 2
    assert "Kyrgyzstan" in html and "Tajikistan" in html

"""Dated facts of the SCO reference data against the public record, and the partner-date convention of
docs/reference-data.md: a partner status starts on the day of the summit decision that grants it."""

import json
from datetime import date
from importlib import resources

import pytest

from accord.meetings.models import Session
from accord.orgs import queries


def rows(name):
    return json.loads(resources.files("accord.data.sco").joinpath(f"{name}.json").read_text("utf-8"))


def test_the_2004_heads_of_government_meeting_is_dated_by_its_communique():
    (bishkek,) = [s for s in rows("sessions") if s["body"] == "CHG" and s["year"] == 2004]
    assert (bishkek["city"]["en"], bishkek["start"], bishkek["end"]) == (
        "Bishkek",
        "2004-09-23",
        "2004-09-23",
    )
    assert not bishkek["approximate"] and "20040923" in bishkek["source"]


def test_the_2026_heads_of_government_meeting_is_announced_for_dushanbe_without_a_day():
    (dushanbe,) = [s for s in rows("sessions") if s["body"] == "CHG" and s["year"] == 2026]
    assert (dushanbe["host"], dushanbe["city"]["en"], dushanbe["status"]) == ("TJ", "Dushanbe", "announced")
    assert dushanbe["start"] is None and dushanbe["end"] is None
    assert "October 2026" in dushanbe["source"]


SAMARKAND_2022 = ["EG", "QA", "SA", "BH", "KW", "MV", "AE", "MM"]


@pytest.mark.parametrize("code", SAMARKAND_2022)
def test_the_samarkand_partners_start_on_the_decision_of_16_september_2022(code):
    (row,) = [r for r in rows("statuses") if r["state"] == code and r["status"] == "dialogue_partner"]
    assert row["start"] == "2022-09-16" and not row["approximate"]
    assert "Samarkand CHS" in row["source"]


@pytest.mark.parametrize(
    "code,memorandum",
    [
        ("KW", "4-5 May 2023"),
        ("MV", "4-5 May 2023"),
        ("AE", "4-5 May 2023"),
        ("MM", "4-5 May 2023"),
        ("BH", "15 Jul 2023"),
    ],
)
def test_the_memorandum_date_is_kept_in_the_source(code, memorandum):
    (row,) = [r for r in rows("statuses") if r["state"] == code and r["status"] == "dialogue_partner"]
    assert memorandum in row["source"]


def test_every_partner_status_starts_on_the_last_day_of_a_heads_of_state_summit():
    """One convention for all: the decision date. Decisions on status are taken by the CHS, so every
    observer and dialogue-partner start is a CHS day (a memorandum date would not be)."""
    summit_days = {s["end"] for s in rows("sessions") if s["body"] == "CHS" and s["end"]}
    partner_rows = [r for r in rows("statuses") if r["status"] in ("observer", "dialogue_partner")]
    assert len(partner_rows) >= 20
    off = [(r["state"], r["status"], r["start"]) for r in partner_rows if r["start"] not in summit_days]
    assert off == []


def test_loaded_data_has_the_new_partners_from_the_decision_day(sco):
    def partners(day):
        return {s.code for s in queries.statuses_on(sco, day)["dialogue_partner"]}

    assert {"KW", "MV", "AE", "MM", "BH"}.isdisjoint(partners(date(2022, 9, 15)))
    assert {"KW", "MV", "AE", "MM", "BH", "EG", "QA"} <= partners(date(2022, 9, 16))
    chg_2004 = Session.objects.get(organisation=sco, body__code="CHG", year=2004)
    assert chg_2004.start == chg_2004.end == date(2004, 9, 23)
    assert Session.objects.get(organisation=sco, body__code="CHG", year=2026).city_en == "Dushanbe"

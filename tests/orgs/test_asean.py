"""ASEAN from its data folder alone: the chair on every date of the public record, membership, pages.

The table below is the record as the sources in src/accord/data/asean/chairmanships.json report it
(ASEAN Charter Art. 31: the Chairmanship rotates annually, in the alphabetical order of the English
names of the Member States; calendar-year terms since the Charter came into force in December 2008).
"""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import accord
from accord.cli import main

# year -> (chair, source): the public record, with departures from the alphabetical order noted.
RECORD = {
    2009: ("TH", "Xinhua chronology of ASEAN summits (China Daily, 20 Nov 2015): 14th, 15th Summits"),
    2010: ("VN", "ASEAN Secretariat, 2 Nov 2010: Viet Nam as ASEAN Chair this year"),
    2011: ("ID", "ASEAN Secretariat, 2 Nov 2010: swap with Brunei Darussalam granted at the 16th Summit"),
    2012: ("KH", "The Nation, Apr 2010: Cambodia reconfirmed as chair for 2012"),
    2013: ("BN", "Southeast Asian Affairs 2014 (Chalermpalanupap): Brunei takes Indonesia's 2013 turn"),
    2014: ("MM", "Southeast Asian Affairs 2014: Myanmar swaps its 2016 turn with Laos's 2014"),
    2015: ("MY", "Xinhua chronology: 26th and 27th Summits, Kuala Lumpur"),
    2016: ("LA", "China News Service, 6 Sep 2016: Laos is the rotating chair for 2016"),
    2017: ("PH", "Rappler, 15 Nov 2017: the Philippines closes its 2017 chairmanship"),
    2018: ("SG", "Rappler, 15 Nov 2017; Singapore MFA, 7 Dec 2018: chairmanship ends 31 Dec 2018"),
    2019: ("TH", "Singapore MFA, 7 Dec 2018: handover to Thailand for 2019"),
    2020: ("VN", "The Star, 16 Nov 2020: Viet Nam, Chair for 2020, hands over to Brunei"),
    2021: ("BN", "The Scoop, 16 Nov 2020: Brunei to lead ASEAN in 2021"),
    2022: ("KH", "The Phnom Penh Post: Cambodia takes over the chairmanship for 2022"),
    2023: ("ID", "Philippine Daily Inquirer, 6 Sep 2023: Indonesia chairs in 2023"),
    2024: ("LA", "Philippine Daily Inquirer, 6 Sep 2023: Laos in 2024"),
    2025: ("MY", "News18/AFP, 5 Sep 2023: Malaysia in 2025"),
    2026: ("PH", "TASS, 5 Sep 2023: the Philippines chairs in 2026 instead of Myanmar; PNA, Jan 2026"),
}


def dated_cases():
    """Mid-year, and the day before and after each change of chair (31 Dec / 1 Jan)."""
    cases = []
    for year, (code, _source) in RECORD.items():
        cases += [(date(year, 1, 1), code), (date(year, 7, 1), code), (date(year, 12, 31), code)]
    return cases


def chair_json(capsys, *args):
    assert main(["chair", "--org", "asean", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.django_db
@pytest.mark.parametrize("day,code", dated_cases(), ids=lambda v: str(v))
def test_chair_matches_the_public_record(capsys, day, code):
    out = chair_json(capsys, "--on", day.isoformat())
    assert out["org"] == "asean" and out["body"] == "SUMMIT" and out["date"] == day.isoformat()
    assert out["chair"]["code"] == code
    assert out["term"] == {"start": f"{day.year}-01-01", "end": f"{day.year}-12-31", "end_estimated": False}
    assert out["basis"] == "recorded"


@pytest.mark.django_db
def test_every_change_of_chair_falls_on_new_year(capsys):
    for year in list(RECORD)[1:]:
        before = chair_json(capsys, "--on", date(year - 1, 12, 31).isoformat())["chair"]["code"]
        after = chair_json(capsys, "--on", date(year, 1, 1).isoformat())["chair"]["code"]
        assert (before, after) == (RECORD[year - 1][0], RECORD[year][0])


@pytest.mark.django_db
def test_before_the_calendar_year_record_is_refused(capsys):
    assert main(["chair", "--org", "asean", "--on", "2008-12-31"]) == 2
    err = capsys.readouterr().err
    assert "before the first recorded chairmanship" in err and len(err.strip().splitlines()) == 1


@pytest.mark.django_db
def test_forecast_three_says_recorded_or_forecast(capsys):
    out = chair_json(capsys, "--on", "2026-12-03", "--forecast", "3")
    assert out["org"] == "asean" and out["body"] == "SUMMIT"
    got = [(t["code"], t["start"], t["end"], t["basis"]) for t in out["terms"]]
    # After the Philippines (2026, instead of Myanmar) the English order resumes: Singapore, Thailand,
    # then Timor-Leste, a member since 26 Oct 2025 and so for the whole of 2029.
    assert got == [
        ("PH", "2026-01-01", "2026-12-31", "recorded"),
        ("SG", "2027-01-01", "2027-12-31", "forecast"),
        ("TH", "2028-01-01", "2028-12-31", "forecast"),
        ("TL", "2029-01-01", "2029-12-31", "forecast"),
    ]


def test_the_real_command_from_today(tmp_path):
    """`accord chair --org asean --forecast 3` as a subprocess, today being 3 Dec 2026 on its clock."""
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(Path(accord.__file__).parents[1]),
        "ACCORD_DATA_DIR": str(tmp_path),
        "ACCORD_SQLITE_PATH": str(tmp_path / "none.db"),
        "ACCORD_CLOCK_START": "2026-12-03T09:00:00+00:00",
    }
    r = subprocess.run(
        [sys.executable, "-m", "accord", "chair", "--org", "asean", "--forecast", "3", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    terms = json.loads(r.stdout)["terms"]
    assert [(t["code"], t["basis"]) for t in terms] == [
        ("PH", "recorded"),
        ("SG", "forecast"),
        ("TH", "forecast"),
        ("TL", "forecast"),
    ]


@pytest.fixture
def asean(db):
    from accord.orgs.actions import load_reference
    from accord.orgs.models import Organisation

    load_reference("asean")
    return Organisation.objects.get(code="asean")


def test_membership_differs_by_timor_leste(asean, client):
    from accord.orgs import queries

    before = queries.member_codes_on(asean, date(2025, 10, 25))
    after = queries.member_codes_on(asean, date(2025, 10, 27))
    assert after - before == {"TL"} and before - after == set() and len(after) == 11
    observers = queries.statuses_on(asean, date(2025, 10, 25))["observer"]
    assert [s.code for s in observers] == ["TL"]
    api = client.get("/api/orgs/asean/members", {"on": "2025-10-25"}).json()
    assert "TL" not in {m["code"] for m in api} and len(api) == 10
    api = client.get("/api/orgs/asean/members", {"on": "2025-10-27"}).json()
    assert "TL" in {m["code"] for m in api} and len(api) == 11


def test_settings_come_from_the_data(asean):
    from accord.orgs import queries

    assert asean.timezone == "Asia/Jakarta" and asean.collation_language == "en"
    assert asean.official_languages == ["en"] and asean.currency == "USD"
    assert queries.decision_rule_name(asean, "interested_members", "en") == "ASEAN minus X"
    assert queries.decision_rule_name(asean, "interested_members", "ru") == "ASEAN minus X"  # English only
    assert queries.decision_rule_name(asean, "consensus_minus_one", "en") is None


def test_database_and_files_agree(asean):
    """The chair read from the loaded database equals the one read from the files, year by year."""
    from accord.orgs import queries

    db = queries.Rotations.from_db(asean)
    files = queries.Rotations.from_reference("asean")
    for year in range(2009, 2040):
        day = date(year, 6, 30)
        assert db.chair_on("ACC", day).term == files.chair_on("SUMMIT", day).term


def test_asean_beside_the_sco_keeps_shared_states_names(sco, asean):
    """Cambodia, Laos and Myanmar are SCO partners too: loading ASEAN (English only) keeps their Russian
    and Chinese names, and reloading either changes nothing."""
    from accord.orgs.actions import load_reference
    from accord.orgs.models import State

    kh = State.objects.get(code="KH")
    assert (kh.name_en, kh.name_ru, kh.name_zh) == ("Cambodia", "Камбоджа", "柬埔寨")
    assert kh.collation == {"zh": "jian3 pu3 zhai4"}
    for code in ("sco", "asean"):
        again = load_reference(code)
        assert again.created == {} and again.updated == {}, code


def test_two_summits_a_year_are_two_rows(asean):
    from accord.orgs.models import Session

    rows = Session.objects.filter(organisation=asean, year=2025).order_by("number")
    assert [(s.number, s.host.code, s.start) for s in rows] == [
        (46, "MY", date(2025, 5, 26)),
        (47, "MY", date(2025, 10, 26)),
    ]
    assert (
        len({s.key for s in Session.objects.filter(organisation=asean)})
        == rows.model.objects.filter(organisation=asean).count()
    )


def test_pages_work_like_the_scos(asean, client):
    home = client.get("/asean/")
    assert home.status_code == 200
    html = home.content.decode()
    assert "Association of Southeast Asian Nations" in html and "Philippines" in html
    assert "Asia/Jakarta" in html and "USD" in html
    rotation = client.get("/asean/rotation/").content.decode()
    assert "Terms are calendar years" in rotation and "2009" in rotation
    state = client.get("/asean/states/TL/")
    assert state.status_code == 200 and "Timor-Leste" in state.content.decode()
    chair = client.get("/api/orgs/asean/chair", {"on": "2011-06-01"}).json()
    assert chair["body"] == "SUMMIT" and chair["chair"]["code"] == "ID"
    assert (
        client.get("/api/orgs/asean/chair/forecast", {"on": "2026-12-03", "n": 1}).json()["terms"][1]["code"]
        == "SG"
    )


def test_landing_page_lists_the_organisations(sco, asean, client):
    html = client.get("/").content.decode()
    assert 'href="/sco/"' in html and 'href="/asean/"' in html


def test_landing_page_goes_straight_to_the_only_organisation(asean, client):
    r = client.get("/")
    assert r.status_code == 302 and r["Location"] == "/asean/"


def test_a_forgone_turn_is_on_record(asean):
    from accord.orgs.models import Chairmanship

    forgone = {(c.year, c.state.code) for c in Chairmanship.objects.filter(status="forgone")}
    assert forgone == {(2006, "MM"), (2026, "MM")}
    swaps = {
        (c.year, c.state.code, c.instead_of.code)
        for c in Chairmanship.objects.filter(instead_of__isnull=False).select_related("state", "instead_of")
    }
    assert swaps == {
        (2011, "ID", "BN"),
        (2013, "BN", "ID"),
        (2014, "MM", "LA"),
        (2016, "LA", "MM"),
        (2026, "PH", "MM"),
    }


def test_the_secretariat_corrects_and_removes_chairmanships(asean):
    """A chairmanship corrected in the admin survives a reload; one removed stays removed."""
    from accord.orgs.actions import load_reference
    from accord.orgs.models import Chairmanship, State

    row = Chairmanship.objects.get(organisation=asean, year=2026, status="held")
    row.before_admin_save()
    row.source = "corrected by the Secretariat"
    row.save()
    gone = Chairmanship.objects.get(organisation=asean, year=2006)
    gone.before_admin_delete()
    gone.delete()
    result = load_reference("asean")
    assert result.created == {} and result.kept == {"chairmanships": 2}
    assert Chairmanship.objects.get(pk=row.pk).source == "corrected by the Secretariat"
    assert not Chairmanship.objects.filter(organisation=asean, year=2006).exists()
    load_reference("asean", overwrite_edits=True)
    assert Chairmanship.objects.get(pk=row.pk).source != "corrected by the Secretariat"
    assert Chairmanship.objects.filter(
        organisation=asean, year=2006, state=State.objects.get(code="MM")
    ).exists()

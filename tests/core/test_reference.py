import copy
import json
import re
from datetime import date
from importlib import resources

import pytest

from accord.core.errors import InputError
from accord.core.reference import FILES, available_references, load_reference, parse_reference
from accord.core.rotation import chair_on, forecast

MEMBERS = {"BY", "CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ"}
PARTNERS = {
    "AF",
    "AZ",
    "AM",
    "BH",
    "EG",
    "KH",
    "QA",
    "KW",
    "LA",
    "MV",
    "MN",
    "MM",
    "NP",
    "AE",
    "SA",
    "TR",
    "LK",
}
RUSSIAN_NAMES = {
    "BY": "Беларусь",
    "IN": "Индия",
    "IR": "Иран",
    "KZ": "Казахстан",
    "CN": "Китай",
    "KG": "Кыргызстан",
    "PK": "Пакистан",
    "RU": "Россия",
    "TJ": "Таджикистан",
    "UZ": "Узбекистан",
}


@pytest.fixture(scope="module")
def sco():
    return load_reference("sco")


@pytest.fixture
def documents():
    """The SCO files as parsed JSON, a fresh copy per test to break."""
    return copy.deepcopy(_sco_documents())


_CACHE: dict[str, object] = {}


def _sco_documents():
    if not _CACHE:
        folder = resources.files("accord.data").joinpath("sco")
        _CACHE.update({name: json.loads(folder.joinpath(name).read_text("utf-8")) for name in FILES})
    return _CACHE


def with_status(reference, status, day):
    return {
        s.state
        for s in reference.statuses
        if s.status == status and s.start <= day and (s.end is None or day <= s.end)
    }


def members_on(reference, day):
    return with_status(reference, "member", day)


# --- the shipped SCO data -------------------------------------------------------------------------


def test_sco_is_available_and_loads(sco):
    assert "sco" in available_references()
    organisation = sco.organisation
    assert (organisation.code, organisation.founded, organisation.collation_language) == (
        "sco",
        date(2001, 6, 15),
        "ru",
    )
    assert organisation.timezone == "Asia/Shanghai"
    assert organisation.secretariat_city["en"] == "Beijing"
    assert organisation.name["zh"] == "上海合作组织"


def test_states_with_the_names_the_sco_uses(sco):
    codes = {s.code for s in sco.states}
    assert codes == MEMBERS | PARTNERS
    assert {s.code: s.name["ru"] for s in sco.states if s.code in MEMBERS} == RUSSIAN_NAMES
    assert all(set(s.name) == {"en", "ru", "zh"} and s.source for s in sco.states)


def test_membership_over_time(sco):
    founders = {"CN", "KZ", "KG", "RU", "TJ", "UZ"}
    assert members_on(sco, date(2001, 6, 15)) == founders
    assert members_on(sco, date(2017, 6, 8)) == founders
    assert members_on(sco, date(2017, 6, 9)) == founders | {"IN", "PK"}
    assert members_on(sco, date(2023, 7, 4)) == founders | {"IN", "PK", "IR"}
    assert members_on(sco, date(2024, 7, 4)) == MEMBERS


def test_observers_and_dialogue_partners_become_partners_at_tianjin(sco):
    assert with_status(sco, "observer", date(2010, 1, 1)) == {"MN", "IN", "IR", "PK"}
    assert with_status(sco, "observer", date(2016, 1, 1)) == {"MN", "IN", "IR", "PK", "AF", "BY"}
    assert with_status(sco, "observer", date(2025, 8, 31)) == {"MN", "AF"}
    assert len(with_status(sco, "dialogue_partner", date(2025, 8, 31))) == 14
    assert with_status(sco, "partner", date(2025, 8, 31)) == set()
    assert with_status(sco, "partner", date(2026, 2, 1)) == PARTNERS
    assert with_status(sco, "observer", date(2026, 2, 1)) == set()
    assert with_status(sco, "dialogue_partner", date(2026, 2, 1)) == set()


def test_belarus_path_to_membership(sco):
    path = [(s.status, s.start, s.end) for s in sco.statuses if s.state == "BY"]
    assert path == [
        ("dialogue_partner", date(2009, 6, 16), date(2015, 7, 9)),
        ("observer", date(2015, 7, 10), date(2024, 7, 3)),
        ("member", date(2024, 7, 4), None),
    ]


def test_every_row_says_where_it_comes_from(sco):
    terms = [term for office in sco.offices for term in office.terms]
    rows = [*sco.statuses, *sco.sessions, *terms, *sco.bodies, *sco.states]
    assert all(row.source.strip() for row in rows)
    assert any(s.approximate and "approximate" in s.source for s in sco.statuses)


def test_bodies_and_their_chair_rules(sco):
    bodies = {b.code: b for b in sco.bodies}
    assert set(bodies) == {"CHS", "CHG", "CMFA", "CNC", "RATS_COUNCIL", "SECRETARIAT"}
    assert (bodies["CHS"].chair.rule, bodies["CHS"].chair.code) == ("rotation", "CHS")
    assert (bodies["CHG"].chair.rule, bodies["CHG"].chair.code) == ("rotation", "CHG")
    assert (bodies["CMFA"].chair.rule, bodies["CMFA"].chair.code) == ("follows", "CHS")
    assert (bodies["CNC"].chair.rule, bodies["CNC"].chair.code) == ("follows", "CHS")
    assert bodies["SECRETARIAT"].chair is None
    assert bodies["CNC"].meets.min_per_year == 3
    assert set(sco.rotations) == {"CHS", "CHG"}


def test_sessions_on_record(sco):
    chs = [s for s in sco.sessions if s.body == "CHS"]
    assert [s.year for s in chs] == list(range(2001, 2027))
    assert [s.number for s in chs] == list(range(1, 27))
    astana_2024 = next(s for s in chs if s.year == 2024)
    assert (astana_2024.host, astana_2024.start, astana_2024.end) == (
        "KZ",
        date(2024, 7, 4),
        date(2024, 7, 4),
    )
    bishkek = chs[-1]
    assert (bishkek.host, bishkek.status, bishkek.start, bishkek.end) == ("KG", "announced", None, None)
    assert bishkek.city["ru"] == "Бишкек"

    chg = {s.year: s for s in sco.sessions if s.body == "CHG"}
    assert {year: chg[year].host for year in range(2017, 2027)} == {
        2017: "RU",
        2018: "TJ",
        2019: "UZ",
        2020: "IN",
        2021: "KZ",
        2022: "CN",
        2023: "KG",
        2024: "PK",
        2025: "RU",
        2026: "TJ",
    }
    assert (chg[2024].city["en"], chg[2024].start, chg[2024].end) == (
        "Islamabad",
        date(2024, 10, 15),
        date(2024, 10, 16),
    )
    assert (chg[2025].city["en"], chg[2025].start, chg[2025].end) == (
        "Moscow",
        date(2025, 11, 17),
        date(2025, 11, 18),
    )
    assert (chg[2026].status, chg[2026].start) == ("announced", None)


def test_secretaries_general(sco):
    offices = {o.code: o for o in sco.offices}
    terms = [(t.holder["en"], t.state, t.start.year, t.end.year) for t in offices["SECRETARY_GENERAL"].terms]
    assert terms == [
        ("Zhang Deguang", "CN", 2004, 2006),
        ("Bolat Nurgaliyev", "KZ", 2007, 2009),
        ("Muratbek Imanaliev", "KG", 2010, 2012),
        ("Dmitry Mezentsev", "RU", 2013, 2015),
        ("Rashid Alimov", "TJ", 2016, 2018),
        ("Vladimir Norov", "UZ", 2019, 2021),
        ("Zhang Ming", "CN", 2022, 2024),
        ("Nurlan Yermekbayev", "KZ", 2025, 2027),
    ]
    assert (offices["SECRETARY_GENERAL"].term_years, offices["SECRETARY_GENERAL"].renewable) == (3, False)
    assert {o.body for o in offices.values() if o.kind == "chair"} == {"CHS", "CHG", "CMFA", "CNC"}
    assert all(not o.terms for o in offices.values() if o.kind == "chair")


# --- validation -----------------------------------------------------------------------------------


def _edit_status(docs, state, status, **changes):
    row = next(r for r in docs["statuses.json"] if r["state"] == state and r["status"] == status)
    row.update(changes)
    return docs["statuses.json"].index(row)


def _session_index(docs, body, year):
    return next(i for i, s in enumerate(docs["sessions.json"]) if s["body"] == body and s["year"] == year)


def _expect(docs, field, text):
    with pytest.raises(InputError) as error:
        parse_reference(docs)
    assert error.value.field == field
    assert text in error.value.message
    return error.value


def test_unknown_state_code(documents):
    documents["statuses.json"][3]["state"] = "XX"
    _expect(documents, "statuses.json[3].state", "unknown state 'XX'")


def test_unknown_session_host(documents):
    index = _session_index(documents, "CHS", 2010)
    documents["sessions.json"][index]["host"] = "ZZ"
    _expect(documents, f"sessions.json[{index}].host", "unknown host")


def test_overlapping_status_intervals(documents):
    index = _edit_status(documents, "IN", "member", start="2017-06-01")
    _expect(documents, f"statuses.json[{index}].start", "overlap")


def test_bad_dates(documents):
    documents["sessions.json"][2]["start"] = "2003-02-30"
    _expect(documents, "sessions.json[2].start", "not a calendar date")
    documents["sessions.json"][2]["start"] = "29 May 2003"
    _expect(documents, "sessions.json[2].start", "expected YYYY-MM-DD")
    documents["sessions.json"][2]["start"] = "2004-05-29"
    _expect(documents, "sessions.json[2].start", "not in the session's year 2003")


def test_end_before_start(documents):
    index = _edit_status(documents, "IN", "observer", end="2001-01-01")
    _expect(documents, f"statuses.json[{index}].end", "before the start")


def test_status_before_founding(documents):
    index = _edit_status(documents, "MN", "observer", start="1999-01-01")
    _expect(documents, f"statuses.json[{index}].start", "before the organisation was founded")


def test_a_host_must_be_a_member_for_its_whole_term(documents):
    index = _session_index(documents, "CHS", 2016)
    documents["sessions.json"][index]["host"] = "IN"  # India joined in 2017
    _expect(documents, f"sessions.json[{index}].host", "IN is not a member for its whole term 2015-07-11")


def test_sessions_out_of_order(documents):
    first, second = _session_index(documents, "CHS", 2010), _session_index(documents, "CHS", 2011)
    rows = documents["sessions.json"]
    rows[first], rows[second] = rows[second], rows[first]
    _expect(documents, f"sessions.json[{second}].year", "chronological order")


def test_overlapping_sessions(documents):
    index = _session_index(documents, "CHG", 2025)
    documents["sessions.json"][index]["start"] = documents["sessions.json"][index]["end"] = "2024-10-16"
    documents["sessions.json"][index]["year"] = 2024
    _expect(
        documents, f"sessions.json[{index}].start", "not after the previous session's last day 2024-10-16"
    )


def test_unknown_and_missing_fields(documents):
    documents["states.json"][0]["capital"] = "Minsk"
    _expect(documents, "states.json[0].capital", "unknown field")
    del documents["states.json"][0]["capital"]
    del documents["states.json"][0]["name"]["zh"]
    _expect(documents, "states.json[0].name.zh", "missing")


def test_bad_types(documents):
    documents["sessions.json"][0]["number"] = "one"
    _expect(documents, "sessions.json[0].number", "expected an integer >= 1")
    documents["sessions.json"][0]["number"] = 1
    documents["states.json"] = {"BY": {}}
    _expect(documents, "states.json", "expected a JSON array")


def test_bad_state_code_format(documents):
    documents["states.json"][0]["code"] = "BLR"
    _expect(documents, "states.json[0].code", "expected [A-Z]{2}")


def test_duplicate_state(documents):
    documents["states.json"].append(copy.deepcopy(documents["states.json"][0]))
    _expect(documents, f"states.json[{len(documents['states.json']) - 1}].code", "duplicate 'BY'")


def test_organisation_settings(documents):
    documents["organisation.json"]["collation_language"] = "kk"
    _expect(documents, "organisation.json.collation_language", "not one of the languages")
    documents["organisation.json"]["collation_language"] = "ru"
    documents["organisation.json"]["timezone"] = "Asia/Nowhere"
    _expect(documents, "organisation.json.timezone", "unknown time zone")
    documents["organisation.json"]["timezone"] = "Asia/Shanghai"
    documents["organisation.json"]["statuses"] = ["observer"]
    _expect(documents, "organisation.json.statuses", "must include 'member'")


def test_chair_rules_must_name_known_bodies_and_not_loop(documents):
    bodies = documents["bodies.json"]
    cnc = next(i for i, b in enumerate(bodies) if b["code"] == "CNC")
    bodies[cnc]["chair"] = {"rule": "follows", "body": "NOPE"}
    _expect(documents, f"bodies.json[{cnc}].chair.body", "unknown body 'NOPE'")
    chs = next(i for i, b in enumerate(bodies) if b["code"] == "CHS")
    bodies[cnc]["chair"] = {"rule": "follows", "body": "CHS"}
    bodies[chs]["chair"] = {"rule": "follows", "body": "CNC"}
    _expect(documents, f"bodies.json[{chs}].chair", "circle")


def test_overlapping_office_terms(documents):
    documents["offices.json"]["terms"][1]["start"] = "2006-06-01"
    _expect(documents, "offices.json.terms[1].start", "overlaps")


def test_chair_office_needs_a_chaired_body(documents):
    chair_office = next(o for o in documents["offices.json"]["offices"] if o["kind"] == "chair")
    chair_office["body"] = "SECRETARIAT"
    index = documents["offices.json"]["offices"].index(chair_office)
    _expect(documents, f"offices.json.offices[{index}].body", "no chair rule")


def test_extraordinary_sessions_do_not_hand_the_chair_over(documents):
    extraordinary = copy.deepcopy(documents["sessions.json"][_session_index(documents, "CHS", 2024)])
    extraordinary.update(number=None, host="RU", start="2024-10-01", end="2024-10-01", regular=False)
    documents["sessions.json"].insert(_session_index(documents, "CHS", 2025), extraordinary)
    chs = parse_reference(documents).rotation_for("CHS")
    assert chair_on(chs, date(2024, 10, 1)).holder == "CN"


def test_missing_file(documents):
    del documents["bodies.json"]
    _expect(documents, "bodies.json", "file missing")


@pytest.mark.parametrize("code", ["osce", "../sco", "SCO", ""])
def test_unknown_reference_organisation(code):
    with pytest.raises(InputError) as error:
        load_reference(code)
    assert error.value.field == "org"


# --- another organisation is only a data folder away ----------------------------------------------


def test_a_different_organisation_needs_no_code():
    names = {"BN": "Brunei Darussalam", "KH": "Cambodia", "ID": "Indonesia", "LA": "Lao PDR"}
    documents = {
        "organisation.json": {
            "code": "demo",
            "name": {"en": "Demo Association"},
            "founded": "1967-08-08",
            "languages": ["en"],
            "collation_language": "en",
            "timezone": "Asia/Jakarta",
            "secretariat_city": {"en": "Jakarta"},
            "statuses": ["member", "observer"],
            "sources": ["invented for a test"],
        },
        "states.json": [{"code": c, "name": {"en": n}, "source": "test"} for c, n in names.items()],
        "statuses.json": [
            {"state": c, "status": "member", "start": "1967-08-08", "end": None, "source": "test"}
            for c in names
        ],
        "bodies.json": [
            {
                "code": "SUMMIT",
                "name": {"en": "Summit"},
                "meets": {"text": {"en": "yearly"}, "min_per_year": 1},
                "abbreviation": {"en": "S"},
                "chair": {"rule": "rotation", "rotation": "SUMMIT"},
                "source": "test",
            }
        ],
        "sessions.json": [
            {
                "body": "SUMMIT",
                "number": 1,
                "year": 2020,
                "host": "ID",
                "city": None,
                "start": "2020-11-12",
                "end": "2020-11-15",
                "status": "held",
                "format": "video",
                "source": "test",
            }
        ],
        "offices.json": {"offices": [], "terms": []},
    }
    reference = parse_reference(documents)
    summit = reference.rotation_for("SUMMIT")
    assert chair_on(summit, date(2020, 11, 12)).holder == "ID"
    # English alphabetical order after Indonesia: Lao PDR, then round to Brunei and Cambodia.
    assert [t.holder for t in forecast(summit, date(2021, 1, 1), 3)] == ["LA", "BN", "KH", "ID"]


def test_abbreviations_are_optional_per_language_and_checked(documents):
    bodies = documents["bodies.json"]
    assert parse_reference(documents).bodies[0].abbreviation == {"en": "CHS", "ru": "СГГ"}
    bodies[0]["abbreviation"] = {"fr": "CCE"}
    _expect(documents, "bodies.json[0].abbreviation.fr", "unknown field")
    bodies[0]["abbreviation"] = {"en": ""}
    _expect(documents, "bodies.json[0].abbreviation.en", "non-empty string")
    del bodies[0]["abbreviation"]
    bodies[0]["meets"]["text"] = {"en": "once a year"}
    _expect(documents, "bodies.json[0].meets.text.ru", "missing")


def test_every_state_says_how_its_chinese_name_sorts(sco):
    """Pinyin with tone numbers: Chinese script does not give dictionary order by code point."""
    assert all(re.fullmatch(r"([a-z]+[1-5])( [a-z]+[1-5])*", s.collation["zh"]) for s in sco.states)
    by_pinyin = sorted(
        (s for s in sco.states if s.code in {"CN", "PK", "BY"}), key=lambda s: s.collation["zh"]
    )
    assert [s.name["zh"] for s in by_pinyin] == ["巴基斯坦", "白俄罗斯", "中国"]

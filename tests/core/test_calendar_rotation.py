"""Calendar-year rotations (ASEAN Charter Art. 31): recorded years, then the alphabetical rule."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.errors import InputError
from accord.core.rotation import Membership, RecordedChair, Rotation, chair_on, forecast, recorded_terms

NAMES = {"BN": "Brunei Darussalam", "KH": "Cambodia", "ID": "Indonesia", "LA": "Laos", "TL": "Timor-Leste"}


def rotation(chairs, members=None):
    members = members or [Membership(code, date(2000, 1, 1)) for code in NAMES]
    return Rotation(
        body="SUMMIT",
        members=members,
        names=NAMES,
        language="en",
        term="calendar_year",
        chairs=[RecordedChair(holder, year) for holder, year in chairs],
    )


def test_recorded_years_then_the_rule():
    r = rotation([("ID", 2011), ("KH", 2012), ("BN", 2013)])  # a swap: the record wins
    assert [(t.holder, t.start, t.end, t.basis) for t in recorded_terms(r)] == [
        ("ID", date(2011, 1, 1), date(2011, 12, 31), "recorded"),
        ("KH", date(2012, 1, 1), date(2012, 12, 31), "recorded"),
        ("BN", date(2013, 1, 1), date(2013, 12, 31), "recorded"),
    ]
    assert chair_on(r, date(2012, 12, 31)).holder == "KH"
    assert chair_on(r, date(2013, 1, 1)).holder == "BN"
    terms = forecast(r, date(2013, 6, 1), 4)
    assert [(t.holder, t.start.year, t.basis, t.end_estimated) for t in terms] == [
        ("BN", 2013, "recorded", False),
        ("KH", 2014, "forecast", False),
        ("ID", 2015, "forecast", False),
        ("LA", 2016, "forecast", False),
        ("TL", 2017, "forecast", False),
    ]


def test_a_state_joining_mid_year_waits_for_a_whole_year():
    members = [Membership(code, date(2000, 1, 1)) for code in ("BN", "KH", "ID", "LA")]
    members.append(Membership("TL", date(2025, 10, 26)))
    r = rotation([("LA", 2024)], members)
    assert [t.holder for t in forecast(r, date(2024, 1, 1), 2)] == ["LA", "BN", "KH"]
    r = rotation([("ID", 2024)], members)
    # After Laos (2025) comes Timor-Leste, a member since October 2025: not for all of 2025, but for 2026.
    assert [t.holder for t in forecast(r, date(2024, 1, 1), 3)] == ["ID", "LA", "TL", "BN"]


@pytest.mark.parametrize(
    "chairs,members,field",
    [
        ([], None, "chairs"),
        ([("ID", 2011), ("KH", 2013)], None, "chairs[1].year"),
        ([("ID", 2011), ("KH", 2011)], None, "chairs[1].year"),
        ([("ID", 1999)], None, "chairs[0].state"),
    ],
)
def test_refusals(chairs, members, field):
    with pytest.raises(InputError) as error:
        rotation(chairs, members)
    assert error.value.field == field


def test_unknown_term_pattern():
    with pytest.raises(InputError) as error:
        Rotation(body="S", members=[], names={}, language="en", term="fortnightly")  # type: ignore[arg-type]
    assert error.value.field == "term"


@settings(max_examples=60, deadline=None)
@given(
    joins=st.lists(st.integers(min_value=2000, max_value=2012), min_size=5, max_size=5),
    last=st.sampled_from(sorted(NAMES)),
    years=st.integers(min_value=1, max_value=15),
)
def test_forecast_matches_brute_force(joins, last, years):
    """Each forecast year goes to the first state after the previous holder, in English order, that is a
    member on every day of the year: checked day by day against the membership table."""
    members = [Membership(code, date(year, 7, 1)) for code, year in zip(NAMES, joins, strict=True)]
    holder_joined = dict(zip(NAMES, joins, strict=True))[last]
    r = rotation([(last, holder_joined + 1)], members)
    order = sorted(NAMES, key=lambda code: NAMES[code].casefold())
    expected, previous = [], last
    for year in range(holder_joined + 2, holder_joined + 2 + years):
        candidates = order[order.index(previous) + 1 :] + order[: order.index(previous) + 1]
        whole_year = [
            c for c in candidates if all(m.start <= date(year, 1, 1) for m in members if m.state == c)
        ]
        previous = whole_year[0]
        expected.append(previous)
    got = forecast(r, date(holder_joined + 2, 1, 1), years - 1)
    assert [t.holder for t in got] == expected
    assert all(t.start == date(t.start.year, 1, 1) and t.end == date(t.start.year, 12, 31) for t in got)


# --- the shipped ASEAN files, changed one field at a time -----------------------------------------


@pytest.fixture
def asean_documents():
    import json
    from importlib import resources

    from accord.core.reference import FILES, OPTIONAL_FILES

    folder = resources.files("accord.data").joinpath("asean")
    return {
        name: json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        for name in (*FILES, *OPTIONAL_FILES)
    }


def _refused(documents, field):
    from accord.core.reference import parse_reference

    with pytest.raises(InputError) as error:
        parse_reference(documents)
    assert error.value.field == field, error.value


def _row(documents, year, status="held"):
    return next(
        row for row in documents["chairmanships.json"] if row["year"] == year and row["status"] == status
    )


def test_shipped_asean_parses(asean_documents):
    from accord.core.reference import parse_reference

    reference = parse_reference(asean_documents)
    assert reference.organisation.official_languages == ("en",) and reference.organisation.currency == "USD"
    rule = {r.code: r.name["en"] for r in reference.organisation.decision_rules}
    assert rule["interested_members"] == "ASEAN minus X"
    assert reference.rotation_for("CPR").term == "calendar_year"


def test_a_forgone_turn_cannot_also_be_chaired(asean_documents):
    row = _row(asean_documents, 2026)
    row["state"] = "MM"
    del row["instead_of"]
    index = asean_documents["chairmanships.json"].index(_row(asean_documents, 2026, "forgone"))
    _refused(asean_documents, f"chairmanships.json[{index}].state")


def test_instead_of_names_another_state(asean_documents):
    row = _row(asean_documents, 2011)
    row["instead_of"] = row["state"]
    index = asean_documents["chairmanships.json"].index(row)
    _refused(asean_documents, f"chairmanships.json[{index}].instead_of")


def test_two_chairs_for_one_year(asean_documents):
    extra = dict(_row(asean_documents, 2012), state="TH")
    asean_documents["chairmanships.json"].append(extra)
    _refused(asean_documents, f"chairmanships.json[{len(asean_documents['chairmanships.json']) - 1}].year")


def test_chairmanships_only_for_calendar_year_rotations(asean_documents):
    asean_documents["bodies.json"][0]["chair"]["term"] = "between_sessions"
    _refused(asean_documents, "chairmanships.json[0].rotation")

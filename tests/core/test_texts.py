from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.core.texts import (
    Names,
    Term,
    align,
    authentic,
    check,
    chinese_number,
    facts,
    parse_number,
    terminology,
)

NAMES = Names(
    {
        "KZ": {"en": ("Kazakhstan",), "ru": ("Казахстан",), "zh": ("哈萨克斯坦",)},
        "RU": {
            "en": ("Russia", "Russian Federation"),
            "ru": ("Россия", "Российская Федерация"),
            "zh": ("俄罗斯",),
        },
        "CHS": {
            "en": ("Council of Heads of State",),
            "ru": ("Совет глав государств-членов",),
            "zh": ("成员国元首理事会",),
        },
    }
)


def en_number(n: int) -> str:
    return f"{n:,}"


def ru_number(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def versions(n: int, m: int | None = None, day: int = 4) -> dict[str, str]:
    """The same sentence in three languages; the Russian one says `m` where the others say `n`."""
    m = n if m is None else m
    return {
        "en": f"On {day} July 2024 the Council of Heads of State allocated {en_number(n)} units to Kazakhstan.",
        "ru": f"{day} июля 2024 года Совет глав государств-членов выделил {ru_number(m)} единиц Казахстану.",
        "zh": f"2024年7月{day}日，成员国元首理事会向哈萨克斯坦拨出{n}个单位。",
    }


@given(st.integers(0, 10**12), st.integers(0, 10**12))
def test_a_number_changed_in_one_version_is_always_flagged(n, m):
    warnings = align(versions(n, m), NAMES)
    if n == m:
        assert warnings == []
    else:
        assert [(w.kind, w.language) for w in warnings] == [("number", "ru")]
        assert warnings[0].missing == (str(n),) and warnings[0].extra == (str(m),)


@given(st.text(max_size=200), st.sampled_from(["en", "ru", "zh"]))
def test_the_same_text_in_all_versions_is_never_flagged(text, reference):
    same = {"en": text, "ru": text, "zh": text}
    assert check(same, NAMES, reference=reference) == []


@given(
    st.integers(1, 28),
    st.integers(1, 28),
    st.decimals(min_value=0, max_value=100, places=1),
    st.decimals(min_value=0, max_value=100, places=1),
)
def test_dates_and_percentages_across_languages(d1, d2, p1, p2):
    ru_p = str(p2).replace(".", ",")
    texts = {
        "en": f"By {d1} March 2025, {p1}% of the budget.",
        "ru": f"К {d2} марта 2025 года {ru_p} процента бюджета.",
        "zh": f"2025年3月{d1}日前，预算的百分之{p1}。",
    }
    kinds = {(w.kind, w.language) for w in align(texts, NAMES)}
    assert (("date", "ru") in kinds) == (d1 != d2)
    assert (("percentage", "ru") in kinds) == (Decimal(p1) != Decimal(p2))
    assert not {k for k in kinds if k[1] == "zh"}


@given(st.integers(1, 9999), st.integers(1, 9999))
def test_amounts_with_scales_agree(n, m):
    texts = {
        "en": f"USD {n} million",
        "ru": f"{m} млн долларов США",
        "zh": f"{n * 100}万美元",
    }
    warnings = align(texts, NAMES)
    assert [(w.kind, w.language) for w in warnings] == ([] if n == m else [("amount", "ru")])


def test_a_date_is_not_also_read_as_numbers():
    f = facts("4 July 2024")
    assert dict(f.of("date")) == {"2024-07-04": 1}
    assert not f.of("number")


def test_cross_references():
    texts = {
        "en": "as set out in OP3 and paragraph 2",
        "ru": "как указано в OP4 и пункте 2",
        "zh": "如OP3和第二段所述",
    }
    warnings = align(texts, NAMES)
    assert [(w.kind, w.language, w.missing, w.extra) for w in warnings] == [
        ("reference", "ru", ("OP3",), ("OP4",))
    ]


def test_names_of_states_and_bodies_with_russian_inflection():
    texts = {
        "en": "Russia and Kazakhstan welcome the decision of the Council of Heads of State.",
        "ru": "Россия и Казахстан приветствуют решение Совета глав государств-членов.",
        "zh": "俄罗斯欢迎成员国元首理事会的决定。",
    }
    warnings = align(texts, NAMES)
    assert [(w.kind, w.language, w.missing) for w in warnings] == [("name", "zh", ("KZ",))]


def test_chinese_numerals_and_number_forms():
    assert chinese_number("三百零五") == 305
    assert chinese_number("十二") == 12
    assert chinese_number("二〇二四") == 2024
    assert parse_number("1 000 000") == Decimal(1000000)
    assert parse_number("2,5") == Decimal("2.5")
    assert parse_number("1,000") == Decimal(1000)
    # 一 inside ordinary words is not a number
    assert not facts("进一步加强一致").of("number")
    assert dict(facts("三个项目").of("number")) == {"3": 1}


def test_terminology_flags_a_non_preferred_term():
    terms = [
        Term(
            "sco",
            {"en": "Shanghai Cooperation Organisation", "ru": "Шанхайская организация сотрудничества"},
            {"en": ("Shanghai Pact",), "ru": ("Шанхайский пакт",)},
            source="Charter",
        )
    ]
    (w,) = terminology("The Shanghai Pact meets.", "en", terms)
    assert (
        w.kind == "term"
        and w.extra == ("Shanghai Pact",)
        and w.missing == ("Shanghai Cooperation Organisation",)
    )
    assert terminology("Шанхайского пакта", "ru", terms)  # inflected
    assert terminology("The Shanghai Cooperation Organisation meets.", "en", terms) == []


def test_missing_versions_are_not_misaligned_and_warning_keys_are_stable():
    assert align({"en": "5 units", "ru": "", "zh": "  "}) == []
    a = align({"en": "5", "ru": "6"})
    b = align({"en": "5", "ru": "6"})
    assert a[0].key == b[0].key == "number:ru:5:6"


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ({"ru": "verified", "zh": "verified"}, (["ru", "zh"], [])),
        ({"ru": "verified", "zh": "draft"}, (["ru"], ["zh"])),
        ({}, ([], ["ru", "zh"])),
    ],
)
def test_authentic(statuses, expected):
    assert authentic(statuses, ["ru", "zh"]) == expected

"""Equally authentic texts: what a machine can check across the language versions of one text.

Each version (en, ru, zh, ...) is reduced to its *facts*: dates, amounts, percentages, other numbers,
cross-references to provisions, and the states and bodies it names (from the organisation's name table,
in each language). Versions of one text must carry the same facts; a difference is a warning the
language service fixes or clears. A terminology base adds a warning for a non-preferred term.

Extraction does not depend on which language a version claims to be: every pattern (English, Russian
and Chinese dates, decimal comma or point, thousands groups, Chinese numerals and the scales 万 and 亿)
is recognised in every text, so the same text in every version always agrees with itself.

Limits, said plainly: numbers written out in words in English or Russian ("three", "три") are not read
(Chinese numerals are); a Russian name is matched by its stem (up to two final vowels, ь or й of each
word may inflect), so an irregular inflection can be missed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from accord.core.errors import InputError

KINDS = ("date", "amount", "percentage", "number", "reference", "name")

MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    # Russian, nominative and genitive
    "январь": 1, "января": 1, "февраль": 2, "февраля": 2, "март": 3, "марта": 3, "апрель": 4,
    "апреля": 4, "май": 5, "мая": 5, "июнь": 6, "июня": 6, "июль": 7, "июля": 7, "август": 8,
    "августа": 8, "сентябрь": 9, "сентября": 9, "октябрь": 10, "октября": 10, "ноябрь": 11,
    "ноября": 11, "декабрь": 12, "декабря": 12,
}  # fmt: skip

# Currency words and signs -> ISO 4217 code.
CURRENCIES = {
    "usd": "USD", "us$": "USD", "$": "USD", "us dollars": "USD", "us dollar": "USD", "dollars": "USD",
    "долларов сша": "USD", "доллара сша": "USD", "доллар сша": "USD", "долл. сша": "USD",
    "долларов": "USD", "долл.": "USD", "美元": "USD",
    "eur": "EUR", "€": "EUR", "euro": "EUR", "euros": "EUR", "евро": "EUR", "欧元": "EUR",
    "cny": "CNY", "yuan": "CNY", "renminbi": "CNY", "юаней": "CNY", "юаня": "CNY", "юань": "CNY",
    "人民币": "CNY", "元": "CNY",
    "rub": "RUB", "roubles": "RUB", "rubles": "RUB", "рублей": "RUB", "рубля": "RUB", "рубль": "RUB",
    "卢布": "RUB",
}  # fmt: skip

SCALES = {
    "thousand": 10**3, "тыс.": 10**3, "тысяч": 10**3, "тысячи": 10**3, "тысяча": 10**3, "千": 10**3,
    "million": 10**6, "millions": 10**6, "млн": 10**6, "млн.": 10**6, "миллионов": 10**6,
    "миллиона": 10**6, "миллион": 10**6, "万": 10**4, "百万": 10**6,
    "billion": 10**9, "млрд": 10**9, "млрд.": 10**9, "миллиардов": 10**9, "миллиарда": 10**9,
    "миллиард": 10**9, "亿": 10**8,
}  # fmt: skip

_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

_FULLWIDTH = str.maketrans("０１２３４５６７８９％．，", "0123456789%.,")

# A number: digits with optional thousands groups (comma, space, no-break or thin space) and an optional
# decimal part (point, or comma followed by one or two digits); or a run of Chinese numerals.
_CN = "[零〇一二两三四五六七八九十百千]+"
# Chinese numerals count as a number only as an ordinal (第三) or before a measure word (三个, 五项): 一 is
# also part of ordinary words (进一步, 一致).
_NUM = (
    r"(?:\d{1,3}(?:(?:,|[ \u00a0\u202f])\d{3})+(?![\d])(?:\.\d+)?|\d+(?:[.,]\d+)?"
    rf"|(?<=第){_CN}|{_CN}(?=[个项名次届条位份]))"
)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_SCALE = rf"(?:\s*(?P<scale>{_alternation(SCALES)}))?"
_CUR = _alternation(CURRENCIES)

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("date", re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")),
    ("date", re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")),
    ("date", re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})")),
    ("date", re.compile(rf"(?P<d>\d{{1,2}})\s+(?P<mn>{_alternation(MONTHS)})\s*,?\s*(?P<y>\d{{4}})", re.I)),
    ("date", re.compile(rf"(?P<mn>{_alternation(MONTHS)})\s+(?P<d>\d{{1,2}})\s*,\s*(?P<y>\d{{4}})", re.I)),
    ("amount", re.compile(rf"(?P<cur>{_CUR})\s*(?P<n>{_NUM}){_SCALE}", re.I)),
    ("amount", re.compile(rf"(?P<n>{_NUM}){_SCALE}\s*(?P<cur>{_CUR})", re.I)),
    ("percentage", re.compile(rf"百分之(?P<n>\d+(?:\.\d+)?|{_CN})")),
    (
        "percentage",
        re.compile(rf"(?P<n>{_NUM})\s*(?:%|per\s*cent\b|percent\b|процент\w*|проц\.)", re.I),
    ),
    ("reference", re.compile(r"(?<![A-Za-z])(?P<kind>OP|PP)\s*(?P<n>\d+)(?!\d)")),
    (
        "reference",
        re.compile(
            r"(?P<word>paragraphs?|para\.|пункт\w*|п\.)\s*(?P<n>\d+)|第\s*(?P<zn>\d+|[一二三四五六七八九十]+)\s*[段款]",
            re.I,
        ),
    ),
    ("number", re.compile(rf"(?P<n>{_NUM}){_SCALE}", re.I)),
]


def chinese_number(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 三百零五 -> 305, 二〇二四 -> 2024 (digit by digit); None if not one."""
    if not text or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in text):
        return None
    if all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text)) if len(text) > 1 else _CN_DIGITS[text]
    total, digit = 0, None
    for c in text:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[c]
            digit = None
    return total + (digit or 0)


def parse_number(text: str) -> Decimal | None:
    """ "1,000" "1 000" "2.5" "2,5" "三" -> a Decimal; None if it is not a number."""
    text = text.translate(_FULLWIDTH).strip()
    cn = chinese_number(text)
    if cn is not None:
        return Decimal(cn)
    if re.fullmatch(r"\d{1,3}(?:(?:,|[ \u00a0\u202f])\d{3})+(?:\.\d+)?", text):
        text = re.sub(r"[, \u00a0\u202f]", "", text)
    elif re.fullmatch(r"\d+,\d{1,2}", text):
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _show(n: Decimal) -> str:
    n = n.normalize()
    return format(n, "f") if n == n.to_integral_value() or n.as_tuple().exponent >= -6 else str(n)


def _value(m: re.Match) -> Decimal | None:
    n = parse_number(m.group("n"))
    if n is None:
        return None
    scale = m.groupdict().get("scale")
    if scale:
        n *= SCALES[scale.lower()]
    return n


def _fact(kind: str, m: re.Match) -> str | None:
    g = m.groupdict()
    if kind == "date":
        month = MONTHS[g["mn"].lower()] if g.get("mn") else int(g["m"])
        day, year = int(g["d"]), int(g["y"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return f"{year:04d}-{month:02d}-{day:02d}"
    if kind == "reference":
        if g.get("kind"):
            return f"{g['kind']}{int(g['n'])}"
        n = int(g["n"]) if g.get("n") else chinese_number(g["zn"]) if not g["zn"].isdigit() else int(g["zn"])
        return f"paragraph {n}"
    value = _value(m)
    if value is None:
        return None
    if kind == "amount":
        return f"{CURRENCIES[g['cur'].lower()]} {_show(value)}"
    if kind == "percentage":
        return f"{_show(value)}%"
    return _show(value)


@dataclass(frozen=True)
class Names:
    """Names of states and bodies per language: key -> {language: [names]} (the organisation's data)."""

    table: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    def found(self, text: str, language: str) -> Counter:
        """The keys named in `text`, as written in `language` (or, without a name there, in any)."""
        seen: Counter = Counter()
        for key, by_language in self.table.items():
            names = by_language.get(language) or tuple(n for ns in by_language.values() for n in ns)
            if any(_name_pattern(n).search(text) for n in names if n):
                seen[key] += 1
        return seen


_CYRILLIC = re.compile(r"[а-яё]", re.I)
_PATTERN_CACHE: dict[str, re.Pattern] = {}


def _name_pattern(name: str) -> re.Pattern:
    """A name as a pattern: a Russian word may inflect (its last vowel, ь or й changes, an ending is added);
    a Latin name is matched as whole words; a Chinese name as it is."""
    got = _PATTERN_CACHE.get(name)
    if got is not None:
        return got
    if _CYRILLIC.search(name):
        parts = []
        for word in re.split(r"(\W+)", name):
            if not word or not word[0].isalnum():
                parts.append(r"\W+" if word.strip() == "" else re.escape(word))
                continue
            stem = word
            for _ in range(2):  # -ия, -ий, -ая: an ending of up to two letters may change
                if len(stem) > 3 and stem[-1].lower() in "аяоеёиыуюьй":
                    stem = stem[:-1]
            parts.append(re.escape(stem) + r"\w{0,4}")
        pattern = re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)", re.I)
    elif re.search(r"[A-Za-z]", name):
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.I)
    else:
        pattern = re.compile(re.escape(name))
    _PATTERN_CACHE[name] = pattern
    return pattern


@dataclass(frozen=True)
class Facts:
    """What a version says that must be the same in every version: kind -> multiset of normalised facts."""

    by_kind: Mapping[str, Counter]

    def of(self, kind: str) -> Counter:
        return self.by_kind.get(kind, Counter())


def facts(text: str, language: str = "", names: Names | None = None) -> Facts:
    """Dates, amounts, percentages, numbers and references in `text`, each read once (a date's day is not
    also a number), and the names it uses."""
    rest = (text or "").translate(_FULLWIDTH)
    found: dict[str, Counter] = {k: Counter() for k in KINDS}
    for kind, pattern in _PATTERNS:

        def take(m: re.Match, kind: str = kind) -> str:
            f = _fact(kind, m)
            if f is None:
                return m.group(0)
            found[kind][f] += 1
            return " " * len(m.group(0))

        rest = pattern.sub(take, rest)
    if names is not None:
        found["name"] = names.found(text or "", language)
    return Facts({k: v for k, v in found.items() if v})


@dataclass(frozen=True)
class Warning:
    """One disagreement of `language`'s version with the reference version, of one kind of fact."""

    kind: str  # a KINDS entry, or "term"
    language: str
    missing: tuple[str, ...] = ()  # in the reference version, not in this one
    extra: tuple[str, ...] = ()  # in this one, not in the reference
    against: str = ""  # the reference language

    @property
    def key(self) -> str:
        """A fingerprint, stable while the texts say the same: what a clearance is recorded against."""
        return f"{self.kind}:{self.language}:{'|'.join(self.missing)}:{'|'.join(self.extra)}"


def _expand(c: Counter) -> list[str]:
    return sorted(c.elements())


def align(
    versions: Mapping[str, str], names: Names | None = None, reference: str | None = None
) -> list[Warning]:
    """Every disagreement of each version with the reference one (the first given, by default); empty or
    blank versions are not compared (a missing version is a status, not a misalignment)."""
    present = {lang: text for lang, text in versions.items() if text and text.strip()}
    if not present:
        return []
    ref = reference if reference in present else next(iter(present))
    base = facts(present[ref], ref, names)
    warnings = []
    for lang, text in present.items():
        if lang == ref:
            continue
        other = facts(text, lang, names)
        for kind in KINDS:
            a, b = base.of(kind), other.of(kind)
            if a != b:
                warnings.append(
                    Warning(kind, lang, tuple(_expand(a - b)), tuple(_expand(b - a)), against=ref)
                )
    return warnings


@dataclass(frozen=True)
class Term:
    """A term of the terminology base: the preferred wording per language, the wordings to avoid, a source."""

    key: str
    preferred: Mapping[str, str]
    avoid: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = ""


def terminology(text: str, language: str, terms: Iterable[Term]) -> list[Warning]:
    """A warning per term whose non-preferred wording the version uses (`extra`: what it used, `missing`:
    the preferred wording)."""
    out = []
    for t in terms:
        used = tuple(w for w in t.avoid.get(language, ()) if w and _name_pattern(w).search(text or ""))
        if used:
            preferred = t.preferred.get(language, "")
            out.append(Warning("term", language, (preferred,) if preferred else (), used, against=t.key))
    return out


def check(
    versions: Mapping[str, str],
    names: Names | None = None,
    terms: Iterable[Term] = (),
    reference: str | None = None,
) -> list[Warning]:
    """Alignment and terminology warnings for the versions of one text."""
    terms = list(terms)
    out = align(versions, names, reference)
    for lang, text in versions.items():
        out.extend(terminology(text, lang, terms))
    return out


VersionStatus = str  # "missing" | "draft" | "verified"
STATUSES = ("missing", "draft", "verified")


def authentic(statuses: Mapping[str, VersionStatus], official: Iterable[str]) -> tuple[list[str], list[str]]:
    """(the official languages whose version is verified, those that are not): adoption needs the second
    list empty."""
    ok, missing = [], []
    for lang in official:
        (ok if statuses.get(lang) == "verified" else missing).append(lang)
    return ok, missing


@dataclass(frozen=True)
class Numbering:
    """An organisation's numbering of adopted texts: a pattern per body ({body}, {year}, {seq}) and a
    default pattern, with where it comes from."""

    pattern: str = "{body}-{year}-{seq}"
    bodies: Mapping[str, str] = field(default_factory=dict)
    source: str = ""

    def number(self, body: str, year: int, seq: int) -> str:
        """The official number of the `seq`-th text a body adopts in `year`: CHS-2024-1."""
        return self.bodies.get(body, self.pattern).format(body=body, year=year, seq=seq)


def frbr_number(number: str) -> str:
    """An official number as an FRBR URI component: lower case, every other character a hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", number.lower()).strip("-") or "1"


def parse_texts_data(document: Mapping, where: str = "texts.json") -> tuple[Numbering, list[Term]]:
    """An organisation's texts.json ({"numbering": {...}, "terms": [...]}); errors name row and field."""
    if not isinstance(document, Mapping):
        raise InputError(where, "must be an object")
    n = document.get("numbering") or {}
    pattern = n.get("pattern", "{body}-{year}-{seq}")
    for name, p in [("pattern", pattern), *((f"bodies.{k}", v) for k, v in (n.get("bodies") or {}).items())]:
        if not isinstance(p, str) or "{seq}" not in p:
            raise InputError(f"{where}.numbering.{name}", "a pattern must contain {seq}")
        try:
            p.format(body="B", year=2000, seq=1)
        except (KeyError, IndexError, ValueError) as exc:
            raise InputError(f"{where}.numbering.{name}", f"unknown placeholder {exc}") from exc
    numbering = Numbering(pattern, dict(n.get("bodies") or {}), str(n.get("source", "")))
    terms = []
    for i, row in enumerate(document.get("terms") or []):
        at = f"{where}.terms[{i}]"
        key, preferred, source = row.get("key"), row.get("preferred"), row.get("source")
        if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9-]+", key):
            raise InputError(f"{at}.key", "lower-case letters, digits and hyphens")
        if not isinstance(preferred, Mapping) or not preferred:
            raise InputError(f"{at}.preferred", "a wording per language")
        if not isinstance(source, str) or not source.strip():
            raise InputError(f"{at}.source", "every term says where its wording comes from")
        avoid = row.get("avoid") or {}
        if not isinstance(avoid, Mapping) or any(not isinstance(v, list) for v in avoid.values()):
            raise InputError(f"{at}.avoid", "a list of wordings per language")
        terms.append(Term(key, dict(preferred), {k: tuple(v) for k, v in avoid.items()}, source))
    return numbering, terms

"""Reference organisations as data (``accord/data/<code>/*.json`` or any folder), loaded into typed records.

Pure: no Django. Everything organisation-specific lives in the data folder; adding another
organisation means adding a folder with the same six files (docs/reference-data.md), and optionally
chairmanships.json for rotations whose terms are calendar years. Modules: records (the typed records),
rows (typed JSON access naming the failing field), parse (validation), folders (finding and reading).

- organisation.json  code, name, founded, languages, collation_language, timezone, secretariat_city,
                     statuses (the status kinds; "member" must be one), sources
- states.json        [{code (ISO 3166-1 alpha-2), name, collation {lang: what the name sorts as,
                      e.g. pinyin for Chinese} | absent, source, secondary}]
- statuses.json      [{state, status, start, end (last day, inclusive; null = ongoing), source, ...}]
- bodies.json        [{code, name, abbreviation {lang: text} (any of the languages) | absent,
                      meets {text {lang: text}, min_per_year} | null, chair | null, source, ...}]
                     chair: {"rule": "rotation", "rotation": BODY, "term": "between_sessions" |
                     "calendar_year" (optional)} | {"rule": "follows", "body": BODY}
- sessions.json      [{body, number, year, host, city, start, end, status, regular, format, source, ...}],
                     in chronological order per body; dates null while not announced; only
                     regular sessions (the default) hand a rotating chair over
- offices.json       {"offices": [{code, name, body, kind, term_years, renewable, rule, source}],
                      "terms": [{office, holder, state, start, end, source, ...}]}; a "chair" office's
                     terms come from its body's chair rule, an "appointed" office's are listed
- chairmanships.json (optional) [{rotation, year, state, status (held|announced|forgone), instead_of,
                      source, ...}]: the record of calendar-year rotations

Rows with a source may carry "secondary" (the fact was read only in a paraphrase); dated rows
(statuses, sessions, office terms) may carry "approximate" (a date stands in for an unknown exact
one; the source says which). Names are {language: text} for every language of the organisation.
Unknown fields are errors. Errors name the file, row and field: ``sessions.json[3].host``.
"""

from accord.core.reference.folders import available_references, load_reference, load_reference_folder
from accord.core.reference.parse import parse_reference
from accord.core.reference.records import (
    DECISION_RULES,
    FILES,
    MEMBER,
    OPTIONAL_FILES,
    Body,
    Chairmanship,
    DecisionRule,
    Meets,
    Names,
    Office,
    OfficeKind,
    OfficeTerm,
    Organisation,
    Reference,
    Session,
    SessionFormat,
    SessionStatus,
    State,
    StatusInterval,
)

__all__ = [
    "DECISION_RULES",
    "FILES",
    "MEMBER",
    "OPTIONAL_FILES",
    "Body",
    "Chairmanship",
    "DecisionRule",
    "Meets",
    "Names",
    "Office",
    "OfficeKind",
    "OfficeTerm",
    "Organisation",
    "Reference",
    "Session",
    "SessionFormat",
    "SessionStatus",
    "State",
    "StatusInterval",
    "available_references",
    "load_reference",
    "load_reference_folder",
    "parse_reference",
]

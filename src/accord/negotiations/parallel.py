"""Reads for the equally authentic texts: which languages a draft has, its versions, their checks
(core.texts), and whether the adopted text is verified in every official language.

The draft's own fields (`Draft.title`, `Option.text`, `Statement.text`) are the working language (WORKING,
English): the text the delegations negotiate. Every other language the organisation declares official
has a TextVersion per text. A fixed number of queries per call, whatever the draft's size.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources

from django.utils.translation import gettext

from accord.core import texts as core
from accord.orgs.actions import LANGS
from accord.orgs.models import Body, Organisation, State

from .models import (
    ClearedWarning,
    Draft,
    Option,
    OptionVersion,
    Provision,
    Statement,
    Term,
    TextVersion,
    TextVersionChange,
)

WORKING = "en"  # the language of Draft.title, Option.text and Statement.text


def version_languages(org: Organisation) -> list[str]:
    """The official languages other than the working one: the versions each text needs (SCO: ru, zh)."""
    return [lang for lang in org.official_languages if lang != WORKING and lang in LANGS]


def columns(org: Organisation) -> list[str]:
    """Every language a text is shown in, the working one first (SCO: en, ru, zh)."""
    return [WORKING, *version_languages(org)]


def option_key(option: Option | int) -> str:
    return f"option:{option if isinstance(option, int) else option.pk}"


def statement_key(statement: Statement | int) -> str:
    return f"statement:{statement if isinstance(statement, int) else statement.pk}"


def names(org: Organisation) -> core.Names:
    """The organisation's states and bodies by code, with their names (and abbreviations) per language."""
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for s in State.objects.filter(statuses__organisation=org).distinct():
        table[s.code] = {lang: (getattr(s, f"name_{lang}"),) for lang in LANGS if getattr(s, f"name_{lang}")}
    for b in Body.objects.filter(organisation=org):
        table[b.code] = {
            lang: tuple(n for n in (getattr(b, f"name_{lang}"), getattr(b, f"abbreviation_{lang}", "")) if n)
            for lang in LANGS
            if getattr(b, f"name_{lang}")
        }
    return core.Names(table)


def terms(org: Organisation) -> list[core.Term]:
    return [
        core.Term(t.key, t.preferred, {k: tuple(v) for k, v in (t.avoid or {}).items()}, t.source)
        for t in Term.objects.filter(organisation=org)
    ]


@dataclass
class Row:
    """One text of the draft across languages: what the side-by-side view shows in a line."""

    key: str
    label: str  # "Title", "OP1 A", a statement's state
    provision: str = ""  # provision label ("" for the title and statements)
    texts: dict[str, str] = field(default_factory=dict)  # language -> text ("" = missing)
    versions: dict[str, TextVersion] = field(default_factory=dict)
    previous: dict[str, str] = field(default_factory=dict)  # language -> text at the end of the last round
    warnings: list[core.Warning] = field(default_factory=list)
    cleared: list[core.Warning] = field(default_factory=list)

    def status(self, lang: str) -> str:
        if lang == WORKING:
            return "working" if self.texts.get(lang) else "missing"  # the negotiated text itself
        v = self.versions.get(lang)
        if v is None or not v.text.strip():
            return "missing"
        return v.status

    def changed(self, lang: str) -> bool:
        """The text differs from what it was at the end of the last round."""
        return lang in self.previous and self.previous[lang] != self.texts.get(lang, "")


def rows(draft: Draft, *, statements: bool = True) -> list[Row]:
    """The title, every live option (in provision order) and the statements on record, each with its
    versions, its text at the end of the last round, and its checks."""
    org = draft.organisation
    out = [Row("title", gettext("Title"), texts={WORKING: draft.title})]
    provisions = {p.pk: p for p in Provision.objects.filter(draft=draft, removed_round__isnull=True)}
    options = [
        o
        for o in Option.objects.filter(provision__draft=draft, removed_round__isnull=True, delete=False)
        if o.provision_id in provisions
    ]
    order = {pk: i for i, pk in enumerate(provisions)}
    options.sort(key=lambda o: (order[o.provision_id], o.letter))
    for o in options:
        p = provisions[o.provision_id]
        out.append(Row(option_key(o), f"{p.label} {o.letter}", p.label, texts={WORKING: o.text}))
    if statements and hasattr(draft, "adoption"):
        for s in Statement.objects.filter(adoption__draft=draft).select_related("state"):
            out.append(
                Row(
                    statement_key(s),
                    f"{s.state.code} ({s.get_kind_display()})",
                    s.provision,
                    {WORKING: s.text},
                )
            )
    by_key = {r.key: r for r in out}
    versions = list(TextVersion.objects.filter(draft=draft))
    for v in versions:
        r = by_key.get(v.key)
        if r is not None:
            r.versions[v.language] = v
            r.texts[v.language] = v.text
    # The text at the end of the last round: the latest change before the current round.
    before = {}
    for c in TextVersionChange.objects.filter(version__draft=draft, round__lt=draft.round).select_related(
        "version"
    ):
        before[(c.version.key, c.version.language)] = c.text
    for ov in OptionVersion.objects.filter(option__provision__draft=draft, round__lt=draft.round):
        before[(option_key(ov.option_id), WORKING)] = ov.text  # ordered by round: the last one wins
    for (key, lang), text in before.items():
        if key in by_key:
            by_key[key].previous[lang] = text
    cleared = set(ClearedWarning.objects.filter(draft=draft).values_list("key", "warning"))
    table, glossary = names(org), terms(org)
    langs = columns(org)
    for r in out:
        for w in core.check({lang: r.texts.get(lang, "") for lang in langs}, table, glossary, WORKING):
            (r.cleared if (r.key, w.key) in cleared else r.warnings).append(w)
    return out


def adopted_keys(draft: Draft, package: dict[str, str]) -> dict[str, str]:
    """The texts an adoption of `package` makes authentic: key -> label (the title and each chosen option)."""
    keys = {"title": gettext("Title")}
    for o in Option.objects.filter(
        provision__draft=draft,
        provision__removed_round__isnull=True,
        removed_round__isnull=True,
        delete=False,
    ).select_related("provision"):
        if package.get(o.provision.label) == o.letter:
            keys[option_key(o)] = f"{o.provision.label} {o.letter}"
    return keys


def unverified(draft: Draft, package: dict[str, str]) -> list[tuple[str, str, str]]:
    """(label, language, status) for every official-language version of the adopted text that is not
    verified (missing, draft, or to be re-checked); empty when the text may be adopted."""
    langs = version_languages(draft.organisation)
    if not langs:
        return []
    keys = adopted_keys(draft, package)
    have = {
        (v.key, v.language): v
        for v in TextVersion.objects.filter(draft=draft, key__in=list(keys), language__in=langs)
    }
    out = []
    for key, label in keys.items():
        for lang in langs:
            v = have.get((key, lang))
            if v is None or not v.text.strip():
                out.append((label, lang, "missing"))
            elif v.status != "verified" or v.needs_recheck:
                out.append((label, lang, "to be re-checked" if v.needs_recheck else v.status))
    return out


def refusal(missing: list[tuple[str, str, str]]) -> str:
    """The adoption refusal, naming every version that is not verified."""
    parts = ", ".join(
        gettext("%(text)s in %(language)s (%(status)s)")
        % {"text": label, "language": lang, "status": gettext(status)}
        for label, lang, status in missing
    )
    return gettext("not every official-language version of the text is verified: %(missing)s") % {
        "missing": parts
    }


def versions_of(draft: Draft, key: str) -> dict[str, TextVersion]:
    return {v.language: v for v in TextVersion.objects.filter(draft=draft, key=key)}


def in_language(draft: Draft, key: str, language: str, working: str) -> str:
    """A text in `language` (its version), the working-language text for WORKING."""
    if language == WORKING:
        return working
    v = TextVersion.objects.filter(draft=draft, key=key, language=language).first()
    return v.text if v else ""


def texts_data(org: Organisation) -> tuple[core.Numbering, list[core.Term]]:
    """The organisation's shipped texts.json (numbering scheme and terminology); defaults without one."""
    entry = resources.files("accord.data").joinpath(org.code, "texts.json")
    if not entry.is_file():
        return core.Numbering(), []
    return core.parse_texts_data(json.loads(entry.read_text(encoding="utf-8")), f"{org.code}/texts.json")

"""The equally authentic texts: versions written and verified by the language service, warnings cleared,
the terminology base kept (accord.core.texts checks them; negotiations.parallel reads them)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from accord.audit.log import record
from accord.base import clock, validators
from accord.core import texts as core
from accord.core.errors import Conflict, InputError
from accord.orgs.models import Organisation
from accord.orgs.permissions import Actor, require

from .. import parallel
from ..events import NegotiationsEvent
from ..models import ClearedWarning, Draft, Option, Statement, Term, TextVersion, TextVersionChange
from ._shared import _who


def _target(draft: Draft, key: str) -> tuple[Option | None, Statement | None]:
    """The option or statement a key names, of this draft; bad input (422) otherwise."""
    kind, _, pk = key.partition(":")
    if key == "title":
        return None, None
    if kind == "option" and pk.isdigit():
        o = Option.objects.filter(pk=int(pk), provision__draft=draft).select_related("provision").first()
        if o is not None and not o.delete:
            return o, None
    if kind == "statement" and pk.isdigit():
        s = Statement.objects.filter(pk=int(pk), adoption__draft=draft).first()
        if s is not None:
            return None, s
    raise InputError("key", gettext("unknown text %(key)s") % {"key": repr(key)})


def _language(draft: Draft, language: str) -> str:
    langs = parallel.version_languages(draft.organisation)
    if language not in langs:
        raise InputError(
            "language",
            gettext("must be one of %(values)s") % {"values": ", ".join(langs) or "-"},
        )
    return language


def _writable(draft: Draft, key: str) -> None:
    """The title and options are the text under negotiation: frozen with it (under silence, adopted,
    withdrawn); a statement on record is written after adoption."""
    if not key.startswith("statement:") and draft.frozen:
        raise Conflict(
            gettext("the draft is %(state)s: its text is frozen in every language")
            % {"state": gettext(draft.state)}
        )


def _mark_recheck(draft: Draft, key: str, *, except_language: str | None = None) -> int:
    """Another language's text changed: every version of `key` with a text is to be re-checked (a verified
    one goes back to draft). In the caller's transaction and audit event."""
    qs = TextVersion.objects.filter(draft=draft, key=key).exclude(text="")
    if except_language:
        qs = qs.exclude(language=except_language)
    return qs.update(needs_recheck=True, status="draft")


def write_version(actor: Actor | None, draft: Draft, key: str, language: str, text: str) -> TextVersion:
    """The text `key` ("title", "option:<id>", "statement:<id>") in `language`: a draft version; the other
    languages' versions are marked to be re-checked."""
    require(actor, "text.translate")
    draft = Draft.objects.select_related("organisation").get(pk=draft.pk)
    language = _language(draft, language)
    option, statement = _target(draft, key)
    _writable(draft, key)
    title = key == "title"
    text = validators.text(
        text, "text", max_length=300 if title else 10000, multiline=not title, required=False
    )
    now = clock.now()
    with transaction.atomic():
        v, _ = TextVersion.objects.select_for_update().get_or_create(
            draft=draft,
            key=key,
            language=language,
            defaults={"option": option, "statement": statement, "updated_at": now, "round": draft.round},
        )
        before = v.text
        v.text = text
        v.status = "draft" if text.strip() else "missing"
        v.needs_recheck = False
        v.verified_by, v.verified_at = None, None
        v.round, v.updated_at = draft.round, now
        v.save()
        TextVersionChange.objects.create(version=v, round=draft.round, text=text, at=now)
        if before.strip() and before != text:  # a first translation changes no one's reading
            _mark_recheck(draft, key, except_language=language)
        record(
            NegotiationsEvent.TEXT_VERSION,
            actor=actor,
            target=v,
            payload={"draft": draft.pk, "key": key, "language": language, "before": before, "after": text},
        )
    return v


def verify_version(actor: Actor | None, draft: Draft, key: str, language: str) -> TextVersion:
    """The language service confirms that the version says what the working text says."""
    require(actor, "text.verify")
    draft = Draft.objects.select_related("organisation").get(pk=draft.pk)
    language = _language(draft, language)
    _target(draft, key)
    if not key.startswith("statement:") and draft.state in ("adopted", "withdrawn"):
        raise Conflict(
            gettext("the draft is %(state)s: its versions are closed") % {"state": gettext(draft.state)}
        )
    with transaction.atomic():
        v = TextVersion.objects.select_for_update().filter(draft=draft, key=key, language=language).first()
        if v is None or not v.text.strip():
            raise InputError("text", gettext("there is no text in this language to verify"))
        v.status, v.needs_recheck = "verified", False
        v.verified_by, v.verified_at = _who(actor), clock.now()
        v.save(update_fields=["status", "needs_recheck", "verified_by", "verified_at"])
        record(
            NegotiationsEvent.TEXT_VERIFY,
            actor=actor,
            target=v,
            payload={"draft": draft.pk, "key": key, "language": language},
        )
    return v


def clear_warning(
    actor: Actor | None, draft: Draft, key: str, warning: str, note: str = ""
) -> ClearedWarning:
    """The language service looked at an alignment or terminology warning and finds the texts agree."""
    require(actor, "text.verify")
    _target(draft, key)
    live = {w.key for r in parallel.rows(draft) if r.key == key for w in r.warnings}
    if warning not in live:
        raise InputError("warning", gettext("no such warning on this text"))
    note = validators.text(note, "note", max_length=300, required=False)
    with transaction.atomic():
        c = ClearedWarning.objects.create(
            draft=draft, key=key, warning=warning, by=_who(actor), at=clock.now(), note=note
        )
        record(
            NegotiationsEvent.TEXT_WARNING_CLEAR,
            actor=actor,
            target=c,
            payload={"draft": draft.pk, "key": key, "warning": warning, "note": note},
        )
    return c


def edit_term(
    actor: Actor | None,
    org: Organisation,
    key: str,
    *,
    preferred: dict[str, str],
    avoid: dict[str, list[str]] | None = None,
    source: str,
) -> Term:
    """A term of the terminology base, new or changed: its preferred wording per language, the wordings
    to avoid, and its source."""
    require(actor, "terms.manage")
    _, parsed = core.parse_texts_data(
        {"terms": [{"key": key, "preferred": preferred, "avoid": avoid or {}, "source": source}]}, "term"
    )
    t = parsed[0]
    with transaction.atomic():
        term, created = Term.objects.update_or_create(
            organisation=org,
            key=t.key,
            defaults={
                "preferred": dict(t.preferred),
                "avoid": {k: list(v) for k, v in t.avoid.items()},
                "source": t.source,
            },
        )
        record(
            NegotiationsEvent.TERM_EDIT,
            actor=actor,
            target=term,
            payload={"key": t.key, "preferred": dict(t.preferred), "created": created},
        )
    return term


def load_terms(actor: Actor | None, org: Organisation) -> int:
    """The terminology base from the organisation's data file; a term the language service changed keeps
    its wording (only new terms are added). Running it twice changes nothing."""
    require(actor, "terms.manage")
    _, parsed = parallel.texts_data(org)
    with transaction.atomic():
        have = set(Term.objects.filter(organisation=org).values_list("key", flat=True))
        new = [t for t in parsed if t.key not in have]
        Term.objects.bulk_create(
            [
                Term(
                    organisation=org,
                    key=t.key,
                    preferred=dict(t.preferred),
                    avoid={k: list(v) for k, v in t.avoid.items()},
                    source=t.source,
                )
                for t in new
            ]
        )
        record(
            NegotiationsEvent.TERM_LOAD,
            actor=actor,
            target=org,
            payload={"added": [t.key for t in new]},
        )
    return len(new)

"""The equally authentic texts side by side: two or three language columns aligned provision by
provision, with the alignment and terminology warnings at each text; the language service writes and
verifies versions and clears warnings there. Printable."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.errors import Conflict, InputError
from accord.orgs.permissions import allowed
from accord.orgs.queries import organisation, request_actor

from .. import actions, exports, parallel
from ..models import Adoption, Term
from ._shared import _draft, attempt

LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "zh": "中文"}


def _kind_words() -> dict[str, str]:
    return {
        "date": _("dates"),
        "amount": _("amounts"),
        "percentage": _("percentages"),
        "number": _("numbers"),
        "reference": _("cross-references"),
        "name": _("names of states and bodies"),
        "term": _("terminology"),
    }


def _explain(w) -> str:
    if w.kind == "term":
        return _("non-preferred term %(used)s (preferred: %(preferred)s)") % {
            "used": ", ".join(w.extra),
            "preferred": ", ".join(w.missing) or "-",
        }
    parts = []
    if w.missing:
        parts.append(_("missing %(facts)s") % {"facts": ", ".join(w.missing)})
    if w.extra:
        parts.append(
            _("not in %(language)s: %(facts)s") % {"language": w.against, "facts": ", ".join(w.extra)}
        )
    return _("%(kind)s differ from %(language)s: %(details)s") % {
        "kind": _kind_words().get(w.kind, w.kind),
        "language": w.against,
        "details": "; ".join(parts),
    }


def languages(request, org, pk, errors=None, status=200):
    """The draft's texts side by side (`?cols=en,ru` to choose the columns)."""
    o, actor, d = _draft(request, org, pk)
    every = parallel.columns(o)
    asked = [c for c in request.GET.get("cols", "").split(",") if c in every]
    cols = asked if len(asked) >= 2 else every
    rows = parallel.rows(d)
    lines = []
    for r in rows:
        cells = []
        for lang in cols:
            cells.append(
                {
                    "lang": lang,
                    "text": r.texts.get(lang, ""),
                    "status": r.status(lang),
                    "recheck": bool(r.versions.get(lang) and r.versions[lang].needs_recheck),
                    "version": r.versions.get(lang),
                    "changed": r.changed(lang),
                    "previous": r.previous.get(lang, ""),
                    "warnings": [
                        {"key": w.key, "text": _explain(w)} for w in r.warnings if w.language == lang
                    ],
                    "error": (errors or {}).get((r.key, lang)),
                    "typed": (errors or {}).get((r.key, lang, "typed")),
                    "writable": lang != parallel.WORKING and (not d.frozen or r.key.startswith("statement:")),
                }
            )
        lines.append({"row": r, "cells": cells, "cleared": [_explain(w) for w in r.cleared]})
    adoption = Adoption.objects.filter(draft=d).first()
    return render(
        request,
        "negotiations/languages.html",
        {
            "org": o,
            "draft": d,
            "cols": [{"code": c, "name": LANGUAGE_NAMES.get(c, c)} for c in cols],
            "every": every,
            "lines": lines,
            "can_translate": allowed(actor, "text.translate"),
            "can_verify": allowed(actor, "text.verify"),
            "adoption": adoption,
            "akn_languages": exports.languages(adoption) if adoption else [],
            "official": o.official_languages,
            "cols_param": ",".join(cols),
        },
        status=status,
    )


def _back(request, org, pk):
    url = reverse("negotiations:languages", kwargs={"org": org, "pk": pk})
    cols = request.POST.get("cols", "")
    return redirect(f"{url}?cols={cols}" if cols else url)


@require_POST
def write_version(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    key, lang, text = (
        request.POST.get("key", ""),
        request.POST.get("language", ""),
        request.POST.get("text", ""),
    )
    try:
        actions.write_version(actor, d, key, lang, text)
    except InputError as exc:
        return languages(request, org, pk, {(key, lang): exc.message, (key, lang, "typed"): text}, status=422)
    except Conflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Version saved: the other languages are to be re-checked."))
    return _back(request, org, pk)


@require_POST
def verify_version(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    if attempt(
        request,
        actions.verify_version,
        actor,
        d,
        request.POST.get("key", ""),
        request.POST.get("language", ""),
    )[0]:
        messages.success(request, _("Version verified."))
    return _back(request, org, pk)


@require_POST
def clear_warning(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    post = request.POST
    if attempt(
        request,
        actions.clear_warning,
        actor,
        d,
        post.get("key", ""),
        post.get("warning", ""),
        post.get("note", ""),
    )[0]:
        messages.success(request, _("Warning cleared."))
    return _back(request, org, pk)


def terms(request, org, errors=None, typed=None, status=200):
    """The organisation's terminology base: each term's preferred wording per language, the wordings to
    avoid, and its source; the language service adds or changes a term here."""
    o = organisation(org)
    actor = request_actor(request, o)
    if not allowed(actor, "documents.view"):
        raise PermissionDenied(_("Sign in as a member of the organisation to see its terminology."))
    return render(
        request,
        "negotiations/terms.html",
        {
            "org": o,
            "terms": Term.objects.filter(organisation=o),
            "langs": parallel.columns(o),
            "can_edit": allowed(actor, "terms.manage"),
            "errors": errors or {},
            "typed": typed or {},
            "fields": [
                {
                    "lang": lang,
                    "preferred": (typed or {}).get(f"preferred_{lang}", ""),
                    "avoid": (typed or {}).get(f"avoid_{lang}", ""),
                }
                for lang in parallel.columns(o)
            ],
        },
        status=status,
    )


@require_POST
def edit_term(request, org):
    o = organisation(org)
    actor = request_actor(request, o)
    langs = parallel.columns(o)
    preferred = {lang: request.POST.get(f"preferred_{lang}", "").strip() for lang in langs}
    avoid = {
        lang: [w.strip() for w in request.POST.get(f"avoid_{lang}", "").split(";") if w.strip()]
        for lang in langs
    }
    try:
        actions.edit_term(
            actor,
            o,
            request.POST.get("key", "").strip(),
            preferred={k: v for k, v in preferred.items() if v},
            avoid={k: v for k, v in avoid.items() if v},
            source=request.POST.get("source", ""),
        )
    except InputError as exc:
        field = exc.field.rsplit(".", 1)[-1]
        return terms(request, org, {field: exc.message}, dict(request.POST.items()), status=422)
    messages.success(request, _("Term saved."))
    return redirect("negotiations:terms", org=org)

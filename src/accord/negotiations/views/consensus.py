"""The drafts and the consensus map (polled by htmx, also as CSV), with the stances and comments on it."""

from __future__ import annotations

import csv
import json
from collections import OrderedDict

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.http import parse_etags, quote_etag
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext
from django.views.decorators.http import require_POST

from accord.base import clock
from accord.core.errors import Conflict, InputError
from accord.orgs.permissions import allowed
from accord.orgs.queries import organisation, request_actor

from .. import actions, queries
from ..models import Adoption, Draft, StanceKind
from ._shared import _draft

STANCE_KINDS = ["support", "accept", "dissociate", "reserve", "object"]

# Each cell of the consensus map shows a sign, the same in every language; the legend and the cell's
# title name the stance in the reader's language.
STANCE_SYMBOLS = {"support": "★", "accept": "✓", "dissociate": "≠", "reserve": "?", "object": "✗"}


def index(request, org):
    o = organisation(org)
    actor = request_actor(request, o)
    drafts = list(queries.visible_drafts(o, actor))
    return render(request, "negotiations/index.html", {"org": o, "drafts": drafts})


def _map_etag(request, pk: int, version: int) -> str:
    """The map fragment's entity tag: the draft's version, today (whose members the map shows) and the
    language, signed for the signed-in person. Only a person shown that map today holds a matching tag,
    so a poll answers 304 on the draft's version alone (no text, stances or permissions read); anything
    else takes the full path, visibility check included."""
    basis = f"{request.user.pk}:{pk}:{version}:{clock.today().isoformat()}:{get_language()}"
    return quote_etag(salted_hmac("accord.negotiations.map", basis).hexdigest()[:32])


def _map_headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


# The map's part of the page as every reader sees it, by (draft, version, day, language): rendered once
# per change and language (queries.mapped holds the same rule for the text and the map). Each provision's
# parts (its map row, its clean text) are kept with the objects they were made from: the next version
# renders again only the provisions whose row or text changed (after a stance change, one row).
_PAGES: OrderedDict[tuple, dict] = OrderedDict()


def _status_words() -> dict[str, str]:
    return {k: escape(pgettext("consensus status", k)) for k in ("agreed", "open", "blocked")}


def _map_row(p, row, text: str, member_codes, kind_labels, words, breaks, width: int) -> str:
    """One provision's row of the map (and the silence breaks on it), as _map.html showed it."""
    label = escape(p.label)
    status = row.status if row else ""
    badge = f'<span class="badge {status}">{words.get(status, "")}</span>'
    if row and row.agreed_option:
        badge += f" {escape(row.agreed_option)}"
    if row and row.blocked_by:
        badge += f' <span class="muted">{escape(gettext("by"))} {escape(", ".join(row.blocked_by))}</span>'
    cells = "".join(
        f'<td class="cell {kind}{" blocking" if row and code in row.blocked_by else ""}" '
        f'data-state="{esc}" data-provision="{label}" '
        f'title="{esc}: {kind_labels[kind]}">{STANCE_SYMBOLS[kind]}</td>'
        for code, esc in member_codes
        for kind in [row.cells.get(code, "accept") if row else "accept"]
    )
    html = (
        f'\n      <tr id="row-{label}"><th scope="row" title="{escape(text)}">{label}</th>\n'
        f"        <td>{badge}</td>\n        {cells}\n      </tr>"
    )
    if breaks:
        html += render_to_string(
            "negotiations/_map_breaks.html", {"breaks": breaks, "label": p.label, "width": width}
        )
    return html


def _clean_row(p, agreed) -> str:
    if agreed is not None and agreed.delete:
        return ""
    body = (
        escape(agreed.text)
        if agreed is not None and agreed.text
        else f'<span class="muted">({escape(gettext("not agreed yet"))})</span>'
    )
    return f"<p><strong>{escape(p.label)}</strong> {body}</p>"


def _computed_map(draft) -> dict:
    lang = get_language()
    key = (draft.pk, draft.version, queries.draft_day(draft), lang)
    if (hit := _PAGES.get(key)) is not None:
        _PAGES.move_to_end(key)
        return hit
    entry = queries.mapped_entry(draft)
    text, status = entry.text, entry.status
    # The last rendering of this draft on this day in this language, whose parts are reused where the
    # objects they were made from are the very same (the text's, the row's, the breaks').
    before = next(
        (v for k, v in reversed(_PAGES.items()) if k[0] == draft.pk and k[2] == entry.day and k[3] == lang),
        None,
    )
    same_text = before is not None and before["text"].provisions is text.provisions
    parts = before["parts"] if before is not None else {}
    by_label = {row.provision: row for row in status.provisions}
    kind_labels = {k: escape(str(v)) for k, v in StanceKind.choices}
    member_codes = [(m.code, escape(m.code)) for m in text.members]
    words = _status_words()
    width = len(text.members) + 2
    silence = queries.latest_silence(draft)
    breaks = queries.breaks_by_provision(draft, silence)
    rows, new_parts, map_rows, clean_rows = [], {}, [], []
    for item in before["bracketed"] if same_text else queries.bracketed(text):
        p = item["provision"]
        row = by_label.get(p.label)
        mine = breaks.get(p.label, [])
        made = (row, [b.pk for b in mine])
        old = parts.get(p.pk) if same_text else None
        if old is not None and old[0] is row and old[1] == made[1]:
            html, clean_html = old[2], old[3]
        else:
            html = _map_row(p, row, item["text"], member_codes, kind_labels, words, mine, width)
            agreed = next((o for o in item["options"] if row and o.letter == row.agreed_option), None)
            clean_html = _clean_row(p, agreed)
        new_parts[p.pk] = (row, made[1], html, clean_html)
        map_rows.append(html)
        clean_rows.append(clean_html)
        rows.append({**item, "row": row, "breaks": mine})
    computed = {
        "text": text,
        "status": status,
        "rows": rows,
        "bracketed": before["bracketed"] if same_text else [r for r in rows],
        "parts": new_parts,
        "members": text.members,
        "legend": [(kind, STANCE_SYMBOLS[kind], label) for kind, label in StanceKind.choices],
        # Opening, breaking and settling a silence move the version on too.
        "silence": silence,
        "text_breaks": breaks.get("", []),
        "rows_html": mark_safe("".join(map_rows)),
        "clean_html": mark_safe("".join(clean_rows)),
    }
    computed["map_html"] = render_to_string("negotiations/_map.html", computed)
    if same_text:
        computed["choices_html"] = before["choices_html"]
        computed["compiled_html"] = before["compiled_html"]
    else:
        computed["choices_html"] = render_to_string("negotiations/_choices.html", computed)
        computed["compiled_html"] = mark_safe(
            "".join(
                f"<p><strong>{escape(r['provision'].label)}</strong> {escape(r['text'])}</p>" for r in rows
            )
        )
    computed["texts_html"] = render_to_string("negotiations/_texts.html", computed)
    _PAGES[key] = computed
    while len(_PAGES) > queries.MAPS_KEPT:
        _PAGES.popitem(last=False)
    return computed


def _grid(request, o, draft):
    """What the polled map fragment (_map_poll.html) shows; the ETag is taken before the stances are read,
    so a change made meanwhile makes the next poll fetch again."""
    etag = _map_etag(request, draft.pk, draft.version)
    return {
        **_computed_map(draft),
        "org": o,
        "draft": draft,
        "map_etag": etag,
        "map_headers": json.dumps({"If-None-Match": etag}),
    }


def _map_context(request, o, actor, draft):
    grid = _grid(request, o, draft)
    text = grid["text"]
    mine = sorted(s for s in actor.states_with(frozenset({"head", "delegate"})) if s in text.member_codes)
    silence = grid["silence"]
    return {
        **grid,
        "my_states": mine,
        "stance_kinds": STANCE_KINDS,
        "can_solve": allowed(actor, "package.solve", body=draft.body.code),
        "can_stance": bool(mine) and not draft.frozen,
        "can_open_silence": allowed(actor, "silence.open", body=draft.body.code)
        and draft.state == "negotiation",
        "can_adopt": allowed(actor, "adoption.record", body=draft.body.code) and draft.state == "negotiation",
        "can_open_negotiation": allowed(actor, "adoption.record", body=draft.body.code)
        and draft.state == "drafting",
        "can_edit": allowed(actor, "draft.manage") and not draft.frozen,
        "silence_outcome": silence.outcome(clock.now()) if silence else None,
        "break_states": sorted(s for s in actor.states_with(frozenset({"head"})) if s in text.member_codes),
        "comment_states": sorted(actor.delegation_states & (actor.member_states | actor.partner_states)),
        "comments": list(draft.comments.select_related("state", "provision")),
        "adoption": Adoption.objects.filter(draft=draft).first(),
    }


def draft(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    return render(request, "negotiations/draft.html", _map_context(request, o, actor, d))


def map_fragment(request, org, pk):
    """The grid alone, for htmx polling: every few seconds the map shows the current stances. The poll
    sends the ETag it was given; while the draft's version is the same the answer is 304 (no swap)."""
    if request.user.is_authenticated and (sent := request.headers.get("If-None-Match")):
        version = (
            Draft.objects.filter(pk=pk, organisation__code=org).values_list("version", flat=True).first()
        )
        if version is not None and (etag := _map_etag(request, pk, version)) in parse_etags(sent):
            response = _map_headers(HttpResponseNotModified(), etag)
            response["HX-Reswap"] = "none"  # htmx 2 would otherwise swap the empty 304 body in
            return response
    o, actor, d = _draft(request, org, pk)
    grid = _grid(request, o, d)
    return _map_headers(render(request, "negotiations/_map_poll.html", grid), grid["map_etag"])


def map_csv(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    text, status = queries.mapped(d)
    resp = HttpResponse(content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="draft-{d.pk}-consensus-map.csv"'
    w = csv.writer(resp)
    w.writerow(["provision", "status", "agreed_option", "blocked_by", *text.member_codes])
    for row in status.provisions:
        w.writerow(
            [
                row.provision,
                row.status,
                row.agreed_option or "",
                " ".join(row.blocked_by),
                *(row.cells.get(m, "accept") for m in text.member_codes),
            ]
        )
    return resp


@require_POST
def stance(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    unless = []
    for cond in request.POST.getlist("unless"):
        if cond.strip():
            prov, _sep, opt = cond.strip().partition(" ")
            unless.append((prov, opt.strip()))
    given = actions.StanceInput(
        provision=request.POST.get("provision", ""),
        option=request.POST.get("option", ""),
        stance=request.POST.get("stance", ""),
        reason=request.POST.get("reason", ""),
        unless=tuple(unless),
    )
    try:
        actions.set_stance(actor, d, request.POST.get("state", ""), given)
    except (InputError, Conflict) as exc:
        if request.headers.get("HX-Request"):
            return HttpResponse(str(exc), status=422 if isinstance(exc, InputError) else 409)
        messages.error(request, str(exc))
    if request.headers.get("HX-Request"):
        return render(request, "negotiations/_map_poll.html", _grid(request, o, d))
    return redirect("negotiations:draft", org=org, pk=pk)


@require_POST
def comment(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    try:
        actions.post_comment(
            actor,
            d,
            request.POST.get("state", ""),
            request.POST.get("text", ""),
            request.POST.get("provision") or None,
        )
    except InputError as exc:
        messages.error(request, str(exc))
    return redirect("negotiations:draft", org=org, pk=pk)

"""The drafts and the consensus map (polled by htmx, also as CSV), with the stances and comments on it."""

from __future__ import annotations

import csv
import json
from collections import OrderedDict

from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
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

from .. import actions, forms, queries
from ..models import Adoption, Draft, StanceKind
from ..proposals import proposals_of, text_under_silence
from ._shared import _draft
from .drafting import tabling_states

STANCE_KINDS = ["support", "accept", "dissociate", "reserve", "object"]

# Each cell of the consensus map shows a sign, the same in every language; the legend and the cell's
# title name the stance in the reader's language.
STANCE_SYMBOLS = {"support": "★", "accept": "✓", "dissociate": "≠", "reserve": "?", "object": "✗"}


def index(request, org):
    o = organisation(org)
    actor = request_actor(request, o)
    drafts = list(queries.visible_drafts(o, actor))
    return render(
        request,
        "negotiations/index.html",
        {"org": o, "drafts": drafts, "can_create": allowed(actor, "draft.manage")},
    )


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


def _row_frame(text) -> tuple:
    """What every row of a map of `text` shares: the members' codes (raw and escaped), the stance and
    status words in the reader's language, and the row's width in cells."""
    member_codes = [(m.code, escape(m.code)) for m in text.members]
    kind_labels = {k: escape(str(v)) for k, v in StanceKind.choices}
    return member_codes, kind_labels, _status_words(), len(text.members) + 2


def _map_row(
    p, row, text: str, member_codes, kind_labels, words, breaks, width: int, silence_option=None, oob=False
):
    """One provision's row of the map (and the silence breaks on it). Under silence (`silence_option` not
    None: the option under silence, or "") the stances are frozen: the row shows the procedure, no blocks.
    `oob`: the row alone, to be swapped in by htmx out of band."""
    label = escape(p.label)
    status = row.status if row else ""
    blocks = row.blocked_by if row and silence_option is None else ()
    if silence_option is not None:
        under = escape(gettext("under silence"))
        badge = f'<span class="badge silence">{under}</span> {escape(silence_option)}'
    else:
        badge = f'<span class="badge {status}">{words.get(status, "")}</span>'
        if row and row.agreed_option:
            badge += f" {escape(row.agreed_option)}"
    if blocks:
        badge += f' <span class="muted">{escape(gettext("by"))} {escape(", ".join(blocks))}</span>'
    cells = "".join(
        f'<td class="cell {kind}{" blocking" if code in blocks else ""}" '
        f'data-state="{esc}" data-provision="{label}" '
        f'title="{esc}: {kind_labels[kind]}">{STANCE_SYMBOLS[kind]}</td>'
        for code, esc in member_codes
        for kind in [row.cells.get(code, "accept") if row else "accept"]
    )
    swap = ' hx-swap-oob="true"' if oob else ""
    html = (
        f'\n      <tr id="row-{label}"{swap}><th scope="row" title="{escape(text)}">{label}</th>\n'
        f"        <td>{badge}</td>\n        {cells}\n      </tr>"
    )
    if breaks:
        html += render_to_string(
            "negotiations/_map_breaks.html", {"breaks": breaks, "label": p.label, "width": width}
        )
    return html


def _compiled_row(r: dict) -> str:
    """One provision of the compilation: its options bracketed, each with its proposer ("tabled by" for
    an amendment a delegation tabled)."""
    label = escape(r["provision"].label)
    spans = []
    for o in r["options"]:
        body = escape(pgettext("option that deletes the provision", "DELETE")) if o.delete else escape(o.text)
        if o.tabled:
            tabled = gettext("tabled by %(state)s") % {"state": o.proposed_by.code}
            mark = f' <sup class="proposer">{escape(tabled)}</sup>'
        elif o.proposed_by:
            mark = f' <sup class="proposer">{escape(o.proposed_by.code)}</sup>'
        else:
            mark = ""
        spans.append(
            f'<span class="option{" tabled" if o.tabled else ""}" data-option="{label} {escape(o.letter)}">'
            f"{body}{mark}</span>"
        )
    inner = " / ".join(spans)
    if len(spans) > 1:
        inner = f"[{inner}]"
    return f'<p id="text-{label}"><strong>{label}</strong> {inner}</p>'


def _choices(r: dict) -> str:
    """The stance form's options for one provision ("PP1 A", ...)."""
    values = (escape(f"{r['provision'].label} {o.letter}") for o in r["options"])
    return "".join(f'<option value="{v}">{v}</option>' for v in values)


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
    member_codes, kind_labels, words, width = _row_frame(text)
    silence = queries.latest_silence(draft)
    breaks = queries.breaks_by_provision(draft, silence)
    # Under silence the stances are frozen: the map shows the procedure, not stale blocks.
    under_silence = draft.state == "silence" and silence is not None
    package = silence.package if under_silence else {}
    rows, new_parts, map_rows, clean_rows, compiled, choices = [], {}, [], [], [], []
    for item in before["bracketed"] if same_text else queries.bracketed(text):
        p = item["provision"]
        row = by_label.get(p.label)
        mine = breaks.get(p.label, [])
        under = package.get(p.label, "") if under_silence else None
        made = (row, [b.pk for b in mine], under)
        # What this provision's options say: its compilation paragraph and the form's choices are made
        # again only when that changed (a wording edit elsewhere keeps them).
        opts = item["options"]
        worded = (p.label, [(o.letter, o.text, o.delete, o.tabled, o.proposed_by_id) for o in opts])
        # A row is made again only when its status row (the very object: the map keeps the objects of
        # unchanged provisions), its breaks, or what its options say changed.
        old = parts.get(p.pk)
        if old is not None and old[0] is row and old[1] == made[1:] and old[4] == worded:
            html, clean_html = old[2], old[3]
        else:
            html = _map_row(p, row, item["text"], member_codes, kind_labels, words, mine, width, under)
            agreed = next((o for o in item["options"] if row and o.letter == row.agreed_option), None)
            clean_html = _clean_row(p, agreed)
        row_item = {**item, "row": row, "breaks": mine, "silence_option": package.get(p.label, "")}
        if old is not None and old[4] == worded:
            texts = old[5]
        else:
            texts = (_compiled_row(row_item), _choices(row_item))
        new_parts[p.pk] = (row, made[1:], html, clean_html, worded, texts)
        map_rows.append(html)
        clean_rows.append(clean_html)
        compiled.append(texts[0])
        choices.append(texts[1])
        rows.append(row_item)
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
        "under_silence": under_silence,
        "silence_breaks": list(silence.breaks.all()) if under_silence else [],
    }
    computed["map_html"] = render_to_string("negotiations/_map.html", computed)
    computed["choices_html"] = mark_safe("".join(choices))
    computed["compiled_html"] = mark_safe("".join(compiled))
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


def _map_context(request, o, actor, draft, **extra):
    grid = _grid(request, o, draft)
    text = grid["text"]
    mine = sorted(s for s in actor.states_with(frozenset({"head", "delegate"})) if s in text.member_codes)
    silence = grid["silence"]
    comment_states = sorted(actor.delegation_states & (actor.member_states | actor.partner_states))
    ctx = {
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
        "can_table": bool(tabling_states(actor, draft)),
        "silence_outcome": silence.outcome(clock.now()) if silence else None,
        "silence_text": text_under_silence(silence) if silence else [],
        "proposals": proposals_of(draft),
        "break_states": sorted(s for s in actor.states_with(frozenset({"head"})) if s in text.member_codes),
        "comment_states": comment_states,
        "comments": _threads(draft),
        "adoption": Adoption.objects.filter(draft=draft).first(),
        "stance_form": forms.StanceForm(),
        "typed": {},
        "comment_form": forms.CommentForm(states=comment_states),
        "blank_comment_form": forms.CommentForm(states=comment_states),
        "reply_to": None,
    }
    ctx.update(extra)
    return ctx


def _threads(draft) -> list[dict]:
    """The comments as threads: each top-level comment with its replies nested below it (one query)."""
    rows = list(draft.comments.select_related("state", "provision"))
    children: dict[int | None, list] = {}
    for c in rows:
        children.setdefault(c.parent_id, []).append(c)

    def node(c, depth=0):
        return {"comment": c, "depth": depth, "replies": [node(r, depth + 1) for r in children.get(c.pk, [])]}

    return [node(c) for c in children.get(None, [])]


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
    # The compilation and the clean text come along (out of band): an agreed option changes them too.
    html = render(request, "negotiations/_map_poll.html", {**grid, "poll": True})
    return _map_headers(html, grid["map_etag"])


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


def _stance_typed(post) -> dict:
    return {
        k: post.get(k, "") for k in ("state", "choice", "provision", "option", "stance", "reason", "unless")
    }


@require_POST
def stance(request, org, pk):
    """A stance from the draft page. htmx gets the map back; a refusal comes back as the stance form with
    the message beside the field it names and what was typed kept (422, or 409 when the text is frozen),
    also without htmx."""
    o, actor, d = _draft(request, org, pk)
    typed = _stance_typed(request.POST)
    form = forms.StanceForm(request.POST)
    try:
        unless = []
        for i, cond in enumerate(c for c in request.POST.get("unless", "").split(",") if c.strip()):
            prov, _sep, opt = cond.strip().partition(" ")
            if not opt.strip():
                raise InputError(
                    f"unless[{i}].option",
                    gettext("write each condition as a provision and an option, e.g. PP1 A"),
                )
            unless.append((prov.strip().upper(), opt.strip().upper()))
        given = actions.StanceInput(
            provision=request.POST.get("provision", ""),
            option=request.POST.get("option", ""),
            stance=request.POST.get("stance", ""),
            reason=request.POST.get("reason", ""),
            unless=tuple(unless),
        )
        written = actions.set_stance(actor, d, request.POST.get("state", ""), given)
    except (InputError, Conflict) as exc:
        if isinstance(exc, InputError):
            forms.put_error(form, exc)
        else:
            form.add_error(None, str(exc))
        status = 422 if isinstance(exc, InputError) else 409
        ctx = _map_context(request, o, actor, d, stance_form=form, typed=typed)
        if request.headers.get("HX-Request"):
            response = render(request, "negotiations/_stance_form.html", ctx, status=status)
            response["HX-Retarget"] = "#stance-card"
            response["HX-Reswap"] = "outerHTML"
            return response
        return render(request, "negotiations/draft.html", ctx, status=status)
    if request.headers.get("HX-Request"):
        answer = None if request.POST.get("shown_errors") else _stance_written(written)
        if answer is None:  # the form came back with errors last time (show it clean), or the row is gone
            ctx = _map_context(request, o, actor, written.draft, typed=typed, oob=True)
            return render(request, "negotiations/_stance_done.html", ctx)
        return answer
    return redirect("negotiations:draft", org=org, pk=pk)


def _stance_written(stance) -> HttpResponse | None:
    """The answer to a stance written from the page (htmx): only what it changed, out of band: its
    provision's row of the map, the document's status and a line saying what was recorded. The rest of the
    map (others' changes meanwhile) comes with the next poll, whose tag this write made stale. The map moves
    on from the worker's last one by the stance changes since (queries.mapped_entry), so the answer costs
    one row, not the map: a delegation's write stays cheap at 1,000 provisions too. None when the
    provision left the text meanwhile (a change in the admin): the caller answers with the whole map."""
    draft, option = stance.draft, stance.option
    entry = queries.mapped_entry(draft)
    text, label = entry.text, option.provision.label
    provision = next((p for p in text.provisions if p.pk == option.provision_id), None)
    if provision is None:
        return None
    row = entry.status.provisions[entry.row_at[label]]
    member_codes, kind_labels, words, width = _row_frame(text)
    # The silence breaks under the row are rows of their own, which a stance does not change: none here.
    html = _map_row(
        provision,
        row,
        queries.bracketed_text(text, provision),
        member_codes,
        kind_labels,
        words,
        (),
        width,
        oob=True,
    )
    document = entry.status.status
    said = gettext("Recorded: %(state)s on %(provision)s %(option)s, %(stance)s.") % {
        "state": stance.state.code,
        "provision": label,
        "option": option.letter,
        "stance": stance.get_kind_display(),
    }
    response = HttpResponse(
        html
        + f'\n<span class="badge {document}" id="document-status" hx-swap-oob="true">{words[document]}</span>'
        + f'\n<p id="stance-said" class="muted" role="status" hx-swap-oob="true">{escape(said)}</p>'
    )
    response["HX-Reswap"] = "none"  # the map stays; only the parts above are swapped
    return response


@require_POST
def comment(request, org, pk):
    """A comment, or a reply in a comment's thread; a refusal comes back beside its field (422)."""
    o, actor, d = _draft(request, org, pk)
    states = sorted(actor.delegation_states & (actor.member_states | actor.partner_states))
    form = forms.CommentForm(request.POST, states=states)
    if form.is_valid():
        data = form.cleaned_data
        try:
            c = actions.post_comment(
                actor, d, data["state"], data["text"], data["provision"] or None, parent=data["parent"]
            )
        except InputError as exc:
            forms.put_error(form, exc)
        else:
            url = reverse("negotiations:draft", kwargs={"org": org, "pk": pk})
            return redirect(f"{url}#comment-{c.pk}")
    ctx = _map_context(
        request,
        o,
        actor,
        d,
        comment_form=form,
        reply_to=form.cleaned_data.get("parent") if form.is_bound else None,
    )
    return render(request, "negotiations/draft.html", ctx, status=422)

"""Pages: drafts, the consensus map (polled by htmx), editing the text, the package solver, rounds
compared, stance history, silence and adoption."""

from __future__ import annotations

import csv
import json
import zoneinfo
from collections import OrderedDict
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.http import parse_etags, quote_etag
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.base import clock
from accord.core.errors import Conflict, InputError
from accord.orgs.permissions import allowed
from accord.orgs.queries import organisation, request_actor, statuses_on

from . import actions, charts, exports, queries
from .models import (
    Adoption,
    Draft,
    Option,
    OptionVersion,
    Provision,
    ProvisionKind,
    SilenceProcedure,
    StanceKind,
)

STANCE_KINDS = ["support", "accept", "dissociate", "reserve", "object"]

# Each cell of the consensus map shows a sign, the same in every language; the legend and the cell's
# title name the stance in the reader's language.
STANCE_SYMBOLS = {"support": "★", "accept": "✓", "dissociate": "≠", "reserve": "?", "object": "✗"}


def _draft(request, org, pk):
    o = organisation(org)
    actor = request_actor(request, o)
    return o, actor, queries.get_draft(o, pk, actor)


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
# per change and language (queries.mapped holds the same rule for the text and the map).
_PAGES: OrderedDict[tuple, dict] = OrderedDict()


def _computed_map(draft) -> dict:
    key = (draft.pk, draft.version, queries.draft_day(draft), get_language())
    if (hit := _PAGES.get(key)) is not None:
        _PAGES.move_to_end(key)
        return hit
    text, status = queries.mapped(draft)
    rows = []
    by_label = {row.provision: row for row in status.provisions}
    kind_labels = {k: escape(v) for k, v in StanceKind.choices}
    member_codes = [(m.code, escape(m.code)) for m in text.members]
    # The grid's cells are built here, not in a template loop: 3,000 cells through the template engine
    # cost more than everything else on the page.
    silence = queries.latest_silence(draft)
    breaks = queries.breaks_by_provision(draft, silence)
    for item in queries.bracketed(text):
        p = item["provision"]
        row = by_label.get(p.label)
        label = escape(p.label)
        cells = mark_safe(
            "".join(
                f'<td class="cell {kind}{" blocking" if row and code in row.blocked_by else ""}" '
                f'data-state="{esc}" data-provision="{label}" '
                f'title="{esc}: {kind_labels[kind]}">{STANCE_SYMBOLS[kind]}</td>'
                for code, esc in member_codes
                for kind in [row.cells.get(code, "accept") if row else "accept"]
            )
        )
        rows.append(
            {
                "provision": p,
                "text": item["text"],
                "options": item["options"],
                "row": row,
                "cells": cells,
                "breaks": breaks.get(p.label, []),
            }
        )
    computed = {
        "text": text,
        "status": status,
        "rows": rows,
        "members": text.members,
        "clean": queries.clean(text, status),
        "legend": [(kind, STANCE_SYMBOLS[kind], label) for kind, label in StanceKind.choices],
        # Opening, breaking and settling a silence move the version on too.
        "silence": silence,
        "text_breaks": breaks.get("", []),
    }
    # The parts of the page every reader sees alike, rendered once with the map.
    for part in ("map", "choices", "texts"):
        computed[f"{part}_html"] = render_to_string(f"negotiations/_{part}.html", computed)
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


def solve(request, org, pk):
    """GET: the page with the button; POST (htmx): run the solver and return the proposed package."""
    o, actor, d = _draft(request, org, pk)
    if not allowed(actor, "package.solve", body=d.body.code):
        raise PermissionDenied(_("Only the chair's team and the Secretariat find packages."))
    if request.method != "POST":
        return render(request, "negotiations/solve.html", {"org": o, "draft": d})
    text = queries.text_of(d)
    result = queries.solve(text)
    reasons = {(s.state_code, s.provision_label, s.letter): s for s in text.stances}
    package = []
    for p in text.provisions:
        letter = result.package.get(p.label)
        opt = next((x for x in text.options[p.pk] if x.letter == letter), None)
        package.append({"provision": p, "option": opt})
    moves = [
        {
            "member": b.member,
            "provision": b.provision,
            "option": b.option,
            "stance": reasons.get((b.member, b.provision, b.option)),
        }
        for b in result.blocking
    ]
    return render(
        request,
        "negotiations/_package.html",
        {"org": o, "draft": d, "result": result, "package": package, "moves": moves},
    )


def compare(request, org, pk):
    """Two rounds side by side, provision by provision."""
    o, actor, d = _draft(request, org, pk)
    rounds = list(range(1, d.round + 1))

    def pick(name, default):
        try:
            value = int(request.GET.get(name, default))
        except ValueError:
            value = default
        return min(max(value, 1), d.round)

    a, b = pick("a", max(d.round - 1, 1)), pick("b", d.round)
    options = list(Option.objects.filter(provision__draft=d).select_related("provision", "proposed_by"))
    versions: dict[int, list[OptionVersion]] = {}
    for v in OptionVersion.objects.filter(option__provision__draft=d):
        versions.setdefault(v.option_id, []).append(v)

    def words(opt, r):
        if opt.added_round > r or (opt.removed_round is not None and opt.removed_round < r):
            return None
        if opt.provision.added_round > r or (
            opt.provision.removed_round is not None and opt.provision.removed_round < r
        ):
            return None
        seen = [v for v in versions.get(opt.pk, []) if v.round <= r]
        return queries.deletion_marker() if opt.delete else (seen[-1].text if seen else opt.text)

    by_provision: dict[int, dict] = {}
    for opt in sorted(options, key=lambda x: (x.provision.kind != "PP", x.provision.number, x.letter)):
        item = by_provision.setdefault(opt.provision_id, {"provision": opt.provision, "options": []})
        wa, wb = words(opt, a), words(opt, b)
        if wa is None and wb is None:
            continue
        item["options"].append({"option": opt, "a": wa, "b": wb, "changed": wa != wb})
    rows = [r for r in by_provision.values() if r["options"]]
    for r in rows:
        r["changed"] = any(x["changed"] for x in r["options"])
    moves = queries.stances_between(queries.stance_history(d), a, b)
    return render(
        request,
        "negotiations/compare.html",
        {"org": o, "draft": d, "rounds": rounds, "a": a, "b": b, "rows": rows, "moves": moves},
    )


def history(request, org, pk):
    """How each delegation's stance on each option moved: who, when, from what to what, why, on what
    condition; optionally one provision's or one delegation's."""
    o, actor, d = _draft(request, org, pk)
    provision = request.GET.get("provision", "").strip().upper()
    state = request.GET.get("state", "").strip().upper()
    groups: list[dict] = []
    for c in queries.stance_history(d, provision=provision, state=state):
        if not groups or (groups[-1]["option"].pk, groups[-1]["state"].pk) != (c.option_id, c.state_id):
            groups.append({"option": c.option, "state": c.state, "changes": []})
        groups[-1]["changes"].append(c)
    return render(
        request,
        "negotiations/history.html",
        {
            "org": o,
            "draft": d,
            "groups": groups,
            "provision": provision,
            "state": state,
            "labels": [p.label for p in Provision.objects.filter(draft=d)],
            "states": statuses_on(o, clock.today())["member"],
        },
    )


# ------------------------------------------------------------------------------------ editing the text


def _editor_context(d: Draft, provisions: list[Provision] | None = None) -> dict:
    """The live provisions (all, or those given) with their live options, and the member states that may
    be named as proposers: three queries whatever the size."""
    if provisions is None:
        provisions = list(Provision.objects.filter(draft=d, removed_round__isnull=True))
    options: dict[int, list[Option]] = {p.pk: [] for p in provisions}
    for opt in Option.objects.filter(provision__in=provisions, removed_round__isnull=True).select_related(
        "proposed_by"
    ):
        options[opt.provision_id].append(opt)
    return {
        "items": [{"provision": p, "options": options[p.pk]} for p in provisions],
        "proposers": statuses_on(d.organisation, clock.today())["member"],
    }


def edit(request, org, pk):
    """The Secretariat's editor: every provision's options, reworded, added or removed in place (htmx)."""
    o, actor, d = _draft(request, org, pk)
    if not allowed(actor, "draft.manage"):
        raise PermissionDenied(_("Only the Secretariat edits the text of a draft."))
    return render(
        request,
        "negotiations/edit.html",
        {"org": o, "draft": d, "kinds": ProvisionKind.choices, **_editor_context(d)},
    )


def _text_write(request, org, pk, write, done: str):
    """One edit of a provision's options from the editor. htmx gets the provision back, on bad input (422)
    or a frozen draft (409) with the message beside the form that was sent and the words typed kept; a
    plain form is sent back to the editor with a message."""
    o, actor, d = _draft(request, org, pk)
    label = request.POST.get("provision", "")
    error, status = None, 200
    try:
        write(actor, d, request.POST)
    except InputError as exc:
        error, status = str(exc), 422
    except Conflict as exc:
        error, status = str(exc), 409
    if request.headers.get("HX-Request"):
        try:
            provision = queries.live_provision(d, label)
        except InputError as exc:
            return HttpResponse(error or str(exc), status=422, content_type="text/plain; charset=utf-8")
        ctx = {"org": o, "draft": d, **_editor_context(d, [provision])}
        item = ctx["items"][0]
        sent = request.POST.get("option") or "new"  # the add-option form names no option
        placed = sent == "new" or any(x.letter == sent for x in item["options"])
        ctx.update(
            item=item,
            error=error,
            error_at=sent if error and placed else "",
            typed=request.POST.get("text", ""),
            notice=None if error else done,
        )
        return render(request, "negotiations/_provision.html", ctx, status=status)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(reverse("negotiations:edit", kwargs={"org": org, "pk": pk}) + f"#provision-{label}")


@require_POST
def edit_option(request, org, pk):
    def write(actor, d, data):
        actions.edit_option(
            actor,
            queries.live_option(d, data.get("provision", ""), data.get("option", "")),
            data.get("text", ""),
        )

    return _text_write(request, org, pk, write, _("Wording saved."))


@require_POST
def add_option(request, org, pk):
    def write(actor, d, data):
        actions.add_option(
            actor,
            queries.live_provision(d, data.get("provision", "")),
            text=data.get("text", ""),
            proposed_by=data.get("proposed_by") or None,
            delete=data.get("delete") == "on",
        )

    return _text_write(request, org, pk, write, _("Option added."))


@require_POST
def remove_option(request, org, pk):
    def write(actor, d, data):
        actions.remove_option(
            actor, queries.live_option(d, data.get("provision", ""), data.get("option", ""))
        )

    return _text_write(request, org, pk, write, _("Option removed from the text."))


@require_POST
def add_provision(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    options = [{"text": request.POST.get("text", ""), "proposed_by": request.POST.get("proposed_by") or None}]
    if request.POST.get("text_b", "").strip():
        options.append(
            {"text": request.POST["text_b"], "proposed_by": request.POST.get("proposed_by_b") or None}
        )
    url = reverse("negotiations:edit", kwargs={"org": org, "pk": pk})
    try:
        p = actions.add_provision(actor, d, kind=request.POST.get("kind", ""), options=options)
    except (InputError, Conflict) as exc:
        messages.error(request, str(exc))
        return redirect(url + "#add-provision")
    messages.success(request, _("%(provision)s added.") % {"provision": p.label})
    return redirect(url + f"#provision-{p.label}")


@require_POST
def new_round(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    try:
        d = actions.new_round(actor, d)
        messages.success(request, _("Round %(round)s opened.") % {"round": d.round})
    except Conflict as exc:
        messages.error(request, str(exc))
    return redirect("negotiations:edit", org=org, pk=pk)


@require_POST
def open_negotiation(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    try:
        actions.open_negotiation(actor, d)
    except (InputError, Conflict) as exc:
        messages.error(request, str(exc))
    return redirect("negotiations:draft", org=org, pk=pk)


def _deadline(request):
    raw, zone = request.POST.get("deadline", ""), request.POST.get("timezone", "")
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError("timezone", _("unknown time zone %(zone)s") % {"zone": repr(zone)}) from None
    try:
        local = datetime.fromisoformat(raw)
    except ValueError:
        raise InputError("deadline", _("must be a date and time (YYYY-MM-DDTHH:MM)")) from None
    return (local if local.tzinfo else local.replace(tzinfo=tz)), zone


@require_POST
def open_silence(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    try:
        deadline, zone = _deadline(request)
        actions.open_silence(actor, d, deadline=deadline, timezone=zone)
    except (InputError, Conflict) as exc:
        messages.error(request, str(exc))
    return redirect("negotiations:draft", org=org, pk=pk)


@require_POST
def break_silence(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    proc = SilenceProcedure.objects.filter(draft=d, settled_at__isnull=True).first()
    if proc is None:
        messages.error(request, _("No silence procedure is running on this draft."))
        return redirect("negotiations:draft", org=org, pk=pk)
    try:
        actions.break_silence(
            actor,
            proc,
            request.POST.get("state", ""),
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
            provision=request.POST.get("provision", ""),
        )
    except (InputError, Conflict) as exc:
        messages.error(request, str(exc))
    return redirect("negotiations:draft", org=org, pk=pk)


@require_POST
def adopt(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    try:
        actions.adopt(actor, d)
    except (InputError, Conflict) as exc:
        messages.error(request, str(exc))
        return redirect("negotiations:draft", org=org, pk=pk)
    return redirect("negotiations:adopted", org=org, pk=pk)


def adopted(request, org, pk):
    """The adopted decision as a printable page."""
    o, actor, d = _draft(request, org, pk)
    adoption = Adoption.objects.filter(draft=d).select_related("session", "body").first()
    if adoption is None:
        messages.error(request, _("This draft is not adopted yet."))
        return redirect("negotiations:draft", org=org, pk=pk)
    return render(
        request,
        "negotiations/adopted.html",
        {"org": o, "draft": d, "adoption": adoption, **exports.adopted_text(adoption)},
    )


def akn(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    adoption = Adoption.objects.filter(draft=d).select_related("session", "body").first()
    if adoption is None:
        return HttpResponse(_("This draft is not adopted yet."), status=404, content_type="text/plain")
    return HttpResponse(exports.akoma_ntoso(adoption), content_type="application/akn+xml; charset=utf-8")


def dashboard_part(o, today) -> dict:
    """The chair's dashboard: drafts under negotiation by consensus status, silences running."""
    drafts = queries.drafts_under_negotiation(o)
    return {
        "drafts": drafts,
        "drafts_chart": charts.draft_status(drafts),
        "silences": queries.running_silences(o),
        "returned": queries.returned_from_silence(o),
    }

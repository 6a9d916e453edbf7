"""Pages: drafts, the consensus map (polled by htmx), the package solver, rounds compared, silence and
adoption."""

from __future__ import annotations

import csv
import zoneinfo
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accord import clock
from accord.core.errors import Conflict, InputError
from accord.orgs.permissions import allowed
from accord.orgs.queries import organisation, request_actor

from . import actions, exports, queries
from .models import Adoption, Option, OptionVersion, SilenceProcedure, StanceKind

STANCE_KINDS = ["support", "accept", "dissociate", "reserve", "object"]


def _draft(request, org, pk):
    o = organisation(org)
    actor = request_actor(request, o)
    return o, actor, queries.get_draft(o, pk, actor)


def index(request, org):
    o = organisation(org)
    actor = request_actor(request, o)
    drafts = list(queries.visible_drafts(o, actor))
    return render(request, "negotiations/index.html", {"org": o, "drafts": drafts})


def _map_context(request, o, actor, draft):
    text = queries.text_of(draft)
    status = queries.consensus_map(text)
    rows = []
    by_label = {row.provision: row for row in status.provisions}
    kind_labels = {k: escape(v) for k, v in StanceKind.choices}
    member_codes = [(m.code, escape(m.code)) for m in text.members]
    # The grid's cells are built here, not in a template loop: 3,000 cells through the template engine
    # cost more than everything else on the page.
    for item in queries.bracketed(text):
        p = item["provision"]
        row = by_label.get(p.label)
        label = escape(p.label)
        cells = mark_safe("".join(
            f'<td class="cell {kind}{" blocking" if row and code in row.blocked_by else ""}" '
            f'data-state="{esc}" data-provision="{label}" title="{esc}: {kind_labels[kind]}">{kind[:3]}</td>'
            for code, esc in member_codes
            for kind in [row.cells.get(code, "accept") if row else "accept"]
        ))
        rows.append(
            {"provision": p, "text": item["text"], "options": item["options"], "row": row, "cells": cells}
        )
    mine = sorted(s for s in actor.states_with(frozenset({"head", "delegate"})) if s in text.member_codes)
    silence = queries.open_silence(draft)
    return {
        "org": o,
        "draft": draft,
        "text": text,
        "status": status,
        "rows": rows,
        "members": text.members,
        "clean": queries.clean(text, status),
        "my_states": mine,
        "stance_kinds": STANCE_KINDS,
        "can_solve": allowed(actor, "package.solve", body=draft.body.code),
        "can_stance": bool(mine) and not draft.frozen,
        "can_open_silence": allowed(actor, "silence.open", body=draft.body.code)
        and draft.state == "negotiation",
        "can_adopt": allowed(actor, "adoption.record", body=draft.body.code) and draft.state == "negotiation",
        "silence": silence,
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
    """The grid alone, for htmx polling: every few seconds the map shows the current stances."""
    o, actor, d = _draft(request, org, pk)
    return render(request, "negotiations/_map.html", _map_context(request, o, actor, d))


def map_csv(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    text = queries.text_of(d)
    status = queries.consensus_map(text)
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


def _post_only(request):
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def stance(request, org, pk):
    if (refused := _post_only(request)) is not None:
        return refused
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
        return render(request, "negotiations/_map.html", _map_context(request, o, actor, d))
    return redirect("negotiations:draft", org=org, pk=pk)


def comment(request, org, pk):
    if (refused := _post_only(request)) is not None:
        return refused
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
        return "DELETE" if opt.delete else (seen[-1].text if seen else opt.text)

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
    return render(
        request,
        "negotiations/compare.html",
        {"org": o, "draft": d, "rounds": rounds, "a": a, "b": b, "rows": rows},
    )


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


def open_silence(request, org, pk):
    if (refused := _post_only(request)) is not None:
        return refused
    o, actor, d = _draft(request, org, pk)
    try:
        deadline, zone = _deadline(request)
        actions.open_silence(actor, d, deadline=deadline, timezone=zone)
    except (InputError, Conflict) as exc:
        messages.error(request, str(exc))
    return redirect("negotiations:draft", org=org, pk=pk)


def break_silence(request, org, pk):
    if (refused := _post_only(request)) is not None:
        return refused
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
        )
    except (InputError, Conflict) as exc:
        messages.error(request, str(exc))
    return redirect("negotiations:draft", org=org, pk=pk)


def adopt(request, org, pk):
    if (refused := _post_only(request)) is not None:
        return refused
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

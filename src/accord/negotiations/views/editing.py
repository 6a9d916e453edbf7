"""Editing the text: provisions and their options, rounds, and opening the negotiation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.base import clock
from accord.core.errors import Conflict, InputError
from accord.orgs.permissions import allowed
from accord.orgs.queries import statuses_on

from .. import actions, queries
from ..models import Draft, Option, Provision, ProvisionKind
from ._shared import _draft, attempt


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
    added, p = attempt(
        request, actions.add_provision, actor, d, kind=request.POST.get("kind", ""), options=options
    )
    if not added:
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
    attempt(request, actions.open_negotiation, actor, d)
    return redirect("negotiations:draft", org=org, pk=pk)

"""Silence procedures, adoption and the adopted text (also as Akoma Ntoso)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.errors import InputError

from .. import actions, exports
from ..models import Adoption, SilenceProcedure
from ._shared import _draft, attempt


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

    def open_it():
        deadline, zone = _deadline(request)
        return actions.open_silence(actor, d, deadline=deadline, timezone=zone)

    attempt(request, open_it)
    return redirect("negotiations:draft", org=org, pk=pk)


@require_POST
def break_silence(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    proc = SilenceProcedure.objects.filter(draft=d, settled_at__isnull=True).first()
    if proc is None:
        messages.error(request, _("No silence procedure is running on this draft."))
        return redirect("negotiations:draft", org=org, pk=pk)
    attempt(
        request,
        actions.break_silence,
        actor,
        proc,
        request.POST.get("state", ""),
        kind=request.POST.get("kind", ""),
        text=request.POST.get("text", ""),
        provision=request.POST.get("provision", ""),
    )
    return redirect("negotiations:draft", org=org, pk=pk)


@require_POST
def adopt(request, org, pk):
    o, actor, d = _draft(request, org, pk)
    adopted, _record = attempt(request, actions.adopt, actor, d)
    return redirect("negotiations:adopted" if adopted else "negotiations:draft", org=org, pk=pk)


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
    lang = request.GET.get("lang", "en")  # one expression per language (?lang=ru)
    if lang not in exports.languages(adoption):
        return HttpResponse(_("No such text."), status=404, content_type="text/plain")
    xml = exports.akoma_ntoso(adoption, lang)
    return HttpResponse(xml, content_type="application/akn+xml; charset=utf-8")

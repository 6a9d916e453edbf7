from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from accord.base import clock
from accord.base.actions import mark_read as mark_notices_read
from accord.base.queries import inbox as notices
from accord.base.registry import DASHBOARD_PARTS
from accord.orgs.permissions import require
from accord.orgs.queries import Rotations, organisation, request_actor

from . import charts

_ID = re.compile(r"[0-9]{1,18}")


@login_required
def chair(request, org):
    o = organisation(org)
    actor = request_actor(request, o)
    require(actor, "dashboard.chair", body="CHS")
    today = clock.today()
    chair = Rotations.of(o).chair_on("CHS", today)
    term = chair.term
    # Until its closing session has a date, the term has no known end to count down to.
    days_left = None if chair.awaiting_session and term.end <= today else (term.end - today).days
    # Each installed app renders its own section (base.registry), in the reader's language.
    parts = [
        render_to_string(part.template, {"org": o, "today": today, **part.values(o, today)}, request)
        for part in DASHBOARD_PARTS
    ]
    return render(
        request,
        "dashboard/chair.html",
        {
            "org": o,
            "today": today,
            "chair": chair,
            "term": term,
            "days_left": days_left,
            "term_chart": charts.term_ring(term.start, None if days_left is None else term.end, today),
            "parts": parts,
        },
    )


@login_required
def inbox(request, org):
    o = organisation(org)
    require(request_actor(request, o), "notifications.view")
    rows = notices(request.user, o)
    return render(
        request,
        "dashboard/inbox.html",
        {"org": o, "notifications": rows, "unread": sum(1 for n in rows if n.read_at is None)},
    )


@login_required
@require_POST
def mark_read(request, org):
    o = organisation(org)
    require(request_actor(request, o), "notifications.view")
    # Ids that are not plain numbers name no notice of this person's: they are ignored (and mark nothing;
    # only a form with no id at all marks every notice read).
    given = request.POST.getlist("id")
    ids = [int(i) for i in given if _ID.fullmatch(i)]
    if ids or not given:
        mark_notices_read(request.user, o, ids or None)
    return redirect("dashboard:inbox", org=o.code)

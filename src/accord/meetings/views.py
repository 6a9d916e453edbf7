from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.base import clock
from accord.core.errors import InputError
from accord.orgs.models import Session
from accord.orgs.permissions import allowed
from accord.orgs.queries import organisation, request_actor

from . import actions, queries
from .exports import calendar

UPCOMING = 8  # sessions on the chair's dashboard


def index(request, org):
    o = organisation(org)
    today = clock.today()
    body = request.GET.get("body") or None
    bodies = queries.bodies(o)
    if body and body not in {b.code for b in bodies}:
        body = None
    rows = queries.sessions(o, body=body, with_documents=True, reverse=True)
    views = queries.session_views(o, rows, with_documents=True)
    return render(
        request,
        "meetings/index.html",
        {
            "org": o,
            "today": today,
            "bodies": bodies,
            "body": body,
            # Soonest first; announced sessions without a date come after the dated ones, by year.
            "upcoming": sorted(
                (v for v in views if _to_come(v.session, today)),
                key=lambda v: (v.session.start is None, v.session.start or today, v.session.year),
            ),
            "past": [v for v in views if not _to_come(v.session, today)],
            "can_manage": allowed(request_actor(request, o), "meeting.manage", body=body or "CHS"),
        },
    )


def _to_come(session: Session, today) -> bool:
    """Dated: from today on. Undated: unless it is recorded as held (an announced session has not been)."""
    return session.start >= today if session.start else session.status != "held"


def session(request, org, pk):
    o = organisation(org)
    actor = request_actor(request, o)
    view = queries.session_detail(o, pk, actor)
    if view is None:
        raise Http404
    return render(
        request,
        "meetings/session.html",
        {
            "org": o,
            "view": view,
            "s": view.session,
            "today": clock.today(),
            "can_manage": allowed(actor, "meeting.manage", body=view.session.body.code),
        },
    )


def _date(value: str, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(field, f"not a date (YYYY-MM-DD): {value!r}") from None


@login_required
@require_POST
def session_add(request, org, pk, what):
    o = organisation(org)
    s = get_object_or_404(Session.objects.select_related("body"), organisation=o, pk=pk)
    actor = request_actor(request, o)
    post = request.POST
    try:
        if what == "agenda":
            actions.add_agenda_item(
                actor,
                s,
                title=post.get("title", ""),
                circulated_on=_date(post.get("circulated_on", ""), "circulated_on"),
                draft_ref=post.get("draft_ref", ""),
            )
        elif what == "document":
            actions.add_document(
                actor,
                s,
                title=post.get("title", ""),
                url=post.get("url", ""),
                circulated_on=_date(post.get("circulated_on", ""), "circulated_on") or clock.today(),
            )
        elif what == "decision":
            actions.record_decision(actor, s, title=post.get("title", ""), url=post.get("url", ""))
        else:
            raise Http404
    except InputError as exc:
        messages.error(request, f"{exc.field}: {exc.message}")
    else:
        messages.success(request, _("Saved."))
    return redirect("meetings:session", org=o.code, pk=s.pk)


def calendar_feed(request, org):
    """The subscription feed: /<org>/meetings/calendar.ics?body=CHS&from=YYYY-MM-DD&to=YYYY-MM-DD."""
    o = organisation(org)
    body = request.GET.get("body") or None
    try:
        if body and body not in queries.body_codes(o):
            raise InputError("body", f"unknown body {body!r}")
        start = _date(request.GET.get("from", ""), "from")
        end = _date(request.GET.get("to", ""), "to")
        if start and end and start > end:
            raise InputError("from", "is after to")
    except InputError as exc:
        return HttpResponse(
            f"{exc.field}: {exc.message}\n", status=422, content_type="text/plain; charset=utf-8"
        )
    rows = queries.session_views(o, queries.sessions(o, body=body, start=start, end=end))
    data = calendar(o, rows, f"{o.name_en}" + (f" {body}" if body else ""))
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{o.code}{"-" + body.lower() if body else ""}.ics"'
    return response


def dashboard_part(o, today) -> dict:
    """The chair's dashboard: the sessions to come (base.registry)."""
    rows = queries.sessions(o, start=today, with_documents=True, limit=UPCOMING)
    return {"upcoming": queries.session_views(o, rows, with_documents=True)}

from __future__ import annotations

import importlib.util
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord import clock
from accord.core.errors import InputError
from accord.orgs.permissions import allowed, require
from accord.orgs.queries import Rotations, organisation, request_actor
from accord.web.models import Notification

from . import actions, charts, queries
from .exports import calendar
from .models import Session

UPCOMING = 8
DUE_WITHIN = timedelta(days=60)


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
    view = queries.session_detail(o, pk)
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
            "can_manage": allowed(request_actor(request, o), "meeting.manage", body=view.session.body.code),
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


def _optional(module: str, name: str, org):
    """Another app's dashboard query, or None when that app is not there (its section then shows empty)."""
    if importlib.util.find_spec(module) is None:
        return None
    try:
        fn = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None
    return fn(org)


@login_required
def dashboard(request, org):
    o = organisation(org)
    actor = request_actor(request, o)
    require(actor, "dashboard.chair", body="CHS")
    today = clock.today()
    rotations = Rotations.from_db(o)
    chair = rotations.chair_on("CHS", today)
    term = chair.term
    # Until its closing session has a date, the term has no known end to count down to.
    days_left = None if chair.awaiting_session and term.end <= today else (term.end - today).days
    upcoming = queries.session_views(
        o, queries.sessions(o, start=today, with_documents=True, limit=UPCOMING), with_documents=True
    )
    from accord.programmes import queries as programme_queries

    due = programme_queries.items_due(o, today, today + DUE_WITHIN)
    # Completed programmes are history: the chair follows the live cycles and those still running.
    programmes = sorted(
        (v for v in programme_queries.programmes(o, today) if v.programme.state != "completed"),
        key=lambda v: not v.live,
    )
    drafts = _optional("accord.negotiations.queries", "drafts_under_negotiation", o)
    silences = _optional("accord.negotiations.queries", "running_silences", o)
    funding = _optional("accord.projects.queries", "funding_gap_summary", o)
    return render(
        request,
        "meetings/dashboard.html",
        {
            "org": o,
            "today": today,
            "chair": chair,
            "term": term,
            "days_left": days_left,
            "term_chart": charts.term_ring(term.start, None if days_left is None else term.end, today),
            "upcoming": upcoming,
            "due": due,
            "programmes": programmes,
            "programmes_chart": charts.programme_bars(programmes),
            "drafts": drafts or [],
            "drafts_chart": charts.draft_status(drafts or []),
            "silences": silences or [],
            "funding": funding,
            "funding_chart": charts.funding_bar(funding) if funding else None,
            "negotiations_available": drafts is not None,
            "projects_available": funding is not None,
        },
    )


@login_required
def inbox(request, org):
    o = organisation(org)
    require(request_actor(request, o), "notifications.view")
    rows = list(Notification.objects.filter(person=request.user, organisation=o)[:200])
    return render(
        request,
        "meetings/inbox.html",
        {"org": o, "notifications": rows, "unread": sum(1 for n in rows if n.read_at is None)},
    )


@login_required
@require_POST
def mark_read(request, org):
    o = organisation(org)
    require(request_actor(request, o), "notifications.view")
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    actions.mark_read(request_actor(request, o), request.user, o, ids or None)
    return redirect("meetings:inbox", org=o.code)

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.base import clock
from accord.core.errors import InputError
from accord.orgs.models import Session
from accord.orgs.permissions import allowed
from accord.orgs.queries import organisation, request_actor

from . import actions, forms, queries
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
            "can_manage": bool(_manageable_bodies(request_actor(request, o), o)),
        },
    )


def _to_come(session: Session, today) -> bool:
    """Dated: from today on. Undated: unless it is recorded as held (an announced session has not been)."""
    return session.start >= today if session.start else session.status != "held"


def _managed_session(request, o, pk) -> tuple[Session, object]:
    """The session and the actor, who must be allowed to manage it (else 403)."""
    s = queries.session(o, pk)
    actor = request_actor(request, o)
    if not allowed(actor, "meeting.manage", body=s.body.code):
        raise PermissionDenied
    return s, actor


def _session_page(request, o, pk, forms_given: dict | None = None, status: int = 200):
    actor = request_actor(request, o)
    view = queries.session_detail(o, pk, actor)
    if view is None:
        raise Http404
    can_manage = allowed(actor, "meeting.manage", body=view.session.body.code)
    blank = {
        "agenda_form": forms.AgendaItemForm(org=o, prefix="agenda"),
        "document_form": forms.DocumentForm(prefix="document"),
        "decision_form": forms.DecisionForm(prefix="decision"),
        "outcome_form": forms.OutcomeForm(
            prefix="outcome", initial={"text": getattr(view.outcome, "text", "")}
        ),
    }
    blank.update(forms_given or {})
    return render(
        request,
        "meetings/session.html",
        {
            "org": o,
            "view": view,
            "s": view.session,
            "today": clock.today(),
            "can_manage": can_manage,
            "can_read_documents": allowed(actor, "documents.view"),
            "can_see_restricted": allowed(actor, "documents.view_restricted"),
            **(blank if can_manage else {}),
        },
        status=status,
    )


def session(request, org, pk):
    return _session_page(request, organisation(org), pk)


def _manageable_bodies(actor, o):
    return [b for b in queries.bodies(o) if allowed(actor, "meeting.manage", body=b.code)]


_EMPTY = ("", None)  # a field left blank: the action's default


@login_required
def session_new(request, org):
    o = organisation(org)
    actor = request_actor(request, o)
    bodies = _manageable_bodies(actor, o)
    if not bodies:
        raise PermissionDenied
    initial = {"body": request.GET.get("body", "")}
    form = forms.SessionForm(request.POST or None, bodies=bodies, initial=initial)
    return _session_form(
        request,
        o,
        form,
        None,
        lambda data: actions.create_session(actor, o, **{k: v for k, v in data.items() if v not in _EMPTY}),
        _("Session created."),
    )


@login_required
def session_edit(request, org, pk):
    o = organisation(org)
    s, actor = _managed_session(request, o, pk)
    initial = {f: getattr(s, f) for f in actions.SESSION_FIELDS}
    form = forms.SessionForm(request.POST or None, editing=True, initial=initial)
    return _session_form(
        request, o, form, s, lambda data: actions.update_session(actor, s, **data), _("Session saved.")
    )


def _session_form(request, o, form, s, write, done):
    """The form to plan (`s` None) or edit a session. A valid post runs `write(cleaned_data)`: a refusal
    goes beside its field, else `done` and the session's page. A form that comes back has errors (422)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = write(form.cleaned_data)
        except InputError as exc:
            forms.put_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("meetings:session", org=o.code, pk=saved.pk)
    return render(
        request,
        "meetings/session_form.html",
        {"org": o, "form": form, "s": s},
        status=422 if form.is_bound else 200,
    )


ADD_FORMS = {
    "agenda": ("agenda_form", lambda o, data, files: forms.AgendaItemForm(data, org=o, prefix="agenda")),
    "document": ("document_form", lambda o, data, files: forms.DocumentForm(data, files, prefix="document")),
    "decision": ("decision_form", lambda o, data, files: forms.DecisionForm(data, prefix="decision")),
    "outcome": ("outcome_form", lambda o, data, files: forms.OutcomeForm(data, prefix="outcome")),
}


@login_required
@require_POST
def session_add(request, org, pk, what):
    o = organisation(org)
    if what not in ADD_FORMS:
        raise Http404
    s, actor = _managed_session(request, o, pk)
    name, make = ADD_FORMS[what]
    form = make(o, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if what == "agenda":
                actions.add_agenda_item(actor, s, **data)
            elif what == "document":
                actions.add_document(actor, s, title=data["title"], file=data["file"])
            elif what == "decision":
                actions.record_decision(actor, s, **data)
            else:
                actions.set_outcome(actor, s, text=data["text"])
        except InputError as exc:
            forms.put_error(form, exc)
    if form.errors:
        return _session_page(request, o, pk, {name: form}, status=422)
    messages.success(request, _("Saved."))
    return redirect(reverse("meetings:session", kwargs={"org": o.code, "pk": s.pk}) + f"#{what}")


@login_required
@require_POST
def agenda_move(request, org, pk, item, direction):
    o = organisation(org)
    s, actor = _managed_session(request, o, pk)
    agenda_item = queries.session_part(s, "agenda", item)
    try:
        actions.move_agenda_item(actor, agenda_item, direction)
    except InputError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("meetings:session", kwargs={"org": o.code, "pk": s.pk}) + "#agenda")


@login_required
def remove(request, org, pk, what, item):
    """Asks first (a page saying what goes), then removes an agenda item or a document."""
    o = organisation(org)
    s, actor = _managed_session(request, o, pk)
    obj = queries.session_part(s, what, item)
    if request.method == "POST":
        if what == "agenda":
            actions.remove_agenda_item(actor, obj)
        else:
            actions.remove_document(actor, obj)
        messages.success(request, _("Removed: %(title)s") % {"title": obj.title})
        return redirect(reverse("meetings:session", kwargs={"org": o.code, "pk": s.pk}) + f"#{what}")
    return render(request, "meetings/confirm_remove.html", {"org": o, "s": s, "obj": obj, "what": what})


def document_file(request, org, pk, item):
    """An uploaded document, for those who may read the organisation's working documents."""
    o = organisation(org)
    doc = queries.document(o, pk, item)
    if not doc.file:
        raise Http404
    if not allowed(request_actor(request, o), "documents.view"):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=Path(doc.file.name).name)


def session_calendar(request, org, pk):
    """One session as an iCalendar file: its agenda in the description and a link back to its page."""
    o = organisation(org)
    view = queries.session_detail(o, pk)
    if view is None or view.session.start is None:
        raise Http404
    s = view.session
    data = calendar(o, [view], f"{s.body.name_en} {s.year}", with_agenda=True)
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{o.code}-{s.body.code.lower()}-{s.key}.ics"'
    return response


def _date(value: str, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(field, f"not a date (YYYY-MM-DD): {value!r}") from None


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

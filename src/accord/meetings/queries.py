"""Reads for meetings, each a fixed number of queries whatever the number of sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accord.core.calendar import CirculationWarning, circulation_warning
from accord.core.errors import InputError
from accord.orgs.models import Organisation, Session, State
from accord.orgs.permissions import Actor, allowed

# bodies and body_codes: the pages and the CLI read them here.
from accord.orgs.queries import Rotations, bodies, body_codes  # noqa: F401

from .models import AgendaItem, Outcome, SessionDocument


@dataclass
class Late:
    """A document or agenda that reached delegations late."""

    what: str
    circulated_on: date
    warning: CirculationWarning

    @property
    def days_after(self) -> int:
        """Days after the session's first day it was circulated (0 or less: before or on the day)."""
        return -self.warning.days_before


@dataclass
class SessionView:
    session: Session
    chair: State | None
    late: list[Late] = field(default_factory=list)
    outcome: Outcome | None = None


def chair_of(rotations: Rotations, session: Session) -> State | None:
    """The state chairing the session's body on its first day, by the rotation (None if it has no chair).
    A regular session of a rotating body is chaired by its term's holder, dated or not yet."""
    ended = rotations.term_ended_by(session.pk)
    if ended is not None:
        return ended.state
    day = session.start or date(session.year, 12, 31)
    try:
        return rotations.chair_on(session.body.code, day).state
    except (InputError, KeyError):
        return None


def late_documents(session: Session) -> list[Late]:
    """Uses the prefetched agenda and documents."""
    if session.start is None:
        return []
    out = []
    for item in session.agenda.all():
        if item.circulated_on and (w := circulation_warning(session.start, item.circulated_on)):
            out.append(Late(item.title, item.circulated_on, w))
    for doc in session.documents.all():
        if w := circulation_warning(session.start, doc.circulated_on):
            out.append(Late(doc.title, doc.circulated_on, w))
    return out


def sessions(
    org: Organisation,
    *,
    body: str | None = None,
    start: date | None = None,
    end: date | None = None,
    with_documents: bool = False,
    limit: int | None = None,
    reverse: bool = False,
):
    """Sessions of the organisation (optionally one body, overlapping [start, end]); dated ones by date."""
    qs = Session.objects.filter(organisation=org).select_related("body", "host")
    if body:
        qs = qs.filter(body__code=body)
    if start:
        qs = qs.filter(Q(end__gte=start) | Q(end__isnull=True, start__gte=start))
    if end:
        qs = qs.filter(start__lte=end)
    qs = qs.exclude(start__isnull=True) if (start or end) else qs
    qs = qs.order_by(*(("-start", "-year") if reverse else ("start", "year")))
    if with_documents:
        qs = qs.prefetch_related("agenda", "documents")
    if limit:
        qs = qs[:limit]
    return list(qs)


def session_views(org: Organisation, rows: list[Session], with_documents: bool = False) -> list[SessionView]:
    rotations = Rotations.of(org)
    return [SessionView(s, chair_of(rotations, s), late_documents(s) if with_documents else []) for s in rows]


def may_see_draft(actor: Actor | None, draft) -> bool:
    """As the negotiations app decides: a restricted draft is for those cleared for restricted documents,
    any other for insiders. None is the product itself."""
    if actor is None:
        return True
    return allowed(actor, "documents.view_restricted" if draft.restricted else "documents.view")


def session_detail(org: Organisation, pk: int, actor: Actor | None = None) -> SessionView | None:
    """The session with its agenda; each agenda item's `visible_draft` is its draft only if `actor` may
    see it, so a page never shows the title of a draft its reader may not open."""
    s = (
        Session.objects.filter(organisation=org, pk=pk)
        .select_related("body", "host")
        .prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("draft", "programme")),
            "documents",
            "decisions",
        )
        .first()
    )
    if s is None:
        return None
    for item in s.agenda.all():
        item.visible_draft = item.draft if item.draft and may_see_draft(actor, item.draft) else None
    outcome = Outcome.objects.filter(session=s).first()
    return SessionView(s, chair_of(Rotations.of(org), s), late_documents(s), outcome)


def session(org: Organisation, pk: int) -> Session:
    """The organisation's session of this id, with its body and host; else a 404."""
    return get_object_or_404(Session.objects.select_related("body", "host"), organisation=org, pk=pk)


def session_part(session: Session, what: str, pk: int) -> AgendaItem | SessionDocument:
    """An agenda item (`what` "agenda") or a document ("document") of the session; else a 404."""
    model = {"agenda": AgendaItem, "document": SessionDocument}.get(what)
    if model is None:
        raise Http404
    return get_object_or_404(model, session=session, pk=pk)


def document(org: Organisation, session_pk: int, pk: int) -> SessionDocument:
    """A document of the organisation's session; else a 404."""
    return get_object_or_404(SessionDocument, session__organisation=org, session__pk=session_pk, pk=pk)

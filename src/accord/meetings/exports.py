"""The meeting calendar as iCalendar (RFC 5545): one all-day event per dated session, stable UIDs.

Calendar clients update an event in place when the same UID comes back with a higher SEQUENCE (and a later
LAST-MODIFIED). Both come from the append-only audit trail, since every change to a session is an audited
action: SEQUENCE counts the changes recorded on the session after its creation, plus the reference loads
that updated the organisation's sessions (a load records counts, not which rows, so such a load moves every
session's SEQUENCE on: harmless for clients, and a corrected date in the data files reaches subscribers).
LAST-MODIFIED is the latest of those events. Both only grow.

A session announced without a day is left out: an event needs a start day, and an invented one (the 1st of
a month the press reported) would sit in subscribers' calendars as if it were the date.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import reverse
from icalendar import Calendar, Event

from accord.audit.models import AuditEvent
from accord.base import clock
from accord.core.calendar import stable_uid
from accord.orgs.models import Session

PRODID = "-//accord//meetings calendar//EN"
ILLUSTRATIVE = "Illustrative: invented for the demonstration, not a record of the organisation."
# Audit actions that create a session rather than change it.
CREATED = ("session.create", "admin.add")
AGENDA_CHANGES = ("agenda.add", "agenda.move", "agenda.remove")


def uid_domain() -> str:
    """The host of the site's public address (ACCORD_SITE_URL), the right-hand side of every UID."""
    return urlsplit(settings.ACCORD_SITE_URL).hostname or ""


def _history(sessions: list[Session]) -> dict[str, dict]:
    """Per session pk (as the audit trail stores it): changes after creation and the latest event's time.
    A change to the agenda changes the session's event too (its description lists the agenda)."""
    rows = (
        AuditEvent.objects.filter(
            # The model was in the meetings app before: its older events carry that label.
            object_type__in=("meetings.session", Session._meta.label_lower),
            object_id__in=[str(s.pk) for s in sessions],
        )
        .values("object_id")
        .annotate(changes=Count("id", filter=~Q(action__in=CREATED)), last=Max("at"))
    )
    out = {r["object_id"]: dict(r) for r in rows}
    agenda = (
        AuditEvent.objects.filter(action__in=AGENDA_CHANGES, payload__session__in=[s.pk for s in sessions])
        .values("payload__session")
        .annotate(changes=Count("id"), last=Max("at"))
    )
    for r in agenda:
        seen = out.setdefault(str(r["payload__session"]), {"changes": 0, "last": None})
        seen["changes"] += r["changes"]
        seen["last"] = max(t for t in (seen["last"], r["last"]) if t is not None)
    return out


def session_url(org, session: Session) -> str:
    return (
        f"{settings.ACCORD_SITE_URL}{reverse('meetings:session', kwargs={'org': org.code, 'pk': session.pk})}"
    )


def calendar(org, rows, title: str, *, with_agenda: bool = False) -> bytes:
    """`rows` are SessionViews; sessions without a date yet are left out (a calendar needs DTSTART).
    `with_agenda` (one session's file) puts the agenda, in order, in the description. Every event links
    back to its session's page (URL), and content written for the demo says so (description and
    CATEGORIES)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", title)
    stamp = clock.now().replace(microsecond=0)
    domain = uid_domain()
    dated = [view for view in rows if view.session.start is not None]
    history = _history([view.session for view in dated])
    loads = AuditEvent.objects.filter(
        Q(payload__created__sessions__gt=0) | Q(payload__updated__sessions__gt=0),
        action="reference.load",
        object_type=org._meta.label_lower,
        object_id=str(org.pk),
    ).aggregate(n=Count("id"), last=Max("at"))
    reloads = max(loads["n"] - 1, 0)  # the first load created the sessions
    for view in dated:
        s = view.session
        event = Event()
        event.add("uid", stable_uid(org.code, s.body.code, s.key, domain=domain))
        event.add("dtstamp", stamp)
        seen = history.get(str(s.pk), {})
        event.add("sequence", seen.get("changes", 0) + reloads)
        modified = max((t for t in (seen.get("last"), loads["last"]) if t is not None), default=None)
        if modified is not None:
            event.add("last-modified", modified.replace(microsecond=0))
        event.add("dtstart", s.start)
        # DTEND of an all-day event is exclusive: the day after the last day.
        event.add("dtend", (s.end or s.start) + timedelta(days=1))
        where = ", ".join(p for p in (s.venue, s.city_en) if p)
        event.add(
            "summary", f"{s.body.name_en} ({s.body.code}) {s.year}" + (f", {s.city_en}" if s.city_en else "")
        )
        if where:
            event.add("location", where)
        chair = f"Chair: {view.chair.name_en} ({view.chair.code})" if view.chair else ""
        host = f"Host: {s.host.name_en} ({s.host.code})" if s.host else ""
        lines = [p for p in (host, chair, f"Status: {s.status}") if p]
        if with_agenda:
            agenda = [f"{n}. {item.title}" for n, item in enumerate(s.agenda.all(), start=1)]
            lines += ["", "Agenda:", *agenda] if agenda else ["", "Agenda: not yet published"]
        link = session_url(org, s)
        lines += ["", link]
        if s.illustrative:
            lines.insert(0, ILLUSTRATIVE)
            event.add("categories", ["ILLUSTRATIVE"])
        event.add("description", "\n".join(lines))
        event.add("url", link)
        event.add("status", "CONFIRMED" if s.status == "held" else "TENTATIVE")
        cal.add_component(event)
    return cal.to_ical()

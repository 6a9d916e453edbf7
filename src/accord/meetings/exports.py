"""The meeting calendar as iCalendar (RFC 5545): one all-day event per dated session, stable UIDs."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar, Event

from accord.base import clock
from accord.core.calendar import stable_uid

PRODID = "-//accord//meetings calendar//EN"


def calendar(org, rows, title: str) -> bytes:
    """`rows` are SessionViews; sessions without a date yet are left out (a calendar needs DTSTART)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", title)
    stamp = clock.now().replace(microsecond=0)
    for view in rows:
        s = view.session
        if s.start is None:
            continue
        event = Event()
        event.add("uid", stable_uid(org.code, s.body.code, s.key))
        event.add("dtstamp", stamp)
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
        event.add("description", "\n".join(p for p in (host, chair, f"Status: {s.status}") if p))
        event.add("status", "CONFIRMED" if s.status == "held" else "TENTATIVE")
        cal.add_component(event)
    return cal.to_ical()

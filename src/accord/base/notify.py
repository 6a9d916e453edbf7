"""notify(): tell people something, in the inbox and by email, exactly once per (person, key), each in
their own language, with dates and times in their own format.

E-mail is sent after the action's transaction commits, and a refusal never undoes the action: the notice
stays in the inbox marked unsent (emailed False, with the error), and the worker sends it again later
(send_unsent(), with backoff). Each sending locks its notice first, so two senders never send one twice.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import formats, translation
from django.utils.translation import gettext

from accord.base import clock

from .models import Notification

log = logging.getLogger("accord.notify")

# A notice's text before translation: a message id (marked with gettext_noop where it is written) and the
# values for its placeholders. Rendered for each recipient in their language, not the sender's.
Message = tuple[str, Mapping[str, object]]

# A refused e-mail is tried again after 1, 2, 4 ... minutes, at most every 6 hours; never given up.
RETRY_FIRST = timedelta(minutes=1)
RETRY_MAX = timedelta(hours=6)


@dataclass(frozen=True)
class At:
    """A moment in a notice, shown in `zone` (e.g. a silence procedure's own zone), else the reader's."""

    moment: datetime
    zone: str | None = None


class Word(str):
    """A stored word (a stance, a state of a draft) shown translated into the reader's language."""


def _zone(name: str | None) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _value(value: object, reader_zone: str | None) -> object:
    """Dates and times formatted for the reader (the active language's formats), never ISO strings."""
    if isinstance(value, datetime):
        value = At(value)
    if isinstance(value, At):
        zone = _zone(value.zone or reader_zone)
        local = value.moment.astimezone(zone)
        return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({zone.key})"
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, Word):
        return gettext(str(value))
    return value


def render(message: Message | str, language: str, zone: str | None = None) -> str:
    if isinstance(message, str):
        return message
    text, values = message
    with translation.override(language):
        if not values:
            return gettext(text)
        return gettext(text) % {k: _value(v, zone) for k, v in values.items()}


def notify(
    people: Iterable,
    org,
    *,
    kind: str,
    key: str,
    title: Message | str,
    body: Message | str = "",
    url: str = "",
    email: bool = True,
) -> int:
    """Create one Notification per person unless that person already has `key`; returns how many were new.

    Emails are sent after the transaction commits, so a rolled-back action tells nobody. Each person
    reads it in their language (chosen in the language switcher), else the site's default, and their
    time zone.
    """
    people = {p.pk: p for p in people}
    told = set(
        Notification.objects.filter(key=key, person__in=list(people)).values_list("person_id", flat=True)
    )
    now = clock.now()
    notices = []
    for person in people.values():
        if person.pk in told:
            continue
        language = person.language or settings.LANGUAGE_CODE
        zone = getattr(person, "timezone", None)
        notices.append(
            Notification(
                person=person,
                organisation=org,
                kind=kind,
                key=key,
                title=render(title, language, zone)[:300],
                body=render(body, language, zone),
                url=url,
                created_at=now,
                mail_to=(person.email if email else "") or "",
            )
        )
    try:  # one insert for everyone (a blocking stance tells the chair's team: one statement, not one each)
        with transaction.atomic():
            made = Notification.objects.bulk_create(notices)
    except IntegrityError:  # the same notice written meanwhile by a concurrent action: one at a time
        made = []
        for n in notices:
            try:
                with transaction.atomic():
                    n.save(force_insert=True)
            except IntegrityError:
                continue
            made.append(n)
    for n in made:
        if n.mail_to:
            transaction.on_commit(lambda pk=n.pk: deliver(pk))
    return len(made)


def subject_line(title: str) -> str:
    """A header-safe subject: one line (a newline in a title would make Django refuse the message)."""
    return " ".join(title.split())[:200]


def deliver(pk: int) -> bool:
    """Send one notice's e-mail unless it went already; a refusal is recorded for a later retry.

    The notice is locked (an UPDATE) while it is sent, so a second sender waits and then finds it sent."""
    with transaction.atomic():
        claimed = Notification.objects.filter(pk=pk, emailed=False).exclude(mail_to="")
        if not claimed.update(mail_attempts=F("mail_attempts") + 1):
            return False
        n = Notification.objects.get(pk=pk)
        link = f"{settings.ACCORD_SITE_URL}{n.url}" if n.url.startswith("/") else n.url
        try:
            send_mail(subject_line(n.title), f"{n.body}\n\n{link}".strip(), None, [n.mail_to])
        except Exception as exc:  # any refusal (SMTP, socket, bad address): kept for the retry
            wait = min(RETRY_FIRST * 2 ** (n.mail_attempts - 1), RETRY_MAX)
            Notification.objects.filter(pk=pk).update(
                mail_error=f"{type(exc).__name__}: {exc}"[:500], mail_retry_at=clock.now() + wait
            )
            log.warning("e-mail to %s not sent (%s); retrying in %s", n.mail_to, exc, wait)
            return False
        Notification.objects.filter(pk=pk).update(emailed=True, mail_error="", mail_retry_at=None)
    return True


def unsent():
    """Notices whose e-mail is still to be sent."""
    return Notification.objects.filter(emailed=False).exclude(mail_to="")


def send_unsent(now: datetime | None = None, limit: int = 500) -> int:
    """Retry the e-mails whose retry time has come (the worker runs this every minute); returns how many
    went."""
    now = now or clock.now()
    due = unsent().filter(Q(mail_retry_at__lte=now) | Q(mail_retry_at__isnull=True, created_at__lte=now))
    return sum(deliver(pk) for pk in due.order_by("id").values_list("pk", flat=True)[:limit])

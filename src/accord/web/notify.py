"""notify(): tell people something, in the inbox and by email, exactly once per (person, key)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from accord import clock

from .models import Notification


def notify(
    people: Iterable,
    org,
    *,
    kind: str,
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> int:
    """Create one Notification per person unless that person already has `key`; returns how many were new.

    Emails are sent after the transaction commits, so a rolled-back action tells nobody.
    """
    created = 0
    for person in people:
        try:
            with transaction.atomic():
                n = Notification.objects.create(
                    person=person,
                    organisation=org,
                    kind=kind,
                    key=key,
                    title=title,
                    body=body,
                    url=url,
                    created_at=clock.now(),
                )
        except IntegrityError:
            continue
        created += 1
        if email and person.email:
            transaction.on_commit(lambda n=n, to=person.email: _send(n, to))
    return created


def _send(n: Notification, to: str) -> None:
    link = f"{settings.ACCORD_SITE_URL}{n.url}" if n.url.startswith("/") else n.url
    send_mail(n.title, f"{n.body}\n\n{link}".strip(), None, [to], fail_silently=True)
    Notification.objects.filter(pk=n.pk).update(emailed=True)

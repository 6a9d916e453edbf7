"""notify(): tell people something, in the inbox and by email, exactly once per (person, key), each in
their own language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from accord.base import clock

from .models import Notification

# A notice's text before translation: a message id (marked with gettext_noop where it is written) and the
# values for its placeholders. Rendered for each recipient in their language, not the sender's.
Message = tuple[str, Mapping[str, object]]


def render(message: Message | str, language: str) -> str:
    if isinstance(message, str):
        return message
    text, values = message
    with translation.override(language):
        return gettext(text) % values if values else gettext(text)


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
    reads it in their language (chosen in the language switcher), else the site's default.
    """
    created = 0
    for person in people:
        language = person.language or settings.LANGUAGE_CODE
        try:
            with transaction.atomic():
                n = Notification.objects.create(
                    person=person,
                    organisation=org,
                    kind=kind,
                    key=key,
                    title=render(title, language),
                    body=render(body, language),
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

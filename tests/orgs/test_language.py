"""A person's language: chosen in the switcher or taken from the browser at first sign-in, kept, and used
for the notices sent to them (inbox and e-mail), whatever language the sender or the sweep runs in."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.utils import translation

from accord.audit.models import AuditEvent
from accord.base.notify import At, notify
from accord.core.errors import InputError
from accord.orgs.actions import set_language


def test_the_switcher_keeps_a_signed_in_persons_choice(client, make_person):
    person = make_person("ru-reader", "public", "public")
    client.force_login(person)
    r = client.post("/i18n/setlang/", {"language": "ru", "next": "/sco/"})
    assert r.status_code == 302
    person.refresh_from_db()
    assert person.language == "ru"
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.payload) == ("person.language", {"language": "ru"})
    client.post("/i18n/setlang/", {"language": "xx", "next": "/sco/"})  # ignored, as Django ignores it
    person.refresh_from_db()
    assert person.language == "ru"


def test_anonymous_visitors_switch_without_anything_stored(client, sco):
    r = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/sco/"})
    assert r.status_code == 302 and r.cookies["django_language"].value == "zh-hans"
    assert not AuditEvent.objects.filter(action="person.language").exists()


def test_first_sign_in_keeps_the_browsers_language_and_later_ones_bring_it_back(client, make_person):
    person = make_person("zh-reader", "public", "public")
    r = client.post(
        "/accounts/login/",
        {"username": "zh-reader", "password": "accord-test-pw"},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert r.status_code == 302
    person.refresh_from_db()
    assert person.language == "zh-hans"
    client.logout()
    client.cookies.clear()
    r = client.post("/accounts/login/", {"username": "zh-reader", "password": "accord-test-pw"})
    assert r.cookies["django_language"].value == "zh-hans"


def test_an_unknown_language_is_refused_naming_the_field(make_person):
    person = make_person("someone", "public", "public")
    with pytest.raises(InputError) as error:
        set_language(person, "fr")
    assert error.value.field == "language"


def test_each_recipient_reads_the_notice_in_their_own_language(
    make_person, sco, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    readers = {
        lang: make_person(f"reader-{lang}", "public", "public", email=f"{lang}@example.org")
        for lang in ("en", "ru", "zh-hans")
    }
    for lang, person in readers.items():
        set_language(person, lang)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        sent = notify(
            readers.values(),
            sco,
            kind="silence",
            key="test:1",
            title=("Silence broken: %(title)s", {"title": "Astana Declaration"}),
            body=("Deadline: %(deadline)s", {"deadline": At(datetime(2024, 6, 14, 13, tzinfo=UTC), "Asia/Almaty")}),
        )
    assert sent == 3
    titles = {person.username: person.notifications.get().title for person in readers.values()}
    assert titles == {
        "reader-en": "Silence broken: Astana Declaration",
        "reader-ru": "Процедура умолчания прервана: Astana Declaration",
        "reader-zh-hans": "沉默被打破：Astana Declaration",
    }
    assert {m.subject for m in mail.outbox} == set(titles.values())
    # The deadline in each reader's date format, in the procedure's zone: never an ISO string.
    bodies = {m.body.split("\n")[0] for m in mail.outbox}
    assert {"Deadline: 14 Jun 2024 18:00 (Asia/Almaty)", "Срок: 14 июня 2024 18:00 (Asia/Almaty)"} < bodies
    assert "截止时间：2024年6月14日 18:00 (Asia/Almaty)" in bodies

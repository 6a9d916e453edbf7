"""The chair's dashboard, the inbox and the notification sweep (idempotent, from stored dates)."""

from datetime import UTC, date, datetime

import pytest
from freezegun import freeze_time

from accord.base.models import Notification
from accord.cli import main
from accord.dashboard.sweep import sweep
from accord.meetings import actions as meeting_actions
from accord.programmes import actions


@pytest.fixture
def items(sco):
    p = actions.create_programme(None, sco, code="ct", title_en="Counter-terrorism", start_year=2024, end_year=2026)
    for target in ("approved_by_rats_council", "approved_by_chs", "in_implementation"):
        actions.advance_programme(None, p, target, on=date(2024, 1, 1))
    due = actions.add_item(None, p, code="1", title_en="Joint exercise", deadline=date(2024, 6, 20),
                           responsible_states=["KZ"])
    late = actions.add_item(None, p, code="2", title_en="Border operation", deadline=date(2024, 5, 1),
                            responsible_states=["IN"])
    body = actions.add_item(None, p, code="3", title_en="Memorandum", deadline=date(2024, 6, 1),
                            responsible_body="RATS_COUNCIL")
    return due, late, body


@pytest.mark.django_db
@freeze_time("2024-04-15 09:00:00")
@pytest.mark.parametrize("extra", [0, 10])
def test_dashboard_for_the_chair(sco, people, login, items, django_assert_max_num_queries, extra):
    for i in range(extra):
        meeting_actions.create_session(None, sco, body="CNC", start=date(2024, 5, 10 + i))
    client = login(people["kz_head"])
    with django_assert_max_num_queries(40):
        r = client.get("/sco/dashboard/")
    page = r.content.decode()
    assert r.status_code == 200
    assert "Kazakhstan" in page and "80 days left" in page  # term ends 4 Jul 2024
    assert page.count("<svg") >= 2 and "Border operation" in page
    for who in ("kz_delegate", "in_head", "public", "investor"):
        assert login(people[who]).get("/sco/dashboard/").status_code == 403


@pytest.mark.django_db
def test_sweep_is_idempotent_and_catches_up(sco, people, items):
    kz, ind, sec = people["kz_delegate"], people["in_head"], people["secretariat"]
    first = sweep(sco, datetime(2024, 6, 10, 6, tzinfo=UTC))
    assert first.sent["item.due"] >= 1 and first.sent["item.overdue"] >= 2
    assert Notification.objects.filter(person=kz, kind="item.due").count() == 1
    assert Notification.objects.filter(person=ind, kind="item.overdue").count() == 1
    assert Notification.objects.filter(person=sec, kind="item.overdue").count() == 1  # the body's item
    assert Notification.objects.filter(person=kz, kind="report.missing").count() == 1
    again = sweep(sco, datetime(2024, 6, 10, 7, tzinfo=UTC))
    assert again.total == 0
    # a report filed stops the reminder for next year only when filed: nothing new this year
    assert sweep(sco, datetime(2024, 6, 11, tzinfo=UTC)).total == 0


@pytest.mark.django_db
def test_no_report_reminder_before_june(sco, people, items):
    sweep(sco, datetime(2024, 3, 1, tzinfo=UTC))
    assert not Notification.objects.filter(kind="report.missing").exists()


@pytest.mark.django_db(transaction=True)
@freeze_time("2024-06-10 06:00:00")
def test_cli_notify_run_and_task(sco, people, items, capsys):
    assert main(["notify", "run", "--org", "sco"]) == 0
    assert "notifications sent" in capsys.readouterr().out
    assert main(["notify", "run", "--org", "sco"]) == 0
    assert "0 notifications sent" in capsys.readouterr().out
    assert main(["notify", "run", "--org", "nope"]) == 2
    from accord.dashboard.tasks import notification_sweep

    assert sum(notification_sweep.call("sco").values()) == 0


@pytest.mark.django_db
@freeze_time("2024-06-10 06:00:00")
def test_inbox_lists_and_marks_read(sco, people, login, items):
    sweep(sco, datetime(2024, 6, 10, 6, tzinfo=UTC))
    client = login(people["kz_delegate"])
    page = client.get("/sco/inbox/").content.decode()
    assert "Joint exercise" in page and "Mark all read" in page
    other = Notification.objects.filter(person=people["in_head"]).first()
    client.post("/sco/inbox/read/", {"id": [other.pk]})
    other.refresh_from_db()
    assert other.read_at is None  # not one's own: untouched
    client.post("/sco/inbox/read/")
    assert not Notification.objects.filter(person=people["kz_delegate"], read_at__isnull=True).exists()
    assert client.get("/sco/inbox/").status_code == 200
    from django.test import Client

    assert Client().get("/sco/inbox/").status_code == 302


@pytest.mark.django_db
@freeze_time("2024-04-15 09:00:00")
@pytest.mark.parametrize("lang,title,days", [("ru", "Панель председателя", "Осталось 80 дней"),
                                             ("zh-hans", "主席工作台", "剩余 80 天")])
def test_dashboard_is_translated(sco, people, login, items, lang, title, days):
    page = login(people["kz_head"]).get("/sco/dashboard/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert title in page and days in page


def test_notify_tells_each_person_once_also_when_a_concurrent_action_told_one_first(sco, people, monkeypatch):
    """notify() writes everyone's notice in one insert; when an action running at the same moment wrote
    one of them first (the insert then breaks the unique key), it falls back to one at a time and writes
    the others, so nobody is told twice and nobody is left out."""
    from accord.base import notify as notify_module
    from accord.base.models import Notification

    them = [people["kz_head"], people["in_delegate"]]
    notify_module.notify([them[0]], sco, kind="test", key="test:race", title="First", email=False)
    real = Notification.objects.filter

    def blind(*args, **kwargs):  # the other action's notice is not yet visible when notify() looks
        return real(*args, **kwargs).none() if kwargs.get("key") == "test:race" else real(*args, **kwargs)

    monkeypatch.setattr(Notification.objects, "filter", blind)
    assert notify_module.notify(them, sco, kind="test", key="test:race", title="Again", email=False) == 1
    monkeypatch.undo()
    assert Notification.objects.filter(key="test:race").count() == 2
    assert notify_module.notify(them, sco, kind="test", key="test:race", title="Again", email=False) == 0

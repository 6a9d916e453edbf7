"""`accord calendar` and the subscription feed: valid iCalendar, stable UIDs, bad input refused."""

from datetime import date

import pytest
from icalendar import Calendar

from accord.cli import main
from accord.meetings import actions


@pytest.fixture(autouse=True)
def _site(settings):
    settings.ACCORD_SITE_URL = "https://meetings.example.org"


def parse(text):
    cal = Calendar.from_ical(text)
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    events = list(cal.walk("VEVENT"))
    for e in events:
        for prop in ("DTSTART", "UID", "DTSTAMP", "SUMMARY"):
            assert prop in e, prop
    return events


@pytest.mark.django_db(transaction=True)
def test_cli_prints_valid_icalendar_with_stable_uids(sco, capsys):
    assert main(["calendar", "--org", "sco", "--body", "CHS"]) == 0
    events = parse(capsys.readouterr().out)
    assert len(events) >= 25
    astana = next(e for e in events if e["UID"] == "sco-chs-2024@meetings.example.org")
    assert astana.decoded("DTSTART") == date(2024, 7, 4)
    assert astana.decoded("DTEND") == date(2024, 7, 5)  # exclusive end of the all-day event
    assert "Astana" in str(astana["SUMMARY"])
    assert main(["calendar", "--org", "sco", "--body", "CHS"]) == 0
    again = parse(capsys.readouterr().out)
    assert [str(e["UID"]) for e in again] == [str(e["UID"]) for e in events]
    assert len({str(e["UID"]) for e in events}) == len(events)


@pytest.mark.django_db(transaction=True)
def test_cli_date_range(sco, capsys):
    actions.create_session(None, sco, body="CNC", start=date(2024, 3, 20), number=1)
    actions.create_session(None, sco, body="CNC", start=date(2024, 5, 20), number=2)
    assert main(["calendar", "--org", "sco", "--from", "2024-03-01", "--to", "2024-04-30"]) == 0
    events = parse(capsys.readouterr().out)
    assert [str(e["UID"]) for e in events] == ["sco-cnc-2024-1@meetings.example.org"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("args,message", [
    (["--org", "nope"], "--org"),
    (["--org", "sco", "--body", "NOPE"], "--body"),
    (["--org", "sco", "--from", "2024-02-30"], "not a date"),
    (["--org", "sco", "--from", "2024-05-01", "--to", "2024-04-01"], "--from"),
])
def test_cli_bad_input_exits_2_with_one_line(sco, capsys, args, message):
    with pytest.raises(SystemExit) if "not a date" in message else _nothing():
        code = main(["calendar", *args])
        assert code == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.mark.django_db
def test_subscription_feed(sco, client):
    r = client.get("/sco/meetings/calendar.ics?body=CHG")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    events = parse(r.content)
    assert events and all(str(e["UID"]).startswith("sco-chg-") for e in events)
    assert client.get("/sco/meetings/calendar.ics?body=NOPE").status_code == 422
    assert client.get("/sco/meetings/calendar.ics?from=2024-13-01").status_code == 422
    assert client.get("/sco/meetings/calendar.ics?from=2025-01-01&to=2024-01-01").status_code == 422
    assert client.get("/nope/meetings/calendar.ics").status_code == 404
    r = client.get("/api/orgs/sco/calendar.ics?body=CHS&from=2024-01-01&to=2024-12-31")
    assert [str(e["UID"]) for e in parse(r.content)] == ["sco-chs-2024@meetings.example.org"]
    assert client.get("/api/orgs/sco/calendar.ics?body=NOPE").status_code == 422

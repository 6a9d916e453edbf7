"""A second report for the same year is a new version; the first stays as its history."""

from datetime import date

import pytest
from freezegun import freeze_time

from accord.audit.models import AuditEvent
from accord.programmes import actions
from accord.programmes.models import ImplementationReport

from .test_programmes import programme, running  # noqa: F401  (fixtures)


@pytest.mark.django_db
@freeze_time("2024-03-01 09:00:00")
def test_refiling_adds_a_version_and_the_page_shows_the_history(running, people, client):
    p, a, *_ = running
    first = actions.file_report(None, a, state="KZ", year=2024, percent=40, narrative="Planning done.")
    second = actions.file_report(None, a, state="KZ", year=2024, percent=60, narrative="Exercise held.")
    actions.file_report(None, a, state="CN", year=2024, percent=20, narrative="Started.")
    assert (first.version, second.version) == (1, 2)
    assert ImplementationReport.objects.filter(item=a, state__code="KZ", year=2024).count() == 2
    a.refresh_from_db()
    assert a.percent == 40  # the mean of KZ's current 60 and CN's 20, not of 40
    events = AuditEvent.objects.filter(action="report.file").order_by("id")
    assert [e.payload["version"] for e in events] == [1, 2, 1]
    client.force_login(people["kz_head"])
    html = client.get(f"/sco/programmes/{p.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "version 2; earlier versions" in html and "version 1, filed" in html
    assert html.count("Planning done.") == 1 and "Exercise held." in html


@pytest.mark.django_db
@freeze_time("2024-03-01 09:00:00")
def test_progress_svg_widths_are_not_localized(running, people, client):
    p, a, *_ = running
    actions.file_report(None, a, state="KZ", year=2024, percent=45, narrative="Half way.")
    client.force_login(people["kz_head"])
    html = client.get(f"/sco/programmes/{p.code}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    svg = html.split('<svg class="chart"', 1)[1].split("</svg>", 1)[0]
    widths = [w for w in __import__("re").findall(r'width="([^"]+)"', svg)]
    assert widths and all("," not in w for w in widths), widths
    assert any("." in w for w in widths)  # 22.5% of the bar: a fraction, written with a point

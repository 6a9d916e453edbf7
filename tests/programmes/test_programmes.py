"""Programmes: lifecycle as workflow data, items, reports filed only by the responsible state, roll-up."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from freezegun import freeze_time

from accord.audit.models import AuditEvent
from accord.core.errors import InputError
from accord.orgs.queries import actor_for
from accord.programmes import actions, queries
from accord.programmes.models import ImplementationReport

ON = date(2024, 3, 1)
ROLES = ["secretariat", "kz_head", "kz_delegate", "kz_nc", "in_head", "in_delegate", "cn_head", "mn_delegate",
         "investor", "public"]


@pytest.fixture
def programme(sco):
    p = actions.create_programme(None, sco, code="ct-2022-24", title_en="Counter-terrorism 2022-24",
                                 start_year=2022, end_year=2024, reviewing_body="RATS_COUNCIL",
                                 approving_body="CHS")
    a = actions.add_item(None, p, code="1", title_en="Joint exercise", weight=2, deadline=date(2024, 2, 1),
                         responsible_states=["KZ", "CN"])
    b = actions.add_item(None, p, code="2", title_en="Information campaign", weight=1,
                         deadline=date(2024, 12, 1), responsible_states=["IN"])
    c = actions.add_item(None, p, code="3", title_en="Memorandum with the CIS ATC", weight=1,
                         responsible_body="RATS_COUNCIL")
    return p, a, b, c


@pytest.fixture
def running(programme):
    """The same programme approved and in implementation, so its states report on it."""
    for target in ("approved_by_rats_council", "approved_by_chs", "in_implementation"):
        actions.advance_programme(None, programme[0], target, on=date(2022, 1, 1))
    return programme


def actor(people, who):
    return actor_for(people[who], people[who].affiliations.first().organisation, ON)


@pytest.mark.django_db
def test_lifecycle_follows_the_programme_workflow(programme, people):
    p, *_ = programme
    sec = actor(people, "secretariat")
    for target in ("approved_by_rats_council", "approved_by_chs", "in_implementation"):
        actions.advance_programme(sec, p, target, on=ON)
    assert p.state == "in_implementation"
    assert [s.state for s in p.steps.all()] == ["approved_by_rats_council", "approved_by_chs", "in_implementation"]
    with pytest.raises(InputError) as exc:
        actions.advance_programme(sec, p, "completed")
    assert exc.value.field == "state"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_only_the_secretariat_manages_programmes(programme, people, who):
    p, a, *_ = programme
    act = actor(people, who)
    calls = [
        lambda: actions.create_programme(act, p.organisation, code=f"x-{who}", title_en="X", start_year=2025,
                                         end_year=2027),
        lambda: actions.advance_programme(act, p, "approved_by_rats_council"),
        lambda: actions.add_item(act, p, code=f"n-{who}", title_en="New", responsible_states=["KZ"]),
        lambda: actions.update_item(act, a, weight=3),
        lambda: actions.move_item(act, a, "cancelled"),
    ]
    for call in calls:
        if who == "secretariat":
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()


# Item 1 is KZ's and CN's; only their delegations may file for them, each for its own state.
FILERS = {("KZ", "kz_head"), ("KZ", "kz_delegate"), ("KZ", "kz_nc"), ("CN", "cn_head")}


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["KZ", "CN", "IN", "MN"])
@pytest.mark.parametrize("who", ROLES)
def test_only_the_responsible_states_delegation_files_its_report(running, people, who, state):
    p, a, *_ = running
    act = actor(people, who)
    if (state, who) in FILERS:
        actions.file_report(act, a, state=state, year=2024, percent=50, narrative="Exercise held.")
        assert ImplementationReport.objects.filter(item=a, state__code=state).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            actions.file_report(act, a, state=state, year=2024, percent=50, narrative="Exercise held.")
        assert not ImplementationReport.objects.exists()


@pytest.mark.django_db
def test_report_validation_names_the_field(running, people):
    p, a, *_ = running
    kz = actor(people, "kz_delegate")
    for kwargs, field in [({"percent": 120}, "percent"), ({"percent": "x"}, "percent"), ({"year": 2030}, "year"),
                          ({"narrative": "  "}, "narrative")]:
        args = {"state": "KZ", "year": 2024, "percent": 10, "narrative": "ok", **kwargs}
        with pytest.raises(InputError) as exc:
            actions.file_report(kz, a, **args)
        assert exc.value.field == field
    assert not ImplementationReport.objects.exists()


@pytest.mark.django_db
def test_series_is_a_short_code(sco):
    with pytest.raises(InputError) as exc:
        actions.create_programme(None, sco, code="x", title_en="X", start_year=2025, end_year=2027,
                                 series="Counter terrorism")
    assert exc.value.field == "series"
    assert actions.create_programme(None, sco, code="y", title_en="Y", start_year=2025, end_year=2027,
                                    series="ct").series == "ct"


@pytest.mark.django_db
def test_reports_only_while_the_programme_is_carried_out(programme, people):
    p, a, *_ = programme
    kz = actor(people, "kz_delegate")
    for target in ("approved_by_rats_council", "approved_by_chs"):  # items drafted, programme not yet running
        with pytest.raises(InputError) as exc:
            actions.file_report(kz, a, state="KZ", year=2024, percent=10, narrative="Too early.")
        assert exc.value.field == "item"
        actions.advance_programme(None, p, target, on=ON)
    actions.advance_programme(None, p, "in_implementation", on=ON)
    actions.file_report(kz, a, state="KZ", year=2024, percent=10, narrative="Started.")
    # A programme no body approves (a chair's priorities) is carried out from its creation.
    priorities = actions.create_programme(None, p.organisation, code="kz-priorities", kind="priorities",
                                          title_en="Priorities", start_year=2023, end_year=2024)
    item = actions.add_item(None, priorities, code="1", title_en="Security", responsible_states=["KZ"])
    actions.file_report(kz, item, state="KZ", year=2024, percent=50, narrative="Under way.")
    assert ImplementationReport.objects.count() == 2


@pytest.mark.django_db
@freeze_time("2024-03-01 09:00:00")
def test_reports_roll_up_weighted_and_overdue(running, people):
    p, a, b, c = running
    before = AuditEvent.objects.count()
    actions.file_report(actor(people, "kz_delegate"), a, state="KZ", year=2024, percent=80, narrative="Held.")
    assert AuditEvent.objects.count() == before + 1
    a.refresh_from_db()
    assert float(a.percent) == 40.0  # CN has not reported: (80 + 0) / 2
    actions.file_report(actor(people, "cn_head"), a, state="CN", year=2024, percent=40, narrative="Held.")
    actions.file_report(actor(people, "in_delegate"), b, state="IN", year=2024, percent=100, narrative="Done.")
    actions.update_item(actor(people, "secretariat"), c, percent=20)
    view = queries.programme(p.organisation, p.code, date(2024, 3, 1))
    # weights 2, 1, 1: (2*60 + 100 + 20) / 4 = 60
    assert view.progress.percent == pytest.approx(60.0)
    assert view.progress.overdue == (a.pk,)
    # refiling the same year adds a version, which counts; the first stays as history
    actions.file_report(actor(people, "cn_head"), a, state="CN", year=2024, percent=80, narrative="Held again.")
    versions = ImplementationReport.objects.filter(item=a, state__code="CN").order_by("version")
    assert [(r.version, float(r.percent)) for r in versions] == [(1, 40.0), (2, 80.0)]
    a.refresh_from_db()
    assert float(a.percent) == 80.0


@pytest.mark.django_db
def test_implementers_move_their_items(programme, people):
    p, a, *_ = programme
    actions.move_item(actor(people, "kz_nc"), a, "in_progress")
    with pytest.raises(PermissionDenied):
        actions.move_item(actor(people, "in_head"), a, "delayed")
    with pytest.raises(PermissionDenied):  # cancelling is the Secretariat's
        actions.move_item(actor(people, "kz_head"), a, "cancelled")
    with pytest.raises(InputError):
        actions.move_item(actor(people, "kz_head"), a, "planned")
    actions.move_item(actor(people, "secretariat"), a, "cancelled")



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
    widths = [w for w in re.findall(r'width="([^"]+)"', svg)]
    assert widths and all("," not in w for w in widths), widths
    assert any("." in w for w in widths)  # 22.5% of the bar: a fraction, written with a point

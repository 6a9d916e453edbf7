"""The demo's programmes on the demo date (10 June 2024): 2025-27 live and awaiting the CHS at Astana,
2022-24 in its final year of implementation; every recorded decision sourced or marked illustrative."""

import json
from datetime import date
from importlib import resources

import pytest
from freezegun import freeze_time

from accord.base.demo import DEMO_CLOCK_START, DemoContext
from accord.core.workflow import check_transition
from accord.core.workflows import PROGRAMME
from accord.meetings import demo as meetings_demo
from accord.meetings.models import AgendaItem
from accord.programmes import demo as programmes_demo
from accord.programmes import queries
from accord.programmes.models import ImplementationReport, Programme, ProgrammeStep

DEMO_DAY = date(2024, 6, 10)
AWAITING_CHS = "awaiting approval by the Council of Heads of State"


@pytest.fixture
def demo(sco):
    ctx = DemoContext(org=sco)
    meetings_demo.load_sessions(ctx)
    programmes_demo.load(ctx)
    meetings_demo.load(ctx)
    return sco


def test_the_demo_date_is_the_demo_clock():
    assert DEMO_CLOCK_START.startswith(DEMO_DAY.isoformat()) and programmes_demo.DEMO_DAY == DEMO_DAY


def test_every_step_in_the_data_is_a_move_of_the_workflow_and_says_where_it_comes_from():
    data = json.loads(resources.files("accord.data").joinpath("sco", "programmes.json").read_text("utf-8"))
    for series in data["programmes"]:
        for cycle in series["cycles"]:
            state = PROGRAMME.initial
            for step in cycle["steps"]:
                check_transition(PROGRAMME, state, step["state"])
                state = step["state"]
                decided = step["body"] is not None
                # A council's decision is sourced or marked as written for the demo.
                assert not decided or step["source"] or step["illustrative"], (cycle["code"], step)
                assert not (step["secondary"] and step["illustrative"])
                assert len(step["note"]) <= 300


@pytest.mark.django_db
def test_2025_27_is_live_and_awaits_the_chs_at_astana(demo):
    views = {v.programme.code: v for v in queries.programmes(demo, DEMO_DAY)}
    assert [code for code, v in views.items() if v.live] == ["ct-2025-27"]

    nxt = views["ct-2025-27"]
    assert nxt.programme.state == "approved_by_rats_council"
    [step] = nxt.programme.steps.all()
    assert step.on == date(2024, 3, 28) and step.illustrative and step.session.body.code == "RATS_COUNCIL"
    [pending] = nxt.pending
    assert pending.session.body.code == "CHS" and pending.session.start == date(2024, 7, 4)
    assert pending.session.city_en == "Astana" and pending.programme_id == nxt.programme.pk
    assert pending.circulated_on == date(2024, 6, 3)  # 31 days ahead: no late-circulation warning
    assert len(nxt.items) == 7 and {v.item.state for v in nxt.items} == {"planned"}
    assert not ImplementationReport.objects.filter(item__programme=nxt.programme).exists()

    current = views["ct-2022-24"]
    assert current.programme.state == "in_implementation" and current.final_year and not current.live
    assert ImplementationReport.objects.filter(item__programme=current.programme, year=2023).count() >= 10
    assert views["ct-2019-21"].programme.state == "completed"


@pytest.mark.django_db
def test_approvals_of_earlier_cycles_carry_their_sources(demo):
    qingdao = ProgrammeStep.objects.get(programme__code="ct-2019-21", state="approved_by_chs")
    assert qingdao.on == date(2018, 6, 10) and qingdao.session.city_en == "Qingdao"
    assert qingdao.secondary and not qingdao.illustrative and "akipress.com" in qingdao.source
    rats_2018 = ProgrammeStep.objects.get(programme__code="ct-2019-21", state="approved_by_rats_council")
    assert not rats_2018.secondary and not rats_2018.illustrative and "gov.uz" in rats_2018.source
    dushanbe = ProgrammeStep.objects.get(programme__code="ct-2022-24", state="approved_by_chs")
    assert dushanbe.on == date(2021, 9, 17) and dushanbe.session.city_en == "Dushanbe"
    assert dushanbe.secondary and "tass.com" in dushanbe.source
    assert ProgrammeStep.objects.get(programme__code="ct-2022-24", state="approved_by_rats_council").illustrative
    # decisions after the demo date are not recorded: the Astana approval is only on the agenda
    assert not ProgrammeStep.objects.filter(on__gt=DEMO_DAY).exists()


@pytest.mark.django_db
def test_loading_twice_changes_nothing(demo):
    counts = (Programme.objects.count(), ProgrammeStep.objects.count(), AgendaItem.objects.count(),
              ImplementationReport.objects.count())
    programmes_demo.load(DemoContext(org=demo))
    meetings_demo.load(DemoContext(org=demo))
    assert counts == (Programme.objects.count(), ProgrammeStep.objects.count(), AgendaItem.objects.count(),
                      ImplementationReport.objects.count())


@pytest.mark.django_db
@freeze_time("2024-06-10 06:00:00")
def test_pages_and_dashboard_show_2025_27_as_the_live_cycle(demo, people, login, django_assert_max_num_queries):
    client = login(people["kz_delegate"])
    with django_assert_max_num_queries(16):
        index = client.get("/sco/programmes/").content.decode()
    row = index.split('data-code="ct-2025-27"')[1].split("</tr>")[0]
    assert "live cycle" in row and AWAITING_CHS in row and "on the agenda of" in row
    current = index.split('data-code="ct-2022-24"')[1].split("</tr>")[0]
    assert "live cycle" not in current and "in implementation" in current and "final year" in current

    astana = AgendaItem.objects.get(programme__code="ct-2025-27").session
    detail = client.get("/sco/programmes/ct-2025-27/").content.decode()
    assert AWAITING_CHS in detail and f"/sco/meetings/sessions/{astana.pk}/" in detail
    assert "date written for the demo" in detail and 'id="drafted"' in detail
    assert 'class="report-form"' not in detail  # nothing to report on before approval
    assert 'class="report-form"' in client.get("/sco/programmes/ct-2022-24/").content.decode()
    earlier = client.get("/sco/programmes/ct-2019-21/").content.decode()
    assert "secondary source" in earlier and 'href="https://m.akipress.com/news:607558/"' in earlier

    api = {p["code"]: p for p in client.get("/api/orgs/sco/programmes").json()}
    assert [code for code, p in api.items() if p["live"]] == ["ct-2025-27"] and api["ct-2022-24"]["series"] == "ct"

    session = client.get(f"/sco/meetings/sessions/{astana.pk}/").content.decode()
    assert 'href="/sco/programmes/ct-2025-27/"' in session

    dashboard = login(people["kz_nc"]).get("/sco/dashboard/").content.decode()
    listed = dashboard.split('id="programmes"')[1].split("</section>")[0]
    first = listed.split("<li")[1]
    assert 'data-code="ct-2025-27"' in first and "live cycle" in first and AWAITING_CHS in first
    assert 'data-code="ct-2022-24"' in listed and 'data-code="ct-2019-21"' not in listed


@pytest.mark.django_db
@freeze_time("2024-06-10 06:00:00")
@pytest.mark.parametrize("lang,stage,live", [("ru", "ожидает утверждения: Совет глав государств-членов", "действующий цикл"),
                                             ("zh-hans", "待成员国元首理事会批准", "当前周期")])
def test_the_stage_is_translated(demo, people, login, lang, stage, live):
    page = login(people["kz_nc"]).get("/sco/dashboard/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert stage in page and live in page
    page = login(people["kz_nc"]).get("/sco/programmes/ct-2025-27/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert stage in page

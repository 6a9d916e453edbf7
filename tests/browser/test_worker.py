"""On the demo clock, in a real chromium: the chair opens a silence procedure, the demo clock is moved past
its deadline (`accord clock advance`), the worker runs, and the page shows the draft adopted."""

from datetime import UTC, date, datetime

import pytest

from accord.base import clock
from accord.cli import main
from accord.dashboard import worker
from accord.negotiations import actions
from tests.browser.conftest import shot
from tests.negotiations.conftest import authenticate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_clock(settings, tmp_path):
    """The demo's shared clock, started as `accord demo` starts it, inside the Kazakh chairmanship."""
    settings.ACCORD_CLOCK_FILE = str(tmp_path / "demo-clock.json")
    clock.start_demo_clock(datetime(2024, 6, 10, 6, tzinfo=UTC))
    yield
    clock._cache.update(key=None, offset=None)


def test_moving_the_demo_clock_past_the_deadline_adopts_the_draft(
    page, live_server, sco, make_person, demo_clock
):
    make_person("kz-head", "delegation", "head", "KZ", start=date(2001, 1, 1))
    draft = actions.create_draft(None, sco, body="CHS", title="Astana Declaration", kind="declaration")
    actions.add_provision(None, draft, kind="PP", options=[{"text": "Recalling the Charter", "proposed_by": "KZ"}])
    actions.open_negotiation(None, draft)
    authenticate(draft)  # silence adopts at its deadline: the ru and zh versions are verified first
    url = f"{live_server.url}/sco/negotiations/drafts/{draft.pk}/"

    page.goto(f"{live_server.url}/accounts/login/?next=/sco/negotiations/drafts/{draft.pk}/")
    page.fill("#id_username", "kz-head")
    page.fill("#id_password", "accord-test-pw")
    page.click("button[type=submit]")
    page.wait_for_url(url)
    page.fill("#new-silence input[name=deadline]", "2024-06-14T12:00")
    page.fill("#new-silence input[name=timezone]", "Asia/Almaty")
    page.click("#new-silence button[type=submit]")
    page.wait_for_load_state()
    assert "running" in page.inner_text("#silence")
    assert "14 Jun 2024 12:00 (Asia/Almaty)" in page.inner_text("#silence")

    assert main(["clock", "advance", "5d"]) == 0  # the documented way: `accord clock advance 5d`
    worker.run_once()  # what the worker beside the demo server does on its own every few seconds
    page.goto(url)
    assert page.inner_text("h1 + p .badge") == "adopted"
    assert "adopted at the deadline" in page.inner_text("#silence-adopted")
    shot(page, "worker-silence-adopted-on-the-demo-clock")
    page.click("#silence-adopted a")
    assert "Recalling the Charter" in page.inner_text("main")

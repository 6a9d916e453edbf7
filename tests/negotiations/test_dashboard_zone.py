"""The chair's dashboard: a silence deadline carries the zone it is shown in."""

from datetime import UTC, datetime

import pytest

from accord.negotiations import actions

from .conftest import authenticate

pytestmark = pytest.mark.django_db


def test_deadline_is_labelled_with_the_zone_it_is_shown_in(make_draft, people, client):
    draft = make_draft(n=1)
    # 18:00 in Almaty (UTC+5) on 4 March 2024
    actions.open_silence(
        None, authenticate(draft), deadline=datetime(2024, 3, 4, 13, tzinfo=UTC), timezone="Asia/Almaty"
    )
    sec = people["secretariat"]
    sec.timezone = "Europe/Moscow"
    sec.save()
    client.force_login(sec)
    html = client.get("/sco/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    part = html.split('id="drafts"', 1)[1].split("</section>", 1)[0]
    assert "4 Mar 2024 16:00 (Europe/Moscow)" in part and "4 Mar 2024 18:00 (Asia/Almaty)" in part
    assert "16:00 (Asia/Almaty)" not in part

"""The Secretariat's back office: every change made in the admin is an audited action."""

from accord.audit.log import verify
from accord.audit.models import AuditEvent
from accord.orgs.models import Session, State


def test_admin_change_is_audited(client, make_person, sco):
    staff = make_person("sec-admin", "secretariat", "staff", is_staff=True, is_superuser=True)
    client.force_login(staff)
    kz = State.objects.get(code="KZ")
    url = f"/admin/orgs/state/{kz.pk}/change/"
    assert client.get(url).status_code == 200
    r = client.post(
        url, {"code": "KZ", "name_en": "Kazakhstan", "name_ru": "Казахстан", "name_zh": "哈萨克斯坦共和国"}
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "admin.change" and event.actor_name == "sec-admin"
    assert event.object_type == "orgs.state" and event.payload["fields"] == ["name_zh"]
    assert verify().ok


def test_recorded_session_date_moves_the_chair(client, make_person, sco):
    """When the Secretariat records Bishkek 2026's dates, Kyrgyzstan's term ends there."""
    from datetime import date

    from accord.base.actions import admin_save

    staff = make_person("sec-admin3", "secretariat", "staff", is_staff=True, is_superuser=True)
    session = Session.objects.get(organisation=sco, body__code="CHS", year=2026)
    session.start, session.end, session.status = date(2026, 6, 20), date(2026, 6, 21), "held"
    admin_save(staff, session, True, {"start": [None, "2026-06-20"], "end": [None, "2026-06-21"], "status": ["announced", "held"]})
    assert client.get("/api/orgs/sco/chair", {"on": "2026-06-21"}).json()["chair"]["code"] == "KG"
    after = client.get("/api/orgs/sco/chair", {"on": "2026-06-22"}).json()
    assert (
        after["chair"]["code"] == "PK"
        and after["basis"] == "forecast"
        and after["term"]["start"] == "2026-06-22"
    )


def test_admin_delete_is_audited(client, make_person, sco):
    staff = make_person("sec-admin2", "secretariat", "staff", is_staff=True, is_superuser=True)
    client.force_login(staff)
    state = State.objects.create(code="ZZ", name_en="Testland")
    r = client.post(f"/admin/orgs/state/{state.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "admin.delete" and event.object_id == str(state.pk)


def test_non_staff_cannot_reach_admin(client, people):
    client.force_login(people["kz_head"])
    assert client.get("/admin/orgs/state/").status_code == 302


def test_a_reload_of_the_data_files_keeps_the_secretariats_corrections(client, make_person, sco):
    """Recording Bishkek 2026's dates in the admin survives `accord load-reference` and `accord demo`."""
    from datetime import date

    from accord.base.actions import admin_save
    from accord.orgs.actions import load_reference

    staff = make_person("sec-admin4", "secretariat", "staff", is_staff=True, is_superuser=True)
    client.force_login(staff)
    kz = State.objects.get(code="KZ")
    r = client.post(
        f"/admin/orgs/state/{kz.pk}/change/",
        {"code": "KZ", "name_en": "Kazakhstan", "name_ru": "Казахстан", "name_zh": "哈萨克斯坦共和国"},
    )
    assert r.status_code == 302
    session = Session.objects.get(organisation=sco, body__code="CHS", year=2026)
    session.start, session.end, session.status = date(2026, 6, 20), date(2026, 6, 21), "held"
    admin_save(staff, session, True, {"start": [None, "2026-06-20"], "end": [None, "2026-06-21"], "status": ["announced", "held"]})

    result = load_reference("sco")
    assert result.kept == {"states": 1, "sessions": 1} and result.updated == {}
    session.refresh_from_db()
    kz.refresh_from_db()
    assert (session.start, session.curated, kz.name_zh) == (date(2026, 6, 20), True, "哈萨克斯坦共和国")
    assert client.get("/api/orgs/sco/chair", {"on": "2026-06-22"}).json()["chair"]["code"] == "PK"
    assert AuditEvent.objects.order_by("-id").first().payload["kept"] == {"states": 1, "sessions": 1}

    # Asked to, the files' values come back and the rows are the files' again.
    result = load_reference("sco", overwrite_edits=True)
    assert result.updated == {"states": 1, "sessions": 1} and result.kept == {}
    session.refresh_from_db()
    kz.refresh_from_db()
    assert (session.start, session.curated, kz.name_zh, kz.curated) == (None, False, "哈萨克斯坦", False)
    assert load_reference("sco").updated == {}
    assert verify().ok


def test_a_row_the_secretariat_removed_stays_removed_on_reload(client, make_person, sco):
    from accord.orgs.actions import load_reference
    from accord.orgs.models import RemovedReference, Status

    staff = make_person("sec-admin5", "secretariat", "staff", is_staff=True, is_superuser=True)
    client.force_login(staff)
    wrong = Status.objects.get(organisation=sco, state__code="MN", kind="observer")
    r = client.post(f"/admin/orgs/status/{wrong.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    assert AuditEvent.objects.order_by("-id").first().action == "admin.delete"

    result = load_reference("sco")
    assert result.kept == {"statuses": 1} and result.created == {}
    assert not Status.objects.filter(organisation=sco, state__code="MN", kind="observer").exists()

    # Deleting the removal in the admin (or --overwrite-edits) lets the files' row come back.
    result = load_reference("sco", overwrite_edits=True)
    assert result.created == {"statuses": 1} and not RemovedReference.objects.exists()
    assert Status.objects.filter(organisation=sco, state__code="MN", kind="observer").exists()

    again = Status.objects.get(organisation=sco, state__code="MN", kind="observer")
    client.post(f"/admin/orgs/status/{again.pk}/delete/", {"post": "yes"})
    removal = RemovedReference.objects.get()
    assert (
        client.post(f"/admin/orgs/removedreference/{removal.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    assert load_reference("sco").created == {"statuses": 1}
    assert verify().ok

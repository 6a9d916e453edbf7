"""The optional TOTP second factor for staff (accord.web.otp): enrolment, sign-in on both login pages,
and production superusers sent to enrol before the admin."""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.audit.models import AuditEvent
from tests.conftest import PASSWORD


def code(device, offset=0):
    """The device's current code, computed as an authenticator app would."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def enrolled(client, person):
    client.force_login(person)
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200 and b"<svg" in page.content and b"otpauth://totp/" in page.content
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    assert re.search(rb"<code>[A-Z2-7]{32,}</code>", page.content)
    r = client.post("/accounts/two-factor/", {"token": code(device)})
    assert r.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    return device


def test_enrolment_confirms_the_device_and_is_audited(client, make_person):
    root = make_person("root", is_staff=True, is_superuser=True)
    enrolled(client, root)
    assert AuditEvent.objects.filter(action="person.second_factor").count() == 1


def test_a_wrong_code_does_not_enrol(client, make_person):
    staff = make_person("clerk", is_staff=True)
    client.force_login(staff)
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=staff)
    wrong = f"{(int(code(device)) + 1) % 10**6:06d}"
    r = client.post("/accounts/two-factor/", {"token": wrong})
    assert r.status_code == 422 and not TOTPDevice.objects.filter(confirmed=True).exists()
    r = client.post("/accounts/two-factor/", {"token": "12ab"})
    assert r.status_code == 422 and "digits" in r.content.decode()
    assert not AuditEvent.objects.filter(action="person.second_factor").exists()


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_sign_in_after_enrolment_needs_the_code(client, make_person, url):
    root = make_person("root", is_staff=True, is_superuser=True)
    device = enrolled(client, root)
    # Password alone: refused, with the same message as a wrong password.
    r = client.post(url, {"username": "root", "password": PASSWORD})
    assert r.status_code == 200 and "_auth_user_id" not in client.session
    wrong = f"{(int(code(device)) + 500000) % 10**6:06d}"
    r = client.post(url, {"username": "root", "password": PASSWORD, "otp_token": wrong})
    assert r.status_code == 200 and "_auth_user_id" not in client.session
    assert b"code from your authenticator app" in r.content
    # django-otp then throttles the device (1 s after one failure, doubling): even the right code waits.
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttle_reset()
    # The right code (the next step's: this step's was used at enrolment) signs in, verified.
    r = client.post(url, {"username": "root", "password": PASSWORD, "otp_token": code(device, 1)})
    assert r.status_code == 302 and client.session["_auth_user_id"] == str(root.pk)
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.get("/admin/").status_code == 200


def test_a_session_from_before_enrolment_does_not_reach_the_admin(client, make_person):
    root = make_person("root", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=root, name="phone", confirmed=True)
    assert device.confirmed
    client.force_login(root)  # signed in without the code
    assert client.get("/admin/").status_code == 302


def test_a_production_superuser_without_a_device_is_sent_to_enrol(client, make_person, settings):
    settings.PRODUCTION = True
    root = make_person("root", is_staff=True, is_superuser=True)
    client.force_login(root)
    r = client.get("/admin/")
    assert r.status_code == 302 and r["Location"] == "/accounts/two-factor/"
    assert client.get("/admin/orgs/person/").status_code == 302
    # Once enrolled (which verifies this session), the admin opens.
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=root)
    client.post("/accounts/two-factor/", {"token": code(device)})
    assert client.get("/admin/").status_code == 200


def test_outside_production_a_superuser_without_a_device_reaches_the_admin(client, make_person):
    client.force_login(make_person("root", is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200


def test_people_who_are_not_staff_are_unaffected(client, make_person, settings):
    settings.PRODUCTION = True
    make_person("kz-head", "delegation", "head", "KZ")
    r = client.post("/accounts/login/", {"username": "kz-head", "password": PASSWORD})
    assert r.status_code == 302 and "_auth_user_id" in client.session
    assert client.get("/accounts/two-factor/").status_code == 403
    assert not TOTPDevice.objects.exists()

"""The optional second factor for staff: a TOTP code (RFC 6238) from an authenticator app, through
django-otp. Once a person has a confirmed device, both sign-in pages ask for its code; in production a
superuser without one is sent to enrol before reaching the admin."""

from __future__ import annotations

from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.core.errors import InputError
from accord.orgs import actions as org_actions


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class SecondFactorMixin:
    """Adds the code field; a person with a confirmed device must give a current code from it. The same
    message covers a wrong password and a wrong code, so the form never confirms a guessed password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"] = forms.CharField(
            label=gettext_lazy("Code from your authenticator app"),
            help_text=gettext_lazy("Only if you enrolled a second factor."),
            required=False,
            max_length=8,
            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        device = confirmed_device(user)
        if device is None:
            return
        token = (self.data.get("otp_token") or "").strip()
        if not (token.isdigit() and device.verify_token(token)):
            raise forms.ValidationError(
                _("Enter a correct username, password and code from your authenticator app."),
                code="invalid_otp",
            )
        user.otp_device = device  # django_otp's user_logged_in handler marks the session verified


class LoginForm(SecondFactorMixin, AuthenticationForm):
    pass


class AdminLoginForm(SecondFactorMixin, AdminAuthenticationForm):
    pass


def admin_has_permission(has_permission):
    """Wraps AdminSite.has_permission: a person with a device reaches the admin only in a session
    verified by its code (one from before enrolment is not)."""

    def check(request):
        user = request.user
        if not has_permission(request):
            return False
        return confirmed_device(user) is None or user.is_verified()

    return check


class EnrolmentRequiredMiddleware:
    """In production, a superuser without a confirmed device goes to the enrolment page, not the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.PRODUCTION
            and user.is_authenticated
            and user.is_superuser
            and request.path.startswith(reverse("admin:index"))
            and request.path != reverse("admin:logout")
            and confirmed_device(user) is None
        ):
            return redirect("two-factor")
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("Code from your authenticator app"), max_length=8)


@login_required
def enrol(request):
    """Staff enrol a TOTP device: scan the QR code (or type the secret), then confirm with a code."""
    if not request.user.is_staff:
        raise PermissionDenied
    enrolled = confirmed_device(request.user)
    pending = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ok = org_actions.enrol_second_factor(request.user, pending, form.cleaned_data["token"])
        except InputError as error:
            form.add_error("token", error.message)
        else:
            if ok:
                django_otp.login(request, pending)
                messages.success(request, _("Second factor enrolled: sign-in now asks for its code."))
                return redirect("two-factor")
            form.add_error(
                "token", _("That code is not the current one. Check the phone's clock and try again.")
            )
    uri = pending.config_url
    svg = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
    context = {"form": form, "enrolled": enrolled, "uri": uri, "qr_svg": svg, "secret": _base32(pending)}
    return render(request, "web/two_factor.html", context, status=422 if form.errors else 200)


def _base32(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode()

import zoneinfo

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import ratelimit


class UserTimezoneMiddleware:
    """Show times in the signed-in person's zone; everything is stored in UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tz = getattr(request.user, "timezone", None) if request.user.is_authenticated else None
        try:
            timezone.activate(zoneinfo.ZoneInfo(tz)) if tz else timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)


class AdminLoginRateLimitMiddleware:
    """The admin site's sign-in, the door to superusers, counts against the same limits as /accounts/login/
    (Django's AdminSite.login builds its own view, so the check sits in front of it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or request.path != reverse("admin:login"):
            return self.get_response(request)
        user_key = ratelimit.login_attempt(request)
        if user_key is None:
            form = ratelimit.refused(AdminAuthenticationForm(request))
            context = {
                **admin.site.each_context(request),
                "title": _("Log in"),
                "app_path": request.get_full_path(),
                "form": form,
            }
            return TemplateResponse(request, "admin/login.html", context, status=429).render()
        response = self.get_response(request)
        if ratelimit.signed_in_as(request, user_key):
            ratelimit.reset(user_key)
        return response


class ContentSecurityPolicyMiddleware:
    """Sends settings.ACCORD_CSP on every response that does not set its own policy."""

    def __init__(self, get_response):
        self.get_response = get_response
        directives = settings.ACCORD_CSP.items()
        self.policy = "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response

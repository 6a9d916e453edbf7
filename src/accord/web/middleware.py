import json
import zoneinfo

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpResponseBadRequest, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
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


def _nul_in(value, path: str = "") -> str | None:
    """The dotted path of the first key or string holding a NUL in decoded JSON, or None."""
    if isinstance(value, str):
        return path or "body" if "\x00" in value else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        where = f"{path}.{key}" if path else str(key)
        if "\x00" in str(key):
            return where
        if found := _nul_in(item, where):
            return found
    return None


class RefuseNulMiddleware:
    """No text holds a NUL character, and PostgreSQL refuses one in any string (a 500 if it reached a
    query). A request carrying one, in its path, query, form or JSON body, is answered here: 400 for the
    path, otherwise 422 (API) or 400 (pages) naming the field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return HttpResponseBadRequest("NUL character in the address", content_type="text/plain")
        field = next((k for k, v in request.GET.lists() if "\x00" in k or any("\x00" in x for x in v)), None)
        content_type = request.content_type or ""
        if field is None and request.method in ("POST", "PUT", "PATCH"):
            if content_type == "application/json" and (b"\\u0000" in request.body or b"\x00" in request.body):
                try:
                    field = _nul_in(json.loads(request.body))
                except ValueError:
                    field = "body"
            elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                # Form fields only: an uploaded file (request.FILES) may hold any bytes.
                field = next(
                    (k for k, v in request.POST.lists() if "\x00" in k or any("\x00" in x for x in v)), None
                )
        if field is None:
            return self.get_response(request)
        message = gettext("must not contain control characters")
        if request.path.startswith("/api/"):
            detail = {"detail": [{"loc": field.split("."), "field": field, "msg": message}]}
            return JsonResponse(detail, status=422)
        return HttpResponseBadRequest(f"{field}: {message}", content_type="text/plain; charset=utf-8")

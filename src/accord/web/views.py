from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views

from accord.orgs.actions import set_language as save_language

from . import ratelimit


class LoginView(auth_views.LoginView):
    """Django's login, refusing further attempts for a while after too many for one username or from
    one address. An address gets more tries than a username: a delegation's office shares one address."""

    template_name = "web/login.html"

    def post(self, request, *args, **kwargs):
        per_user, per_address, window = settings.LOGIN_RATE_LIMIT
        username = (request.POST.get("username") or "").strip().lower()
        user_key, address_key = f"login:user:{username}", f"login:addr:{client_address(request)}"
        allowed = [ratelimit.hit(user_key, per_user, window), ratelimit.hit(address_key, per_address, window)]
        if not all(allowed):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Too many sign-in attempts. Please wait a few minutes and try again."))
            return render(request, self.template_name, {"form": form}, status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            ratelimit.reset(user_key)  # not the address: one good password must not clear others' failures
            _remember_language(request, response)
        return response


def _remember_language(request, response) -> None:
    """At sign-in: a person who chose a language gets it on this browser too; one who never did keeps the
    language this browser asked for, so the notices sent to them are in it."""
    person = request.user
    if person.language:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, person.language, samesite="Lax")
    else:
        save_language(person, translation.get_language_from_request(request))


def set_language(request):
    """Django's language switch; for a signed-in person the choice is kept (notices follow it)."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        save_language(request.user, language)
    return response


def client_address(request) -> str:
    """The client's address: behind N trusted proxies (ACCORD_PROXY_COUNT), the Nth address from the
    right of X-Forwarded-For, since the nearest proxy's own address is everyone's REMOTE_ADDR."""
    hops = settings.PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def favicon(request):
    # Resolved per request: in production the static name carries a hash from collectstatic's manifest.
    return redirect(static("web/favicon.svg"), permanent=True)


def root(request):
    return redirect("orgs:home", org=settings.ACCORD_DEFAULT_ORG)


def _error(request, status: int, title: str, explanation: str):
    """An error page in the site's shell and the reader's language, with a way back."""
    home = reverse("orgs:home", kwargs={"org": settings.ACCORD_DEFAULT_ORG})
    context = {"status": status, "title": title, "explanation": explanation, "home": home}
    try:
        return render(request, "web/error.html", context, status=status)
    except Exception:  # the shell itself failed (a 500 from the database): say so without it
        return HttpResponse(f"<h1>{escape(title)}</h1><p><a href='/'>accord</a></p>", status=status)


def forbidden(request, exception=None):
    return _error(
        request,
        403,
        _("You may not open this page"),
        _("Your role does not include this. If you think it should, ask the Secretariat."),
    )


def not_found(request, exception=None):
    return _error(
        request,
        404,
        _("There is no such page"),
        _("There is no page at this address. It may have moved or been removed."),
    )


def server_error(request):
    return _error(
        request,
        500,
        _("Something went wrong"),
        _("The page could not be shown. Please try again later; if it persists, tell the Secretariat."),
    )

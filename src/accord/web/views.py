from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views

from accord.orgs import queries as org_queries
from accord.orgs.actions import set_language as save_language

from . import otp, ratelimit


class LoginView(auth_views.LoginView):
    """Django's login, refusing further attempts for a while after too many for one username or from
    one address. An address gets more tries than a username: a delegation's office shares one address."""

    template_name = "web/login.html"
    form_class = otp.LoginForm

    def post(self, request, *args, **kwargs):
        user_key = ratelimit.login_attempt(request)
        if user_key is None:
            form = ratelimit.refused(self.get_form_class()(request))
            return render(request, self.template_name, {"form": form}, status=429)
        response = super().post(request, *args, **kwargs)
        if ratelimit.signed_in_as(request, user_key):
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


def favicon(request):
    # Resolved per request: in production the static name carries a hash from collectstatic's manifest.
    return redirect(static("web/favicon.svg"), permanent=True)


def root(request):
    """The organisations loaded, each with a link to its pages; with only one, straight to it."""
    organisations = org_queries.organisations()
    if len(organisations) <= 1:
        code = organisations[0].code if organisations else settings.ACCORD_DEFAULT_ORG
        return redirect("orgs:home", org=code)
    return render(request, "web/organisations.html", {"organisations": organisations})


def _error(request, status: int, title: str, explanation: str):
    """An error page in the site's shell and the reader's language, with a way back."""
    home = reverse("orgs:home", kwargs={"org": settings.ACCORD_DEFAULT_ORG})
    # Back to the page the reader came from, if it is one of this site's (no script: the policy allows none).
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}) else None
    context = {"status": status, "title": title, "explanation": explanation, "home": home, "back": back}
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

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import ratelimit


class LoginView(auth_views.LoginView):
    """Django's login, refusing further attempts for a while after too many for one username or address."""

    template_name = "web/login.html"

    def post(self, request, *args, **kwargs):
        limit, window = settings.LOGIN_RATE_LIMIT
        username = (request.POST.get("username") or "").strip().lower()
        address = request.META.get("REMOTE_ADDR", "")
        keys = [f"login:user:{username}", f"login:addr:{address}"]
        if not all([ratelimit.hit(k, limit, window) for k in keys]):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Too many sign-in attempts. Please wait a few minutes and try again."))
            return render(request, self.template_name, {"form": form}, status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            for k in keys:
                ratelimit.reset(k)
        return response


def root(request):
    return redirect("orgs:home", org=settings.ACCORD_DEFAULT_ORG)

import importlib.util

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from accord.api import api
from accord.web import benchwrite
from accord.web import otp as web_otp
from accord.web import views as web_views

# Each app mounts its pages under /<org>/<prefix>/ (the orgs app at /<org>/).
APP_PAGES = [
    ("negotiations/", "accord.negotiations.urls"),
    ("projects/", "accord.projects.urls"),
    ("programmes/", "accord.programmes.urls"),
    ("meetings/", "accord.meetings.urls"),
    ("", "accord.dashboard.urls"),
    ("connectivity/", "accord.connectivity.urls"),
    ("", "accord.orgs.urls"),
]

urlpatterns = [
    path("", web_views.root, name="root"),
    # Pages name the SVG icon; browsers and tools that ask for /favicon.ico get it too.
    path("favicon.ico", web_views.favicon),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/login/", web_views.LoginView.as_view(), name="login"),
    path("accounts/two-factor/", web_otp.enrol, name="two-factor"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", web_views.set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]
# The load benchmark's bare write view (bench/load.py): mounted only when the benchmark asks for it.
if benchwrite.enabled():
    urlpatterns.append(path("bench/bare-write/", benchwrite.bare_write))
urlpatterns += [
    path(f"<slug:org>/{prefix}", include(module))
    for prefix, module in APP_PAGES
    if importlib.util.find_spec(module) is not None
]

# Error pages in the site's shell and the reader's language (shown when DEBUG is off).
handler403 = web_views.forbidden
handler404 = web_views.not_found
handler500 = web_views.server_error

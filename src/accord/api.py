"""The HTTP API: one NinjaAPI, each app adds its router. OpenAPI at /api/openapi.json."""

import importlib
import importlib.util

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from accord.core.errors import Conflict, InputError

api = NinjaAPI(
    title="accord API",
    version="1",
    description="Membership, chairmanship, negotiations, programmes, meetings and project financing "
    "of a consensus-based organisation. Reads are public where the page is public; writes need a session "
    "(sign in at /accounts/login/) and a CSRF token.",
    urls_namespace="api",
)

# (module, url prefix, tag)
ROUTERS = [
    ("accord.orgs.api", "/", "organisation"),
    ("accord.negotiations.api", "/", "negotiations"),
    ("accord.projects.api", "/", "projects"),
    ("accord.programmes.api", "/", "programmes"),
    ("accord.meetings.api", "/", "meetings"),
]
for module, prefix, tag in ROUTERS:
    if importlib.util.find_spec(module) is not None:
        api.add_router(prefix, importlib.import_module(module).router, tags=[tag])


def _detail(field: str, message: str) -> dict:
    return {"detail": [{"loc": field.split("."), "field": field, "msg": message}]}


@api.exception_handler(InputError)
def _input_error(request, exc: InputError):
    return api.create_response(request, _detail(exc.field, exc.message), status=422)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    errors = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("query", "body", "path", "payload")]
        errors.append({"loc": loc, "field": ".".join(loc), "msg": err.get("msg", "invalid")})
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "not found"}, status=404)


@api.exception_handler(Conflict)
def _conflict(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=409)


__all__ = ["api", "django_auth"]

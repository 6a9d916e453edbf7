"""The HTTP API: one NinjaAPI, each app adds its router. OpenAPI at /api/openapi.json."""

import importlib
import importlib.util

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from accord.core.errors import Conflict, InputError

_FIELD_ERRORS = {
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {"type": "string"}},
                    "field": {"type": "string"},
                    "msg": {"type": "string"},
                },
                "required": ["loc", "field", "msg"],
            },
        }
    },
    "required": ["detail"],
}
_MESSAGE = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
_WRITE_ERRORS = {
    401: "not signed in",
    403: "the person may not do this for the delegation or office they act for",
    409: "the object's state does not allow it (e.g. an adopted text, a closed silence procedure)",
}


class AccordAPI(NinjaAPI):
    """Documents the error answers every operation can give (the handlers below), which ninja's
    schema leaves out: 422 naming the field, 404 for unknown path objects, and for writes 401/403/409."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["FieldErrors"], schemas["Message"] = _FIELD_ERRORS, _MESSAGE
        field_errors = {"application/json": {"schema": {"$ref": "#/components/schemas/FieldErrors"}}}
        message = {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}}
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                responses = operation["responses"]
                responses.setdefault(
                    422, {"description": "bad input: each error names the field", "content": field_errors}
                )
                if "{" in path:
                    responses.setdefault(
                        404, {"description": "not found (or not visible)", "content": message}
                    )
                if method != "get":
                    for status, text in _WRITE_ERRORS.items():
                        responses.setdefault(status, {"description": text, "content": message})
        return schema


api = AccordAPI(
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

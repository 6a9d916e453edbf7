"""The HTTP API: one NinjaAPI, each app adds its router. OpenAPI at /api/openapi.json."""

import importlib
import importlib.util
import json
import re

from django.conf import settings
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
_SECURED_ERRORS = {
    401: "not signed in",
    403: "the person may not do this for the delegation or office they act for, or the CSRF token is missing",
}
_WRITE_ERRORS = {
    409: "the object's state does not allow it (e.g. an adopted text, a closed silence procedure)",
}
_TAGS = {
    "organisation": "Member states, statuses on a date, bodies and who chairs them",
    "negotiations": "Drafts, options, stances, the consensus map, silence procedures and adoption",
    "projects": "Regional projects, funders' interest and commitments, the funding gap",
    "programmes": "Cooperation programmes, their action items and yearly reports",
    "meetings": "Sessions of the bodies, their agenda, documents and decisions; the iCalendar feed",
}
_LICENSE = {"name": "Apache-2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0"}
_REF = re.compile(r'"#/components/schemas/([^"]+)"')


def _used_schemas(schema: dict) -> set[str]:
    """Component schemas reachable from the paths, following references between schemas."""
    schemas = schema["components"]["schemas"]
    todo = set(_REF.findall(json.dumps(schema["paths"])))
    used: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in used and name in schemas:
            used.add(name)
            todo |= set(_REF.findall(json.dumps(schemas[name])))
    return used


class AccordAPI(NinjaAPI):
    """Completes the schema ninja generates so linters (Redocly recommended, Spectral oas) pass; the rules
    are tests/test_openapi_rules.py. It documents the error answers of the handlers below (422 naming the
    field, 404 for unknown path objects, 400 for an unparsable body, 401/403 where a session is needed, 409
    for writes), says which operations are public (`security: []`), gives every operation a description,
    declares the iCalendar feed's media type and drops the query models ninja leaves unused."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {})
        schemas = components.setdefault("schemas", {})
        schemas["FieldErrors"], schemas["Message"] = _FIELD_ERRORS, _MESSAGE
        for scheme in components.get("securitySchemes", {}).values():
            scheme.setdefault(
                "description", "The session cookie of a signed-in person; writes also send the CSRF token"
            )
        field_errors = {"application/json": {"schema": {"$ref": "#/components/schemas/FieldErrors"}}}
        message = {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}}
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                operation.setdefault("description", operation.get("summary", ""))
                operation.setdefault("security", [])
                responses = operation["responses"]
                responses.setdefault(
                    422, {"description": "bad input: each error names the field", "content": field_errors}
                )
                if "{" in path:
                    responses.setdefault(
                        404, {"description": "not found (or not visible)", "content": message}
                    )
                if "requestBody" in operation:
                    responses.setdefault(400, {"description": "the body is not JSON", "content": message})
                errors = (_SECURED_ERRORS if operation["security"] else {}) | (
                    _WRITE_ERRORS if method != "get" else {}
                )
                for status, text in errors.items():
                    responses.setdefault(status, {"description": text, "content": message})
                if path.endswith(".ics"):
                    responses[200] = {
                        "description": "iCalendar (RFC 5545)",
                        "content": {"text/calendar": {"schema": {"type": "string"}}},
                    }
        for name in set(schemas) - _used_schemas(schema):
            del schemas[name]
        schema["servers"] = [{"url": settings.ACCORD_SITE_URL, "description": "this installation"}]
        schema["info"].setdefault("contact", {"name": "accord", "url": settings.ACCORD_SITE_URL})
        schema["info"].setdefault("license", _LICENSE)
        used_tags = {t for ops in schema["paths"].values() for op in ops.values() for t in op.get("tags", [])}
        schema["tags"] = [{"name": t, "description": _TAGS[t]} for t in _TAGS if t in used_tags]
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

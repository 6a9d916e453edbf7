"""What the projects app's writes share: a new row's code, a list of known values, country codes."""

from __future__ import annotations

import re

from django.db.models import Model
from django.utils.translation import gettext

from accord.base import validators
from accord.core.errors import InputError
from accord.orgs.models import Organisation, State

_CODE = re.compile(r"[a-z0-9][a-z0-9-]{1,39}")


def _new_code(model: type[Model], org: Organisation, code, exists: str) -> str:
    """A new row's code: 2-40 lower-case letters, digits and hyphens, not yet taken in the organisation.
    `exists` is the message (with %(code)s) when it is taken."""
    code = code.strip().lower() if isinstance(code, str) else ""
    if not _CODE.fullmatch(code):
        raise InputError("code", gettext("use 2-40 lower-case letters, digits and hyphens"))
    if model.objects.filter(organisation=org, code=code).exists():
        raise InputError("code", exists % {"code": repr(code)})
    return code


def _known(values, field: str, known, *, unknown: str, empty: str) -> list[str]:
    """A non-empty list of values among `known`; `unknown` (with %(codes)s) names those that are not."""
    values = list(values or [])
    bad = [v for v in values if v not in known]
    if not values or bad:
        raise InputError(field, unknown % {"codes": ", ".join(bad)} if bad else empty)
    return values


def _states(codes, field: str, *, allow_empty: bool = False) -> list[str]:
    if isinstance(codes, str):
        codes = [c for c in re.split(r"[\s,]+", codes) if c]
    if not isinstance(codes, (list, tuple)):
        raise InputError(field, gettext("must be a list of country codes"))
    codes = [validators.country(c, field) for c in codes]
    if not codes and not allow_empty:
        raise InputError(field, gettext("name at least one country"))
    if len(set(codes)) != len(codes):
        raise InputError(field, gettext("lists a country twice"))
    known = set(State.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise InputError(field, gettext("unknown country code(s): %(codes)s") % {"codes": ", ".join(unknown)})
    return codes

"""What every projects page shares: the organisation and the actor, CSV files, dates, form posts."""

from __future__ import annotations

import csv
from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accord.core.errors import InputError
from accord.orgs.permissions import require
from accord.orgs.queries import organisation, request_actor


def _ctx(request, org, permission: str | None = None):
    """The organisation and the reader, who must hold `permission` if one is named (else 403)."""
    o = organisation(org)
    actor = request_actor(request, o)
    if permission:
        require(actor, permission)
    return o, actor


# A spreadsheet runs a cell beginning with one of these as a formula; titles are typed by users.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA) else value


def _csv(name: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return response


def _date(value: str | None, field: str) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        raise InputError(field, _("is required (YYYY-MM-DD)")) from None


def _post(request, o, code, fn):
    """Run a write from a form; a refusal for bad input comes back as a message naming the field."""
    try:
        fn()
    except InputError as exc:
        messages.error(request, f"{exc.field}: {exc.message}")
    return redirect("projects:detail", org=o.code, code=code)

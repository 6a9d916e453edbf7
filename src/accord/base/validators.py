"""The shared validators: every app's actions check text (and, through the API schemas, the same bounds)
here, so a rule is written once. Each raises InputError naming the field."""

from __future__ import annotations

import re

from django.utils.translation import gettext, ngettext

from accord.core.errors import InputError

# C0 controls (NUL included) and DEL, which no text needs; a multi-line text keeps its newlines and tabs.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n\t\u2028\u2029]")


def text(value, field: str, *, max_length: int = 300, required: bool = True, multiline: bool = False) -> str:
    """Stripped text of at most `max_length` characters; single-line unless `multiline`."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(field, gettext("must be text"))
    value = value.strip()
    if not value:
        if required:
            raise InputError(field, gettext("is required"))
        return ""
    if _CONTROL.search(value):
        raise InputError(field, gettext("must not contain control characters"))
    if not multiline and _LINE_BREAK.search(value):
        raise InputError(field, gettext("must be one line"))
    if len(value) > max_length:
        raise InputError(
            field,
            ngettext("is longer than %(count)d character", "is longer than %(count)d characters", max_length)
            % {"count": max_length},
        )
    return value


def url(value, field: str, *, required: bool = False) -> str:
    """A web address (http or https) or a path on this site: a stored link can never run script
    (javascript:, data:) nor leave for another scheme."""
    value = text(value, field, max_length=500, required=required)
    if value and not re.match(r"(https?://[^\s/]+|/(?!/))", value, re.IGNORECASE):
        raise InputError(field, gettext("must be an http(s) address or a path on this site"))
    return value

"""The one error type the pure core raises for bad input.

Web (HTTP 422), API and CLI (exit 2) all turn it into a message naming the field.
"""

from __future__ import annotations


class InputError(ValueError):
    """Bad input: `field` names where (a dotted path such as ``stances[3].option``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Conflict(Exception):
    """A valid request refused because of the object's current state (HTTP 409), e.g. a deadline passed."""

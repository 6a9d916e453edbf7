"""Model fields that read back whatever a database holds."""

from __future__ import annotations

import decimal

from django.db import models
from django.utils.functional import cached_property


class ReadableDecimalField(models.DecimalField):
    """A DecimalField whose stored values always read back. SQLite keeps any number written to the column
    (its CHECK constraints can be switched off, old rows predate them), and Django's own reader rounds to
    `max_digits` and raises on anything longer: one such row would fail every page listing it. Reading
    with room for any double lets the reads mark the row instead (accord.base.validators.amount_problem)."""

    @cached_property
    def context(self):
        return decimal.Context(prec=max(self.max_digits or 0, 400))

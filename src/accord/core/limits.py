"""Bounds on what a user may ask of the solvers, shared by the CLI and the API."""

from __future__ import annotations

import math

from accord.core.errors import InputError

TIME_LIMIT_DEFAULT = 60.0
"""Seconds `accord negotiate solve` and `accord finance allocate` search before answering with the best
plan found (marked not optimal)."""
TIME_LIMIT_MOST = 86_400.0


def time_limit(value: float, field: str = "--time-limit", most: float = TIME_LIMIT_MOST) -> float:
    """`value` as a time limit in seconds: greater than 0 and at most `most`; refused otherwise (NaN too)."""
    if not (0 < value <= most):
        raise InputError(field, f"must be more than 0 and at most {most:g} seconds, not {json_number(value)}")
    return float(value)


def json_number(value: float) -> str:
    """How JSON would spell a float: Infinity and NaN in messages about refused values."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return f"{value:g}"

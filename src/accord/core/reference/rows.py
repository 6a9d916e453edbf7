"""Typed reading of the JSON rows of reference data files: every error names the file, row and field."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable
from datetime import date
from types import MappingProxyType
from typing import Any, NoReturn, cast

from accord.core.errors import InputError

from .records import Names

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
STATE_CODE = re.compile(r"[A-Z]{2}")
CODE = re.compile(r"[A-Z][A-Z0-9_]*")
ORG_CODE = re.compile(r"[a-z][a-z0-9_]*")
CURRENCY = re.compile(r"[A-Z]{3}")


def overlap(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)


def unique(codes: Iterable[str], where: str, key: str) -> None:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            raise InputError(f"{where}[{index}].{key}", f"duplicate {code!r}")
        seen.add(code)


def rows_of(data: Any, where: str) -> list[Row]:
    if not isinstance(data, list):
        raise InputError(where, "expected a JSON array")
    return [Row(item, f"{where}[{index}]") for index, item in enumerate(data)]


def some_names(row: Row | None, languages: tuple[str, ...]) -> Names:
    """Texts for some of the languages (none required), e.g. abbreviations only some languages use."""
    if row is None:
        return MappingProxyType({})
    names = {language: row.optional_text(language) for language in languages}
    row.done()
    return MappingProxyType({language: text for language, text in names.items() if text is not None})


class Row:
    """One JSON object; typed accessors name the failing field. done() rejects unknown keys."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise InputError(path, "expected a JSON object")
        self._data: dict[str, Any] = data
        self._path = path
        self._read: set[str] = set()

    def fail(self, key: str, message: str) -> NoReturn:
        raise InputError(f"{self._path}.{key}", message)

    def done(self) -> None:
        for key in self._data:
            if key not in self._read:
                self.fail(key, "unknown field")

    def _get(self, key: str, check: Callable[[Any], bool], expected: str, *, optional: bool = False) -> Any:
        self._read.add(key)
        if key not in self._data:
            if optional:
                return None
            self.fail(key, "missing")
        value = self._data[key]
        if value is None and optional:
            return None
        if not check(value):
            self.fail(key, f"expected {expected}, got {json.dumps(value, ensure_ascii=False)}")
        return value

    def text(self, key: str) -> str:
        return cast(
            str, self._get(key, lambda v: isinstance(v, str) and v.strip() != "", "a non-empty string")
        )

    def optional_text(self, key: str) -> str | None:
        value = self._get(
            key, lambda v: isinstance(v, str) and v.strip() != "", "a non-empty string", optional=True
        )
        return cast(str | None, value)

    def text_list(self, key: str) -> list[str]:
        def is_texts(value: Any) -> bool:
            return isinstance(value, list) and all(isinstance(v, str) and v for v in value)

        return cast(list[str], self._get(key, is_texts, "a list of non-empty strings"))

    def optional_text_list(self, key: str) -> list[str] | None:
        def is_texts(value: Any) -> bool:
            return isinstance(value, list) and all(isinstance(v, str) and v for v in value)

        return cast(
            "list[str] | None", self._get(key, is_texts, "a list of non-empty strings", optional=True)
        )

    def optional_list(self, key: str) -> list[Any] | None:
        value = self._get(key, lambda v: isinstance(v, list), "a JSON array", optional=True)
        return cast("list[Any] | None", value)

    def optional_code(self, key: str, pattern: re.Pattern[str]) -> str | None:
        value = self._get(
            key, lambda v: isinstance(v, str) and bool(pattern.fullmatch(v)), pattern.pattern, optional=True
        )
        return cast("str | None", value)

    def optional_known(self, key: str, allowed: Collection[str]) -> str | None:
        if self._data.get(key) is None:
            self._read.add(key)
            return None
        return self.known(key, allowed)

    def code(self, key: str, pattern: re.Pattern[str]) -> str:
        return cast(
            str, self._get(key, lambda v: isinstance(v, str) and bool(pattern.fullmatch(v)), pattern.pattern)
        )

    def known(self, key: str, allowed: Collection[str]) -> str:
        value = self._get(key, lambda v: isinstance(v, str), "a string")
        if value not in allowed:
            self.fail(key, f"unknown {key} {value!r}")
        return cast(str, value)

    def flag(self, key: str, *, default: bool = False) -> bool:
        value = self._get(key, lambda v: isinstance(v, bool), "true or false", optional=True)
        return default if value is None else cast(bool, value)

    def optional_flag(self, key: str) -> bool | None:
        return cast(
            "bool | None", self._get(key, lambda v: isinstance(v, bool), "true or false", optional=True)
        )

    def integer(self, key: str, *, minimum: int) -> int:
        value = self.optional_integer(key, minimum=minimum)
        if value is None:
            self.fail(key, "missing")
        return value

    def optional_integer(self, key: str, *, minimum: int) -> int | None:
        def is_integer(value: Any) -> bool:
            return isinstance(value, int) and not isinstance(value, bool) and value >= minimum

        return cast("int | None", self._get(key, is_integer, f"an integer >= {minimum}", optional=True))

    def day(self, key: str) -> date:
        value = self.optional_day(key)
        if value is None:
            self.fail(key, "missing")
        return value

    def interval(self) -> dict[str, Any]:
        """A dated, sourced fact's fields: start, optional end, source, secondary, approximate."""
        return {
            "start": self.day("start"),
            "end": self.optional_day("end"),
            "source": self.text("source"),
            "secondary": self.flag("secondary"),
            "approximate": self.flag("approximate"),
        }

    def optional_day(self, key: str) -> date | None:
        value = self._get(
            key, lambda v: isinstance(v, str) and bool(DATE.fullmatch(v)), "YYYY-MM-DD", optional=True
        )
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(key, f"{value!r} is not a calendar date")

    def names(self, key: str, languages: tuple[str, ...]) -> Names:
        row = self.optional_row(key)
        if row is None:
            self.fail(key, "missing")
        return row.names_here(languages)

    def names_here(self, languages: tuple[str, ...]) -> Names:
        names = {language: self.text(language) for language in languages}
        self.done()
        return MappingProxyType(names)

    def optional_row(self, key: str) -> Row | None:
        value = self._get(key, lambda v: isinstance(v, dict), "an object", optional=True)
        return None if value is None else Row(value, f"{self._path}.{key}")

    def rows(self, key: str) -> list[Row]:
        self._read.add(key)
        if key not in self._data:
            self.fail(key, "missing")
        return rows_of(self._data[key], f"{self._path}.{key}")

"""Conversions between JSON data and Python values, shared by the generated models."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

from .types import UNSET

__all__ = [
    "DecodeError",
    "format_date",
    "format_datetime",
    "parse_date",
    "parse_datetime",
    "path_value",
    "query_pairs",
    "to_data",
]


class DecodeError(ValueError):
    """JSON data does not fit the type the spec declares."""

    def __init__(self, expected: str, data: object) -> None:
        # The value itself is left out on purpose: it may carry a secret.
        super().__init__(
            f"expected {expected}, got a value of type {type(data).__name__}"
        )
        self.expected = expected


def parse_datetime(value: str) -> datetime.datetime:
    """An RFC 3339 date-time; Python before 3.11 does not read a trailing 'Z'."""
    if not isinstance(value, str):
        raise DecodeError("an RFC 3339 date-time string", value)
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        raise DecodeError("an RFC 3339 date-time string", value) from None


def format_datetime(value: datetime.datetime) -> str:
    """RFC 3339 text of a date-time."""
    return value.isoformat()


def parse_date(value: str) -> datetime.date:
    """An RFC 3339 full-date."""
    if not isinstance(value, str):
        raise DecodeError("an RFC 3339 date string", value)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise DecodeError("an RFC 3339 date string", value) from None


def format_date(value: datetime.date) -> str:
    """RFC 3339 text of a date."""
    return value.isoformat()


def to_data(value: Any) -> Any:
    """JSON data for any generated value (used where a union hides the concrete type)."""
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None:
        return to_dict()
    if isinstance(value, list | tuple):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {key: to_data(item) for key, item in value.items()}
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


def path_value(value: Any) -> str:
    """A path parameter, percent-encoded so it cannot add path segments or a query."""
    if isinstance(value, list | tuple):
        return ",".join(quote(_scalar_text(v), safe="") for v in value)
    return quote(_scalar_text(value), safe="")


def query_pairs(
    name: str, value: Any, *, style: str, explode: bool
) -> list[tuple[str, str]]:
    """The query pairs for one parameter in its OpenAPI style; UNSET gives none."""
    if value is UNSET:
        return []
    value = to_data(value)
    if isinstance(value, list):
        if explode and style == "form":
            return [(name, _scalar_text(v)) for v in value]
        sep = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(name, sep.join(_scalar_text(v) for v in value))]
    if isinstance(value, dict):
        if style == "deepObject":
            return [(f"{name}[{k}]", _scalar_text(v)) for k, v in value.items()]
        if explode:
            return [(str(k), _scalar_text(v)) for k, v in value.items()]
        return [(name, ",".join(f"{k},{_scalar_text(v)}" for k, v in value.items()))]
    return [(name, _scalar_text(value))]


def header_value(value: Any) -> str:
    """A header parameter in the 'simple' style."""
    value = to_data(value)
    if isinstance(value, list):
        return ",".join(_scalar_text(v) for v in value)
    if isinstance(value, dict):
        return ",".join(f"{k},{_scalar_text(v)}" for k, v in value.items())
    return _scalar_text(value)

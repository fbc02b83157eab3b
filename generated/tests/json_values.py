"""Compare JSON as values: a date-time is an instant, whichever way it is written; a form body
as the loopback server reads it back."""

from __future__ import annotations

import datetime
import re
from typing import Any

_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})"
)


def as_instants(value: Any) -> Any:
    """``value`` with each date-time text read as an aware datetime.

    The client writes ``+00:00`` where the spec's example says ``Z``: the same instant.
    """
    if isinstance(value, dict):
        return {key: as_instants(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_instants(item) for item in value]
    if isinstance(value, str) and _DATE_TIME.fullmatch(value):
        # Python 3.10's fromisoformat reads neither "Z" nor a fraction of other than 3 or 6 digits.
        text = re.sub(r"[Zz]$", "+00:00", value)
        whole, _, rest = text.partition(".")
        if rest:
            digits = re.match(r"\d+", rest)
            fraction = digits.group(0) if digits else ""
            # The offset after the digits; sliced outside the f-string, where black and ruff
            # lay a slice out alike.
            offset = rest[len(fraction) :]
            text = f"{whole}.{fraction[:6].ljust(6, '0')}{offset}"
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            return value
    return value


def as_form(body: dict[str, Any], *, bracketed: tuple[str, ...] = ()) -> dict[str, Any]:
    """The JSON object ``body`` as the loopback server reads it back from a form body.

    Every value is text (``true``, ``1``, ``""`` for null); an empty object or list sends
    nothing; a list of plain values is repeated pairs, so one item reads back as itself,
    unless the field is ``bracketed`` (``a[0]=v``).
    """
    read = {key: _form_value(value) for key, value in body.items()}
    return {
        key: (
            value[0]
            if isinstance(value, list)
            and len(value) == 1
            and _plain(body[key])
            and key not in bracketed
            else value
        )
        for key, value in read.items()
        if value not in ({}, [])
    }


def _plain(value: Any) -> bool:
    return isinstance(value, list) and not any(
        isinstance(v, dict | list) for v in value
    )


def _form_value(value: Any) -> Any:
    if isinstance(value, dict):
        kept = {key: _form_value(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in ({}, [])}
    if isinstance(value, list):
        return [item for item in map(_form_value, value) if item not in ({}, [])]
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)

"""Compare JSON as values: a date-time is an instant, whichever way it is written."""

from __future__ import annotations

import datetime
import re
from typing import Any

_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})")


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

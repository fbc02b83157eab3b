"""Spec values as JSON data: YAML's dates, binary and sets made JSON; NaN and infinities refused.

A YAML spec can hold values JSON cannot (an unquoted ``2024-01-02`` is a date, ``.nan`` a float
that is not a number): Spotify's and Xero's published specs have dates in their examples. They
reach the docs and tests as Python literals, so they are made JSON here, once.
"""

from __future__ import annotations

import base64
import datetime
import json
import math
from typing import Any


class NotJson(ValueError):
    """A value with no JSON form (NaN, an infinity)."""


def as_json(value: Any) -> Any:
    """``value`` as JSON data: dates as ISO text, binary as base64; NotJson for NaN and infinity."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    if isinstance(value, set | frozenset):  # YAML !!set: sorted, so the output is stable
        return sorted((as_json(v) for v in value), key=repr)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes):  # YAML !!binary is base64 text in the spec
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, float) and not math.isfinite(value):
        raise NotJson(repr(value))
    return value


def json_repr(value: Any) -> str | None:
    """The Python literal of ``value`` as JSON data, or None when it has no JSON form."""
    try:
        return repr(as_json(value))
    except NotJson:
        return None


def json_text(value: Any, **options: Any) -> str | None:
    """``value`` as JSON text (``json.dumps`` options), or None when it has no JSON form."""
    try:
        return json.dumps(as_json(value), allow_nan=False, **options)
    except NotJson:
        return None

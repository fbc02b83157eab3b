"""Unquoted YAML dates and timestamps in enums and examples build: the ISO text is the value."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import ModuleType

Build = Callable[..., ModuleType]

_NEW_YEAR = datetime.date(2020, 1, 1)
_MIDYEAR = datetime.date(2021, 6, 30)


def test_date_enums_are_literals_of_their_iso_text(build: Build) -> None:
    day = {
        "type": "object",
        "required": ["day"],
        "properties": {
            "day": {"type": "string", "format": "date", "example": datetime.date(1981, 12, 15)},
            "when": {"type": "string", "enum": [_NEW_YEAR, _MIDYEAR]},
            "mixed": {"enum": [_NEW_YEAR, 3, None]},
        },
        "example": {"day": datetime.date(1981, 12, 15), "when": _MIDYEAR},
    }
    param = {"name": "kind", "in": "query", "schema": {"type": "string", "enum": [_NEW_YEAR, "x"]}}
    op = {
        "operationId": "getDay",
        "parameters": [param],
        "responses": {"204": {"description": "none"}},
    }
    pkg = build({"paths": {"/d": {"get": op}}, "components": {"schemas": {"Day": day}}})
    hints = pkg.Day.__annotations__
    assert hints["when"] == "Literal['2020-01-01', '2021-06-30'] | Unset"
    assert hints["mixed"] == "Literal['2020-01-01', 3] | None | Unset"
    assert pkg.DApi.get_day.__annotations__["kind"] == "Literal['2020-01-01', 'x'] | Unset"
    got = pkg.Day.from_dict({"day": "1981-12-15", "when": "2021-06-30", "mixed": "2020-01-01"})
    assert got.day == datetime.date(1981, 12, 15) and got.when == "2021-06-30"
    assert got.to_dict() == {"day": "1981-12-15", "when": "2021-06-30", "mixed": "2020-01-01"}

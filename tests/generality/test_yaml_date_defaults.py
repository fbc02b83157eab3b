"""Unquoted YAML dates and timestamps as a `default` build without --lenient (issue 15, part 4).

Found with a spec of our own written while running the peers' test corpora through oapigen:
PyYAML reads ``default: 2020-01-01`` as a date, and the upstream validator refused it as "not of
the schema's type 'string'". OpenAPI's YAML is JSON's data, where that scalar is text.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from oapigen.spec.load import load_spec

Build = Callable[..., ModuleType]

_DAY = datetime.date(2021, 6, 30)
_STAMP = datetime.datetime(2020, 1, 1, 10, 0, tzinfo=datetime.UTC)


def test_unquoted_date_and_timestamp_defaults_generate_strictly(
    build: Build, tmp_path: Path
) -> None:
    # yaml.safe_dump writes both unquoted, as a hand-written spec would.
    params = [
        {"name": "since", "in": "query", "schema": {"type": "string", "format": "date"}},
        {"name": "at", "in": "query", "schema": {"type": "string", "format": "date-time"}},
        {"name": "label", "in": "query", "schema": {"type": "string"}},
    ]
    for param, default in zip(params, (_DAY, _STAMP, _DAY), strict=True):
        param["schema"]["default"] = default  # type: ignore[index]
    event = {
        "type": "object",
        "properties": {
            "day": {"type": "string", "format": "date", "default": _DAY},
            "tags": {"type": "array", "items": {"type": "string"}, "default": [_DAY]},
        },
    }
    op = {
        "operationId": "listEvents",
        "parameters": params,
        "responses": {"204": {"description": "no"}},
    }
    pkg = build({"paths": {"/events": {"get": op}}, "components": {"schemas": {"Event": event}}})
    hints = pkg.EventsApi.list_events.__annotations__
    assert hints["since"] == "datetime.date | Unset"
    assert hints["at"] == "datetime.datetime | Unset"
    got = pkg.Event.from_dict({"day": "2021-06-30", "tags": ["2021-06-30"]})
    assert got.day == _DAY and got.tags == ["2021-06-30"]
    surface = json.loads((tmp_path / "pkg" / ".oapigen-api.json").read_text(encoding="utf-8"))
    assert "'2021-06-30'" in json.dumps(surface)  # the default, as the ISO text


def test_the_loader_reads_dates_and_timestamps_as_their_iso_text(tmp_path: Path) -> None:
    spec = tmp_path / "dates.yaml"
    spec.write_text(
        "a: 2021-06-30\nb: 2020-01-01T10:00:00Z\nc: [2021-06-30]\n2021-06-30: key\n"
        "d: '2021-06-30'\ne: 2021-06-30 is prose\n",
        encoding="utf-8",
    )
    assert load_spec(spec) == {
        "a": "2021-06-30",
        "b": "2020-01-01T10:00:00+00:00",
        "c": ["2021-06-30"],
        "2021-06-30": "key",
        "d": "2021-06-30",
        "e": "2021-06-30 is prose",
    }


def test_an_unquoted_date_as_info_version_generates(build: Build) -> None:
    # Date-versioned APIs write `version: 2021-01-01`; it was refused as "not of type 'string'".
    info = {"title": "Dated", "version": _DAY}
    op = {"operationId": "ping", "responses": {"204": {"description": "pong"}}}
    pkg = build({"info": info, "paths": {"/ping": {"get": op}}}, package="dated")
    assert callable(pkg.PingApi.ping)

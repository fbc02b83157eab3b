"""Valid specs that once crashed the generator: each generates, imports and behaves."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from ..commands import mypy_strict, oapigen
from .conftest import make_spec

Build = Callable[..., ModuleType]


def test_no_paths_and_no_schemas_give_an_empty_client(build_package: Build) -> None:
    spec = make_spec({})
    del spec["components"]
    package = build_package(spec)
    assert package.ApiClient.__name__ == "ApiClient"
    assert "ApiClient" in package.__all__
    assert not [name for name in package.__all__ if name.endswith("Api")]


def test_empty_client_type_checks(tmp_path: Path) -> None:
    spec = tmp_path / "empty.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n", encoding="utf-8")
    out = tmp_path / "out"
    _oapigen("generate", "--spec", str(spec), "--out", str(out), "--package", "empty")
    checked = mypy_strict("--no-incremental", "empty", cwd=out)
    assert checked.returncode == 0, checked.stdout


def test_type_null_alone_is_none(build_package: Build) -> None:
    """OpenAPI 3.1 ``type: ["null"]`` (D4): a field that is always null."""
    schemas = {"Thing": {"type": "object", "properties": {"nothing": {"type": ["null"]}}}}
    package = build_package(make_spec(schemas, openapi="3.1.0"))
    thing = package.Thing.from_dict({"nothing": None})
    assert thing.nothing is None
    assert thing.to_dict() == {"nothing": None}


def test_yaml_dates_and_nan_in_examples_and_defaults(tmp_path: Path) -> None:
    """Unquoted YAML dates are dates and ``.nan`` a float: docs show the ISO text, skip NaN."""
    when = {"type": "string", "format": "date", "example": datetime.date(2024, 1, 2)}
    stamp = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    properties: dict[str, Any] = {
        "when": when,
        # A string with no format: its docs example is the spec's, spelt as Python.
        "since": {"type": "string", "example": datetime.date(2024, 1, 2)},
        "stamp": {"type": "string", "format": "date-time", "example": stamp},
        "ratio": {"type": "number", "example": float("nan"), "default": float("inf")},
    }
    schemas = {"Thing": {"type": "object", "required": ["when", "since"], "properties": properties}}
    paths = {
        "/things": {
            "post": {
                "operationId": "makeThing",
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                    }
                },
                "responses": {"200": {"description": "ok"}},
            }
        }
    }
    spec = tmp_path / "dates.yaml"
    text = yaml.safe_dump(make_spec(schemas, paths), sort_keys=False)
    assert "example: 2024-01-02\n" in text and ".nan" in text  # unquoted, as in Spotify's spec
    spec.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    _oapigen("generate", "--spec", str(spec), "--out", str(out), "--package", "dates")
    page = (out / "docs" / "Thing.md").read_text(encoding="utf-8")
    assert "since='2024-01-02'" in page
    assert "nan" not in page.lower() and "inf" not in page.lower()


def _oapigen(*args: str) -> None:
    result = oapigen(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""

"""Vendor defects with one fix are fixed by default and warned about; other defects stay errors."""

from __future__ import annotations

import copy
import datetime
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from oapigen.diagnostics import Collector
from oapigen.spec.mend import mend

from .conftest import ROOT, make_spec
from .test_repair import VALID


@pytest.mark.parametrize("name", VALID)
def test_a_valid_spec_is_left_as_it_is(name: str) -> None:
    document = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    before = copy.deepcopy(document)
    diags = Collector(name)
    mend(document, diags)
    assert document == before
    assert diags.items == []


def _defects() -> dict[str, Any]:
    """Each defect the published Cloudflare and DigitalOcean documents carry, and kin of them."""
    schemas = {
        "Flags": {
            "type": "object",
            "properties": {
                "enabled": {"type": "boolean", "default": "true"},
                "codes": {"type": "array", "items": {"type": "string"}, "default": "200"},
                "kind": {"type": "string", "enum": ["edge"], "default": ""},
                "expiry": {"type": "string", "format": "date-time", "default": "<now>"},
                "stop": {
                    "default": None,
                    "oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/Words"}],
                },
                "token": {"type": "string", "pattern": "^(?<id>[a-z]{2})$"},
            },
        },
        "Words": {"type": "array", "items": {"type": "string"}},
    }
    responses = {"200": {"description": "ok"}, "4xx": {"description": "client error"}}
    paths = {"/flags": {"get": {"operationId": "getFlags", "responses": responses}}}
    return make_spec(schemas, paths)


def test_each_defect_is_mended_and_told() -> None:
    document = _defects()
    diags = Collector("api.yaml")
    mend(document, diags)
    where = {d.pointer: d.message for d in diags.items}
    assert all(d.code == "repaired" and d.severity.name == "WARNING" for d in diags.items)
    props = "/components/schemas/Flags/properties"
    assert where == {
        f"{props}/enabled/default": "dropped: default 'true' is not of the schema's type 'boolean'",
        f"{props}/codes/default": "dropped: default '200' is not of the schema's type 'array'",
        f"{props}/kind/default": "dropped: default '' is not one of the values the enum allows",
        f"{props}/expiry/default": "dropped: default '<now>' is not a date-time",
        f"{props}/stop/default": "dropped: default None is null and the schema is not nullable",
        f"{props}/token/pattern": (
            "dropped: pattern '^(?<id>[a-z]{2})$' is not a regular expression Python reads "
            "(unknown extension ?<i at position 2); no generated code checks it"
        ),
        "/paths/~1flags/get/responses/4XX": "response status '4xx' read as '4XX'",
    }
    flags = document["components"]["schemas"]["Flags"]["properties"]
    assert not any("default" in flags[name] for name in ("enabled", "codes", "kind", "expiry"))
    assert "pattern" not in flags["token"]
    assert list(document["paths"]["/flags"]["get"]["responses"]) == ["200", "4XX"]


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "nullable": True, "default": None},
        {"type": ["string", "null"], "default": None},
        {"oneOf": [{"type": "string"}, {"type": "integer", "nullable": True}], "default": None},
        {"type": "integer", "default": 2.0},
        {"type": "number", "default": 2},
        {"type": "string", "default": datetime.date(2020, 1, 2)},  # YAML's unquoted date
        {"type": "string", "format": "date-time", "default": "2020-01-02T03:04:05.6+01:00"},
        {"type": "string", "format": "date", "default": "2020-01-02"},
        {"type": "integer", "enum": [0, 1], "default": 1},
        {"type": "string", "pattern": "^[a-z]+\\d*$", "default": "ab1"},
        {"default": "anything"},  # nothing to hold it against
    ],
)
def test_a_default_that_fits_is_kept(schema: dict[str, Any]) -> None:
    document = make_spec({"S": {"type": "object", "properties": {"p": schema}}})
    before = copy.deepcopy(document)
    diags = Collector("api.yaml")
    mend(document, diags)
    assert diags.items == [] and document == before


@pytest.mark.parametrize(
    ("schema", "why"),
    [
        ({"type": "integer", "default": True}, "is not of the schema's type 'integer'"),
        ({"type": "boolean", "enum": [True], "default": 1}, "is not of the schema's type"),
        ({"type": "integer", "enum": [0, 1], "default": "0"}, "is not of the schema's type"),
        ({"enum": [1, 2], "default": True}, "is not one of the values the enum allows"),
        ({"type": "string", "default": None}, "is null and the schema is not nullable"),
    ],
)
def test_a_default_its_schema_forbids_is_dropped(schema: dict[str, Any], why: str) -> None:
    document = make_spec({"S": {"type": "object", "properties": {"p": schema}}})
    diags = Collector("api.yaml")
    mend(document, diags)
    assert [d.pointer for d in diags.items] == ["/components/schemas/S/properties/p/default"]
    assert why in diags.items[0].message
    assert "default" not in document["components"]["schemas"]["S"]["properties"]["p"]


def test_example_data_and_extensions_are_not_schemas() -> None:
    """A default inside an example or an ``x-`` extension is data, not a schema's default."""

    def data() -> dict[str, Any]:
        return {"type": "boolean", "default": "true"}

    schema = {"type": "object", "example": data(), "x-vendor": data()}
    document = make_spec({"S": {**schema, "properties": {"default": data()}}})
    diags = Collector("api.yaml")
    mend(document, diags)
    schema = document["components"]["schemas"]["S"]
    assert schema["example"] == schema["x-vendor"] == {"type": "boolean", "default": "true"}
    # A property named ``default`` is a schema: its own default is mended.
    assert [d.pointer for d in diags.items] == ["/components/schemas/S/properties/default/default"]


def _generate(tmp_path: Path, document: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    spec = tmp_path / "api.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    # In tmp_path: no [tool.oapigen] applies, so this is the default (strict) mode.
    command = ["-m", "oapigen", "generate", "--spec", "api.yaml", "--out", "out", "--no-cache"]
    return subprocess.run(
        [sys.executable, *command], cwd=tmp_path, capture_output=True, text=True, check=False
    )


def test_a_spec_with_mendable_defects_generates_by_default(tmp_path: Path) -> None:
    done = _generate(tmp_path, _defects())
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 7 and all(": warning[repaired]: " in line for line in lines), lines
    assert "api.yaml#/paths/~1flags/get/responses/4XX: warning[repaired]: response status" in (
        done.stderr
    )
    assert (tmp_path / "out").is_dir()


def test_defects_with_no_single_fix_stay_errors(tmp_path: Path) -> None:
    document = _defects()
    responses = document["paths"]["/flags"]["get"]["responses"]
    responses["4XX"] = {"description": "also client error"}  # which one is meant?
    del responses["200"]["description"]  # a response without its required description
    done = _generate(tmp_path, document)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if ": error[" in line]
    assert any("/get/responses: error[spec-invalid]: '4xx' does not match" in e for e in errors)
    assert any("/responses/200: error[spec-invalid]: " in e for e in errors), errors
    assert not (tmp_path / "out").exists()

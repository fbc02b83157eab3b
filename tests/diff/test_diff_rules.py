"""Each row of the rules in generator/apidiff/diff.py, on a small spec pair made for it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from diff_oracle import expected, mypy_errors, program

from oapigen import generate
from oapigen.apidiff.diff import diff
from oapigen.config import Config
from oapigen.pipeline import spec_surface

COLORS = {"type": "string", "enum": ["red", "green"]}


def _op(op_id: str, params: list[Any], request: str, response: str) -> dict[str, Any]:
    ref = "#/components/schemas/"
    return {
        "operationId": op_id,
        "tags": ["Things"],
        "parameters": params,
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": ref + request}}},
        },
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": ref + response}}},
            }
        },
    }


def _query(name: str, required: bool) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "schema": {"type": "string"},
    }


OLD: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Rules", "version": "1.0.0"},
    "paths": {
        "/things": {
            "post": _op(
                "make-thing",
                [_query("trace", True), _query("mode", False)],
                "ThingIn",
                "ThingOut",
            ),
        },
        "/ping": {
            "get": {
                "operationId": "ping",
                "tags": ["Things"],
                "responses": {"204": {"description": "pong"}},
            }
        },
        "/old": {
            "get": {
                "operationId": "old-thing",
                "tags": ["Things"],
                "responses": {"204": {"description": "gone"}},
            }
        },
    },
    "components": {
        "schemas": {
            "ThingIn": {
                "type": "object",
                "required": ["name", "size"],
                "properties": {
                    "name": {"type": "string"},
                    "size": {"type": "integer"},
                    "note": {"type": "string"},
                    "color": COLORS,
                    "shade": {"type": "string", "enum": ["light", "dark"]},
                    "count": {"type": "integer", "default": 1},
                    "tint": {"$ref": "#/components/schemas/Tint"},
                },
            },
            "Extra": {
                "type": "object",
                "properties": {"keep": {"type": "string"}, "drop": {"type": "string"}},
            },
            "ThingOut": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "label": {"type": "string"},
                    "color": COLORS,
                    "score": {"type": "number"},
                    "owner": {"type": "string"},
                    "tint": {"$ref": "#/components/schemas/Tint"},
                    "extra": {"$ref": "#/components/schemas/Extra"},
                },
            },
            "Tint": {"type": "string", "enum": ["warm", "cool"]},
        }
    },
}


def _new() -> dict[str, Any]:
    new = copy.deepcopy(OLD)
    del new["paths"]["/old"]
    new["paths"]["/v2/ping"] = new["paths"].pop("/ping")
    new["paths"]["/fresh"] = copy.deepcopy(OLD["paths"]["/old"])
    new["paths"]["/fresh"]["get"]["operationId"] = "fresh-thing"
    make = new["paths"]["/things"]["post"]
    make["parameters"] = [
        _query("trace", False),
        _query("mode", False),
        _query("page", False),
    ]
    schemas = new["components"]["schemas"]
    thing_in = schemas["ThingIn"]
    thing_in["required"] = [
        "name",
        "note",
        "weight",
    ]  # size -> optional, note -> required
    thing_in["properties"]["weight"] = {"type": "number"}  # a new required field
    thing_in["properties"]["size"] = {"type": "number"}  # int -> float: wider
    thing_in["properties"]["color"] = {
        "type": "string",
        "enum": ["red", "green", "blue"],
    }
    thing_in["properties"]["shade"] = {"type": "string", "enum": ["light"]}
    thing_in["properties"]["count"] = {"type": "integer", "default": 2}
    del schemas["Extra"]["properties"]["drop"]
    thing_out = schemas["ThingOut"]
    thing_out["required"] = ["label"]  # id -> optional, label -> required
    thing_out["properties"]["color"] = {
        "type": "string",
        "enum": ["red", "green", "blue"],
    }
    thing_out["properties"]["score"] = {"type": "integer"}  # float -> int: narrower
    thing_out["properties"]["owner"] = {"type": "string", "nullable": True}
    thing_out["properties"]["since"] = {"type": "string"}
    schemas["Tint"] = {"type": "string", "enum": ["warm", "cool", "neutral"]}
    return new


RULES = {
    # operations and arguments
    ("operation-removed", "ThingsApi.old_thing"): True,
    ("operation-added", "ThingsApi.fresh_thing"): False,
    (
        "operation-moved",
        "ThingsApi.ping",
    ): False,  # same method, the client follows the path
    ("argument-optional", "ThingsApi.make_thing(trace)"): True,  # becomes keyword-only
    ("argument-added", "ThingsApi.make_thing(page)"): False,
    # request model
    ("field-added", "ThingIn.weight"): True,
    ("field-optional", "ThingIn.size"): False,
    ("field-required", "ThingIn.note"): True,
    ("type-widened", "ThingIn.size"): False,
    ("enum-value-added", "ThingIn.color"): False,
    ("enum-value-removed", "ThingIn.shade"): True,
    ("default-changed", "ThingIn.count"): False,
    # response model
    ("field-optional", "ThingOut.id_"): True,
    ("field-required", "ThingOut.label"): False,
    ("enum-value-added", "ThingOut.color"): True,
    ("type-narrowed", "ThingOut.score"): False,
    ("type-widened", "ThingOut.owner"): True,  # now nullable
    ("field-added", "ThingOut.since"): False,
    ("field-removed", "Extra.drop"): True,
    # an enum alias used in both directions: a new value breaks readers
    ("enum-value-added", "Tint"): True,
}


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("rules")
    specs = {}
    for name, document in (("old", OLD), ("new", _new())):
        specs[name] = folder / f"{name}.yaml"
        specs[name].write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return specs


def _surface(spec: Path) -> dict[str, Any]:
    return spec_surface(spec, Config(root=spec.parent), lenient=False)[0]


def test_each_rule(pair: dict[str, Path]) -> None:
    changes = diff(_surface(pair["old"]), _surface(pair["new"]))
    found = {(c.kind, c.subject): c.breaking for c in changes}
    for key, breaking in RULES.items():
        assert key in found, key
        assert found[key] is breaking, key
    assert set(found) == set(RULES), set(found) ^ set(RULES)


def test_each_rule_agrees_with_mypy(pair: dict[str, Path], tmp_path: Path) -> None:
    surfaces, clients = {}, {}
    for name, spec in pair.items():
        surfaces[name] = _surface(spec)
        clients[name] = tmp_path / f"client-{name}"
        generate(
            Config(
                root=spec.parent,
                spec=spec,
                out=clients[name],
                package="openapi_openai",
                cache_dir=tmp_path / "cache",
            )
        )
    prog = program(surfaces["old"])
    assert mypy_errors(prog, clients["old"], tmp_path / "old") == []
    flagged = {tag for tag, _ in mypy_errors(prog, clients["new"], tmp_path / "new")}
    want = expected(diff(surfaces["old"], surfaces["new"]), surfaces["old"], surfaces["new"])
    assert flagged == want, (flagged - want, want - flagged)

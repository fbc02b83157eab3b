"""Lenient repairs: valid specs pass untouched; broken ones are repaired without being changed."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from oapigen.diagnostics import Collector
from oapigen.spec.repair import repair

from .conftest import ROOT

VALID = [
    "spec/realtime_sessions.yaml",
    "tests/docs/specs/pets.yaml",
    "tests/generality/specs/constructs.yaml",
    "tests/generality/specs/constructs_30.yaml",
]


@pytest.mark.parametrize("name", VALID)
def test_a_valid_spec_is_left_as_it_is(name: str) -> None:
    document = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    diags = Collector(name)
    assert repair(document, diags) is document
    assert diags.items == []


def _broken() -> dict[str, Any]:
    schema = {
        "type": ["string", "strin", "null", "string"],
        "required": ["a", ["b"]],
        "properties": {"a": {"type": "string"}, "b": 7},
        "oneOf": [1, 2],
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "x", "version": "1"},
        "servers": [{"url": "http://a"}, "http://b"],
        "paths": {
            "/a": {
                "parameters": [{"name": "q"}, {"name": "r", "in": "query"}],
                "get": {"responses": {"2XX": {"description": "ok"}, "٢٠٠": {}, "x-y": 1}},
            },
            "/b": [],
        },
        "components": {"schemas": {"S": schema, "T": True}},
    }


def test_repairs_are_told_and_the_input_is_not_changed() -> None:
    document = _broken()
    before = copy.deepcopy(document)
    diags = Collector("s.yaml")
    fixed = repair(document, diags)
    assert document == before
    assert fixed["servers"] == [{"url": "http://a"}]
    assert fixed["paths"]["/a"]["parameters"] == [{"name": "r", "in": "query"}]
    assert list(fixed["paths"]["/a"]["get"]["responses"]) == ["2XX", "x-y"]
    assert "/b" not in fixed["paths"]
    schema = fixed["components"]["schemas"]["S"]
    assert schema == {
        "type": ["string", "null"],
        "required": ["a"],
        "properties": {"a": {"type": "string"}},
    }
    assert fixed["components"]["schemas"]["T"] is True  # a 3.1 boolean schema is a schema
    assert fixed["info"] is document["info"]  # what needs no repair is shared, not copied
    lines = sorted(d.render().removeprefix("s.yaml#") for d in diags.items)
    drop = ": warning[repaired]: dropped: "
    assert lines == sorted(
        [
            f"/components/schemas/S/oneOf{drop}oneOf has no schema left",
            f"/components/schemas/S/oneOf/0{drop}oneOf entry 0 must be a mapping",
            f"/components/schemas/S/oneOf/1{drop}oneOf entry 1 must be a mapping",
            f"/components/schemas/S/properties/b{drop}b must be a mapping",
            f"/components/schemas/S/required/1{drop}required entry 1 must be a string",
            "/components/schemas/S/type: warning[repaired]: kept only the JSON types"
            " ['string', 'null']",
            f"/paths/~1a/get/responses/٢٠٠{drop}response status '٢٠٠' is not a status code,"
            " NXX or default",
            f"/paths/~1a/parameters/0{drop}parameters entry 0 needs in",
            f"/paths/~1b{drop}/b must be a mapping",
            f"/servers/1{drop}servers entry 1 must be a mapping",
        ]
    )
    again = Collector("s.yaml")
    assert repair(fixed, again) is fixed and again.items == []


def test_refs_to_what_was_dropped_go_too() -> None:
    """A dropped schema leaves its refs dangling: they go, and refs to them in turn."""
    schemas: dict[str, Any] = {
        "Gone": ["not", "a", "schema"],
        "Alias": {"$ref": "#/components/schemas/Gone"},
        "Thing": {
            "type": "object",
            "properties": {
                "direct": {"$ref": "#/components/schemas/Gone"},
                "chained": {"$ref": "#/components/schemas/Alias"},
                "kept": {"type": "string"},
            },
        },
    }
    document = {"openapi": "3.1.0", "paths": {}, "components": {"schemas": schemas}}
    diags = Collector("s.yaml")
    fixed = repair(document, diags)
    assert list(fixed["components"]["schemas"]) == ["Thing"]
    assert list(fixed["components"]["schemas"]["Thing"]["properties"]) == ["kept"]
    assert len(diags.items) == 4
    assert {d.pointer for d in diags.items} == {
        "/components/schemas/Gone",
        "/components/schemas/Alias",
        "/components/schemas/Thing/properties/direct",
        "/components/schemas/Thing/properties/chained",
    }

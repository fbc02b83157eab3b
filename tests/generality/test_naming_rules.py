"""Names never refuse: symbols spelled out, runtime names give way, stable suffixes."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from pytest_httpserver import HTTPServer

from oapigen.ir import naming

from .conftest import generate_into

Build = Callable[..., ModuleType]


def _obj(*names: str) -> dict[str, Any]:
    return {"type": "object", "properties": {n: {"type": "integer"} for n in names}}


def _json(schema: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema}"}
    return {"200": {"description": "ok", "content": {"application/json": {"schema": ref}}}}


@pytest.mark.parametrize(
    ("wire", "py_name"),
    [
        ("+1", "plus_one"),
        ("-1", "minus_one"),
        ("EndTime<", "end_time_before"),
        ("EndTime>", "end_time_after"),
        ("DateCreated<=", "date_created_on_or_before"),
        (">1y", "gt_1y"),
        ("<=1y", "lte_1y"),
        ("@type", "at_type"),
        ("$filter", "filter_"),
        ("user.name", "user_name"),
        ("ids[]", "ids"),
        ("filter[name]", "filter_name"),
        ("2fast", "n2fast"),
        ("a&b", "a_and_b"),
        ("create-realtime-session", "create_realtime_session"),
        (">=1y", "gte_1y"),
        ("<1y", "lt_1y"),
        ("DateCreated>=", "date_created_on_or_after"),
        ("-foo", "minus_foo"),
        ("a+b", "a_plus_b"),
        ("50%", "n50_percent"),
    ],
)
def test_symbols_are_spelled_out_as_the_readme_table_says(wire: str, py_name: str) -> None:
    assert naming.identifier(wire) == py_name


@pytest.mark.parametrize(
    ("wire", "class_name"),
    [("3D", "N3D"), ("+1", "PlusOne"), ("EndTime<", "EndTimeBefore"), ("@type", "AtType")],
)
def test_class_names_spell_symbols_out_too(wire: str, class_name: str) -> None:
    assert naming.class_name(wire) == class_name


def test_plus_and_minus_one_are_two_fields(build: Build) -> None:
    """GitHub's reaction-rollup: '+1' and '-1' were one name and refused."""
    pkg = build({"components": {"schemas": {"ReactionRollup": _obj("+1", "-1", ">1y", "<=1y")}}})
    data = {"+1": 3, "-1": 1, ">1y": 5, "<=1y": 7}
    rollup = pkg.ReactionRollup.from_dict(data)
    assert (rollup.plus_one, rollup.minus_one, rollup.gt_1y, rollup.lte_1y) == (3, 1, 5, 7)
    assert rollup.to_dict() == data


def test_runtime_names_give_way_to_schemas(tmp_path: Path, httpserver: HTTPServer) -> None:
    """A schema named ApiResponse, ApiClient, Configuration or ApiException generates."""
    names = ("ApiResponse", "ApiClient", "Configuration", "ApiException")
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/clients": {"get": {"operationId": "getClient", "responses": _json("ApiClient")}}
        },
        "components": {"schemas": {n: _obj(n.lower()) for n in names}},
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    result = generate_into(path, tmp_path / "out", "rt")
    warned = {d.pointer for d in result.warnings if d.code == "name-collision"}
    assert warned == {f"/components/schemas/{n}" for n in names}
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        pkg = importlib.import_module("rt")
        runtime = importlib.import_module("rt.api_client")
        assert pkg.ApiClient.__module__ == "rt.models.api_client"
        assert pkg.ApiResponse(apiresponse=1).to_dict() == {"apiresponse": 1}
        assert issubclass(importlib.import_module("rt.exceptions").ApiException, Exception)
        assert "ApiClient" in pkg.__all__ and pkg.Timeout is runtime.Timeout
        httpserver.expect_request("/clients").respond_with_json({"apiclient": 7})
        config = importlib.import_module("rt.configuration").Configuration(
            host=httpserver.url_for("").rstrip("/")
        )
        with runtime.ApiClient(config) as client:
            got = pkg.ClientsApi(client).get_client()
        assert isinstance(got, pkg.ApiClient) and got.apiclient == 7
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [n for n in sys.modules if n == "rt" or n.startswith("rt.")]:
            del sys.modules[name]


def _twilio_like() -> dict[str, Any]:
    params = [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "id", "in": "query", "schema": {"type": "string"}},
        {"name": "EndTime", "in": "query", "schema": {"type": "string"}},
        {"name": "EndTime<", "in": "query", "schema": {"type": "string"}},
        {"name": "EndTime>", "in": "query", "schema": {"type": "string"}},
    ]
    op = {"operationId": "listCalls", "parameters": params, "responses": _json("Call")}
    return {"paths": {"/calls/{id}": {"get": op}}, "components": {"schemas": {"Call": _obj("a")}}}


def test_parameters_told_apart_by_location_and_symbols(
    build: Build, httpserver: HTTPServer
) -> None:
    pkg = build(_twilio_like())
    httpserver.expect_request(
        "/calls/c1",
        query_string={"id": "q1", "EndTime": "t", "EndTime<": "b", "EndTime>": "a"},
    ).respond_with_json({"a": 1})
    client = pkg.ApiClient(pkg.Configuration(host=httpserver.url_for("").rstrip("/")))
    call = pkg.CallsApi(client).list_calls(
        id_path="c1", id_query="q1", end_time="t", end_time_before="b", end_time_after="a"
    )
    assert call.a == 1


def test_collisions_warn_with_both_pointers_and_the_renames_entry(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "bill-subs-api_component_value": _obj("a"),
                "bill-subs-api_component-value": _obj("b"),
                "Pair": _obj("fooBar", "foo_bar"),
            }
        },
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    result = generate_into(path, tmp_path / "out", "cw")
    lines = sorted(d.render() for d in result.warnings if d.code == "name-collision")
    assert len(lines) == 2, lines
    pair, bill = sorted(lines, key=lambda line: "Pair" not in line)
    assert "#/components/schemas/Pair/properties/fooBar: warning[name-collision]" in pair
    assert "#/components/schemas/Pair/properties/foo_bar" in pair
    assert 'renames { "property:#/components/schemas/Pair/properties/fooBar" = "foo_bar_' in pair
    assert "#/components/schemas/bill-subs-api_component_value: warning" in bill
    assert "#/components/schemas/bill-subs-api_component-value;" in bill
    assert 'renames { "bill-subs-api_component_value" = "BillSubsApiComponentValue_' in bill


def test_collisions_resolve_to_stable_suffixes_and_renames_choose(build: Build) -> None:
    schemas = {
        "bill-subs-api_component_value": _obj("a"),
        "bill-subs-api_component-value": _obj("b"),
        "Pair": _obj("fooBar", "foo_bar"),
    }
    pkg = build({"components": {"schemas": schemas}})
    pointer = "/components/schemas/bill-subs-api_component_value"
    underscore = f"BillSubsApiComponentValue_{naming.suffix(pointer)}"
    assert pkg.BillSubsApiComponentValue(b=1).to_dict() == {"b": 1}
    assert getattr(pkg, underscore)(a=1).to_dict() == {"a": 1}
    pair = pkg.Pair.from_dict({"fooBar": 1, "foo_bar": 2})
    assert pair.foo_bar == 2 and getattr(pair, f"foo_bar_{naming.suffix('fooBar')}") == 1
    renames = (
        ("bill-subs-api_component_value", "ComponentValueUnderscored"),
        ("property:#/components/schemas/Pair/properties/fooBar", "foo_bar_camel"),
    )
    pkg = build({"components": {"schemas": schemas}}, package="renamed", renames=renames)
    assert pkg.ComponentValueUnderscored(a=1).to_dict() == {"a": 1}
    assert pkg.Pair.from_dict({"fooBar": 1}).foo_bar_camel == 1


def test_inline_schema_meeting_a_component_takes_a_suffix(build: Build) -> None:
    inline = _obj("x")
    schemas = {"Foo": {"type": "object", "properties": {"bar": inline}}, "FooBar": _obj("y")}
    pkg = build({"components": {"schemas": schemas}})
    foo = pkg.Foo.from_dict({"bar": {"x": 1}})
    assert (
        type(foo.bar).__name__
        == f"FooBar_{naming.suffix('/components/schemas/Foo/properties/bar')}"
    )
    assert pkg.FooBar(y=1).to_dict() == {"y": 1}


def test_renames_cover_operations_parameters_and_tags(build: Build) -> None:
    spec = _twilio_like()
    spec["paths"]["/calls/{id}"]["get"]["tags"] = ["calls"]
    renames = (
        ("#/paths/~1calls~1{id}/get", "fetch_calls"),
        ("#/paths/~1calls~1{id}/get/parameters/1", "query_id"),
        ("tag:calls", "PhoneCallsApi"),
    )
    pkg = build(spec, renames=renames)
    method = pkg.PhoneCallsApi.fetch_calls
    assert {"id_", "query_id", "end_time_before"} <= set(method.__annotations__)


def _names(tmp_path: Path, spec: dict[str, Any], tag: str) -> dict[str, str]:
    """Every name the client gives, by the pointer it comes from (modules by their path)."""
    doc = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, **spec}
    path = tmp_path / f"{tag}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    result = generate_into(path, tmp_path / tag, tag)
    names = {f"file:{n.split('/', 1)[1]}": "" for n in result.files if n.startswith(f"{tag}/")}
    surface = json.loads((tmp_path / tag / ".oapigen-api.json").read_text(encoding="utf-8"))
    for name, op in surface["operations"].items():
        names[op["pointer"]] = name
        names.update({arg["pointer"] + "@" + arg["in"]: arg["name"] for arg in op["args"]})
    for kind in ("models", "aliases"):
        for name, node in surface[kind].items():
            names[node["pointer"]] = name
            names.update({f["pointer"]: f["name"] for f in node.get("fields", ())})
    return names


def test_adding_a_schema_elsewhere_changes_no_existing_name(tmp_path: Path) -> None:
    schemas = {
        "a-b": _obj("x"),
        "a_b": _obj("y"),
        "Foo": {"type": "object", "properties": {"bar": _obj("z")}},
        "FooBar": _obj("w"),
        "Call": _obj("a", "fooBar", "foo_bar"),
    }
    spec = {**_twilio_like(), "components": {"schemas": schemas}}
    before = _names(tmp_path, spec, "one")
    # New schemas in front and behind, a new property, a new operation in front with the
    # same parameters, and one under a new tag: nothing moves.
    grown = {"AAA": _obj("q"), **schemas, "Zzz": _obj("v")}
    grown["FooBar"] = _obj("w", "w2")
    spec = {**_twilio_like(), "components": {"schemas": grown}}
    params = spec["paths"]["/calls/{id}"]["get"]["parameters"]
    spec["paths"] = {
        "/aaa/{id}": {
            "get": {"operationId": "aaa", "parameters": params, "responses": _json("AAA")}
        },
        **spec["paths"],
        "/zzz": {"get": {"operationId": "zzz", "tags": ["Calls"], "responses": _json("Zzz")}},
    }
    after = _names(tmp_path, spec, "one_more")
    moved = {key: (name, after.get(key)) for key, name in before.items() if after.get(key) != name}
    assert not moved, moved
    assert "file:models/ab_" + naming.suffix("/components/schemas/a_b") + ".py" in before
    assert before["/paths/~1calls~1{id}/get/parameters/0@path"] == "id_path"
    assert len(before) > 20


def test_a_schema_named_like_an_api_class_wins_the_package_root(build: Build) -> None:
    op = {"operationId": "getA", "tags": ["Foo"], "responses": _json("FooApi")}
    spec = {"paths": {"/a": {"get": op}}, "components": {"schemas": {"FooApi": _obj("a")}}}
    pkg = build(spec)
    api_class = importlib.import_module("pkg.api.foo_api").FooApi
    assert pkg.FooApi.__module__ == "pkg.models.foo_api" and callable(api_class.get_a)


def test_operations_meeting_on_a_name_part_by_spelling_not_document_order(tmp_path: Path) -> None:
    def op(op_id: str) -> dict[str, Any]:
        return {"operationId": op_id, "tags": ["T"], "responses": {"204": {"description": "ok"}}}

    paths = {"/b": {"get": op("getFoo")}, "/a": {"get": op("get_foo")}, "/c": {"get": op("GetFoo")}}
    first = _names(tmp_path, {"paths": paths}, "ordered")
    swapped = _names(tmp_path, {"paths": dict(reversed(paths.items()))}, "swapped")
    ops = {k: v for k, v in first.items() if k.startswith("/paths")}
    assert ops == {k: v for k, v in swapped.items() if k.startswith("/paths")}
    # The spelling that already is the name keeps it; the others take their pointer's suffix.
    assert ops["/paths/~1a/get"] == "TApi.get_foo"
    assert ops["/paths/~1b/get"] == f"TApi.get_foo_{naming.suffix('/paths/~1b/get')}"
    assert ops["/paths/~1c/get"] == f"TApi.get_foo_{naming.suffix('/paths/~1c/get')}"

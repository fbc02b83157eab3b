"""3.0 and 3.1 forms that must build: each an inline spec, generated, imported and run."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from pytest_httpserver import HTTPServer

from .conftest import generate_into

Build = Callable[..., ModuleType]


def _obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], text: str = "ok") -> dict[str, Any]:
    return {"description": text, "content": {"application/json": {"schema": schema}}}


def _client(pkg: ModuleType, server: HTTPServer) -> Any:
    return pkg.ApiClient(pkg.Configuration(host=server.url_for("").rstrip("/"), retries=0))


def test_null_only_enum(build: Build) -> None:
    schemas = {"Nothing": {"enum": [None]}, "Holder": _obj(n=_ref("Nothing"))}
    pkg = build({"components": {"schemas": schemas}})
    holder = pkg.Holder.from_dict({"n": None})
    assert holder.n is None and holder.to_dict() == {"n": None}


def test_webhooks_only_document(build: Build) -> None:
    body = {"content": {"application/json": {"schema": _ref("Pet")}}}
    hook = {"post": {"requestBody": body, "responses": {"200": {"description": "ok"}}}}
    spec = {"webhooks": {"newPet": hook}, "components": {"schemas": {"Pet": _obj(a={})}}}
    pkg = build(spec)
    assert pkg.Pet.from_dict({"a": 1}).to_dict() == {"a": 1}


def test_defs_const_pattern_properties_and_prefix_items(build: Build) -> None:
    schemas = {
        "A": {
            **_obj(b=_ref("A/$defs/B"), kind={"const": "a"}),
            "required": ["kind"],
            "$defs": {"B": _obj(c={"type": "integer"})},
        },
        "Tagged": {**_obj(a={"type": "string"}), "patternProperties": {"^x-": {"type": "integer"}}},
        "Pair": {"type": "array", "prefixItems": [{"type": "number"}, {"type": "string"}]},
        "HasPair": _obj(p=_ref("Pair")),
    }
    pkg = build({"components": {"schemas": schemas}})
    a = pkg.A.from_dict({"kind": "a", "b": {"c": 2}})
    assert a.b.c == 2 and a.to_dict() == {"kind": "a", "b": {"c": 2}}
    tagged = pkg.Tagged.from_dict({"a": "s", "x-n": 3})
    assert tagged.to_dict() == {"a": "s", "x-n": 3}
    assert pkg.HasPair.from_dict({"p": [1.5, "s"]}).to_dict() == {"p": [1.5, "s"]}


def test_status_ranges_decode_their_bodies(build: Build, httpserver: HTTPServer) -> None:
    responses = {
        "2XX": _json(_ref("Thing")),
        "4XX": _json(_ref("Problem"), "client error"),
        "default": {"description": "other"},
    }
    schemas = {"Thing": _obj(n={"type": "integer"}), "Problem": _obj(m={"type": "string"})}
    spec = {
        "paths": {"/t": {"get": {"operationId": "getT", "responses": responses}}},
        "components": {"schemas": schemas},
    }
    pkg = build(spec)
    httpserver.expect_ordered_request("/t").respond_with_json({"n": 1}, status=201)
    httpserver.expect_ordered_request("/t").respond_with_json({"m": "bad"}, status=418)
    api = pkg.TApi(_client(pkg, httpserver))
    assert api.get_t() == pkg.Thing(n=1)
    try:
        api.get_t()
    except pkg.ApiException as caught:
        assert caught.status == 418
    else:
        raise AssertionError("a 418 must raise")


def test_parameters_are_unique_by_name_and_location(build: Build, httpserver: HTTPServer) -> None:
    params = [
        {"name": "v", "in": "query", "schema": {"type": "string"}},
        {"name": "v", "in": "header", "schema": {"type": "string"}},
    ]
    item = {
        "parameters": params,
        "get": {"operationId": "getV", "responses": {"204": {"description": "none"}}},
    }
    pkg = build({"paths": {"/v": item}})
    httpserver.expect_request("/v", query_string="v=q", headers={"v": "h"}).respond_with_data(
        status=204
    )
    assert pkg.VApi(_client(pkg, httpserver)).get_v(v_query="q", v_header="h") is None


def test_an_alias_of_a_model_is_the_class_at_run_time(build: Build) -> None:
    """Cloudflare's IamComponentsSchemasAccount was the string 'IamAccount'."""
    schemas = {"Account": _obj(id={"type": "string"}), "Acct": _ref("Account")}
    schemas["Holder"] = _obj(acct=_ref("Acct"))
    pkg = build({"components": {"schemas": schemas}})
    assert pkg.Acct is pkg.Account
    holder = pkg.Holder.from_dict({"acct": {"id": "a"}})
    assert isinstance(holder.acct, pkg.Acct) and holder.to_dict() == {"acct": {"id": "a"}}


def test_plain_json_error_bodies_are_mypy_strict_clean(tmp_path: Path) -> None:
    """GitHub's 2020 gists_api.py: 'Returning Any from function declared to return ...'."""
    responses = {
        "200": _json(_ref("Thing")),
        "404": _json({"type": "object"}, "free-form"),
        "403": _json(_ref("Problem"), "forbidden"),
    }
    schemas = {"Thing": _obj(n={"type": "integer"}), "Problem": _obj(m={"type": "string"})}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/t": {"get": {"operationId": "getT", "responses": responses}}},
        "components": {"schemas": schemas},
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    generate_into(path, tmp_path / "out", "strict_pkg")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "strict_pkg"],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout

"""Docs examples run when schemas take the runtime's names (ApiClient, Configuration, ...).

The package root then exports the schema, so an example importing the runtime from the root
would build a model where it meant a client: the examples import it from its own module.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from oapigen import Config, generate

from .conftest import broken_links, example_server, python_blocks, run_example


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _obj(*names: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(names),
        "properties": {name: {"type": "string", "example": f"{name}-x"} for name in names},
    }


def _op(op_id: str, tag: str, body: str, answer: str, response: str) -> dict[str, Any]:
    return {
        "operationId": op_id,
        "tags": [tag],
        "requestBody": {"required": True, "content": _json(_ref(body))},
        "responses": {"200": {"description": "ok", "content": _json(_ref(answer))}},
        "x-oaiMeta": {"examples": {"response": response}},
    }


def _spec() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Clash", "version": "1"},
        "servers": [{"url": "http://127.0.0.1:1/api"}],
        "paths": {
            # The body is the Configuration schema and the answer the ApiResponse schema: the
            # program builds a model named like the runtime class it also needs.
            "/configurations": {
                "post": _op(
                    "saveConfiguration",
                    "Settings",
                    "Configuration",
                    "ApiResponse",
                    '{"code": "ok"}',
                )
            },
            # A schema named like the tag's API class (FooApi) takes the root from it.
            "/foo": {"post": _op("sendFoo", "Foo", "FooApi", "ApiClient", '{"name": "n"}')},
        },
        "components": {
            "schemas": {
                "ApiClient": _obj("name"),
                "ApiResponse": _obj("code"),
                "Configuration": _obj("host"),
                "ApiException": _obj("reason"),
                "FooApi": _obj("bar"),
            }
        },
    }


def _heading(page: Path) -> str:
    """The page's first level-one heading."""
    return next(line[2:] for line in page.read_text("utf-8").splitlines() if line.startswith("# "))


def test_every_docs_example_runs_when_schemas_take_runtime_names(tmp_path: Path) -> None:
    spec = tmp_path / "clash.yaml"
    spec.write_text(yaml.safe_dump(_spec(), sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    generate(Config(spec=spec, out=out, package="clash", root=tmp_path, use_cache=False))
    pages = [out / "README.md", *sorted((out / "docs").glob("*.md"))]
    # The schema FooApi has docs/FooApi.md; the API class FooApi's page is beside it.
    assert {"FooApi.md", "FooApi.api.md"} <= {page.name for page in pages}
    assert [link for page in pages for link in broken_links(page)] == []
    assert "](docs/FooApi.api.md#send_foo)" in (out / "README.md").read_text("utf-8")
    # The class lives in its module, not at the root (clash.FooApi is the schema).
    headings = {page.name: _heading(page) for page in pages[1:]}
    assert headings["FooApi.api.md"] == "clash.api.foo_api.FooApi"
    assert headings["FooApi.md"] == "clash.FooApi"
    assert headings["SettingsApi.md"] == "clash.SettingsApi"
    blocks = [b for page in pages for b in python_blocks(page.read_text(encoding="utf-8"))]
    calls = [b for b in blocks if "api_instance." in b]
    # The README's (and its asyncio twin), two per operation.
    assert len(calls) == 2 + 2 * 2, blocks
    save = next(b for b in calls if "save_configuration(" in b and "asyncio" not in b)
    assert "from clash.configuration import Configuration as RuntimeConfiguration" in save
    assert "from clash.api_client import ApiClient\n" in save
    assert "from clash.api.foo_api import FooApi as FooApiClass" in next(
        b for b in calls if "send_foo(" in b
    )
    with example_server(spec, "/api") as (base_url, seen):
        for block in blocks:
            result = run_example(block, out, base_url, tmp_path, env_prefix="CLASH")
            assert result.returncode == 0, f"{block}\n{result.stdout}\n{result.stderr}"
            if "save_configuration(" in block:
                assert "ApiResponse(" in result.stdout, result.stdout
    bodies = {c["path"]: json.loads(c["body"]) for c in seen}
    assert bodies == {"/configurations": {"host": "host-x"}, "/foo": {"bar": "bar-x"}}

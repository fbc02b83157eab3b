"""The test suite shipped in each generated client passes: auth, nulls, instants, odd paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..commands import shipped_suite
from .conftest import generate_document


def _op(op_id: str, security: list[dict[str, list[str]]], **extra: Any) -> dict[str, Any]:
    ok = {"description": "ok", "content": {"application/json": {"schema": _ref("TestEvent")}}}
    return {"operationId": op_id, "security": security, "responses": {"200": ok}, **extra}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_SCHEMES = {
    "basic": {"type": "http", "scheme": "basic"},
    "bearer": {"type": "http", "scheme": "bearer"},
    "keyHeader": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
    "keyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
    "keyCookie": {"type": "apiKey", "in": "cookie", "name": "session"},
}


def _api_client() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}},
        "example": {"name": "n"},
    }


def _spec() -> dict[str, Any]:
    paths: dict[str, Any] = {
        f"/{name.lower()}": {"get": _op(f"get_{name}", [{name: []}])} for name in _SCHEMES
    }
    paths["/open"] = {"get": _op("getOpen", [])}
    paths["/either"] = {"get": _op("getEither", [{"keyQuery": []}, {"basic": []}])}
    paths["/files/a#b.txt"] = {"get": _op("getHash", [])}
    paths["/v1.2/100%/x"] = {"get": _op("getDotPercent", [])}
    body = {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "object", "nullable": True}, "example": None}
        },
    }
    paths["/nulls"] = {"post": _op("postNull", [], requestBody=body)}
    # A schema taking a runtime name: the API module and the tests name it through its module.
    client = {"description": "ok", "content": {"application/json": {"schema": _ref("ApiClient")}}}
    paths["/clients"] = {"get": {"operationId": "getClient", "responses": {"200": client}}}
    event = {
        "type": "object",
        "required": ["at"],
        "properties": {"at": {"type": "string", "format": "date-time"}},
        "example": {"at": "2019-11-14T18:10:38Z"},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        "components": {
            "securitySchemes": _SCHEMES,
            "schemas": {"TestEvent": event, "ApiClient": _api_client()},
        },
    }


def test_shipped_suite_passes_for_every_auth_kind_null_bodies_instants_and_odd_paths(
    tmp_path: Path,
) -> None:
    out = generate_document(_spec(), tmp_path, "shipped")
    # -W error: a model named Test* must not be collected as a test class (Stripe's).
    run = shipped_suite(out, "-W", "error")
    assert run.returncode == 0, run.stdout[-4000:]
    # 11 operations x 3 tests, the round trips of TestEvent and ApiClient, and the 9 tests
    # against a hostile server shipped with every client (issue 19), 2 of them on streams.
    assert "44 passed" in run.stdout, run.stdout[-2000:]

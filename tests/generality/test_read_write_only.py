"""readOnly / writeOnly: what constructors demand, what requests send, what responses carry."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

Build = Callable[..., ModuleType]

_PROFILE = {
    "type": "object",
    "properties": {
        "bio": {"type": "string"},
        "verified": {"type": "boolean", "readOnly": True},
    },
}
_ACCOUNT = {
    "type": "object",
    "required": ["id", "name", "password"],
    "properties": {
        "id": {"type": "string", "readOnly": True},
        "name": {"type": "string"},
        "password": {"type": "string", "writeOnly": True},
        "created": {"type": "integer", "readOnly": True},
        "profiles": {"type": "array", "items": {"$ref": "#/components/schemas/Profile"}},
    },
}
_PROBLEM = {"type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}}


def _spec() -> dict[str, Any]:
    account = {"$ref": "#/components/schemas/Account"}
    either = {"oneOf": [account, {"$ref": "#/components/schemas/Problem"}]}
    return {
        "paths": {
            "/accounts": {
                "post": {
                    "operationId": "createAccount",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": account}},
                    },
                    "responses": {
                        "201": {
                            "description": "d",
                            "content": {"application/json": {"schema": either}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"Account": _ACCOUNT, "Profile": _PROFILE, "Problem": _PROBLEM}},
    }


def test_read_only_never_sent_write_only_never_expected(
    build: Build, httpserver: HTTPServer
) -> None:
    pkg = build(_spec())
    received: list[Any] = []
    answer = {
        "id": "acc_1",
        "name": "ada",
        "created": 1700000000,
        "profiles": [{"bio": "b", "verified": True}],
    }

    def handler(request: Request) -> Response:
        received.append(json.loads(request.data))
        return Response(json.dumps(answer), status=201, content_type="application/json")

    httpserver.expect_request("/accounts", method="POST").respond_with_handler(handler)
    config = pkg.Configuration(host=httpserver.url_for("").rstrip("/"))
    api = pkg.AccountsApi(pkg.ApiClient(config))
    # Values a caller copied from an earlier response: the server's fields stay at home.
    account = pkg.Account(
        id_="acc_0",
        name="ada",
        password="pw",
        created=1,
        profiles=[pkg.Profile(bio="b", verified=True)],
    )
    created = api.create_account(account)
    assert received == [{"name": "ada", "password": "pw", "profiles": [{"bio": "b"}]}]
    # The response leaves the write-only password out; the union still picks Account.
    assert isinstance(created, pkg.Account) and created.password is pkg.UNSET
    assert created.id_ == "acc_1" and created.profiles[0].verified is True
    assert created.to_dict() == answer  # outside a request, to_dict keeps everything
    assert account.to_dict()["id"] == "acc_0"


def test_constructor_demands_write_only_not_read_only(build: Build) -> None:
    pkg = build(_spec())
    assert pkg.Account(name="n", password="p").to_dict() == {"name": "n", "password": "p"}
    with pytest.raises(TypeError, match="password"):
        pkg.Account(name="n")
    hints = pkg.models.account.Account.__annotations__
    assert hints["password"] == "str | Unset"  # required to build, absent from responses
    assert hints["id_"] == "str | Unset" and hints["name"] == "str"


def test_model_page_states_the_rule(build: Build, tmp_path: Path) -> None:
    build(_spec())
    page = next((tmp_path / "pkg").rglob("Account.md")).read_text(encoding="utf-8")
    assert "[readonly]" in page and "[write only]" in page
    assert "never sent in a request" in page and "responses leave them out" in page
    assert "never sent" not in next((tmp_path / "pkg").rglob("Problem.md")).read_text()


def test_read_only_left_out_inside_additional_properties(
    build: Build, httpserver: HTTPServer
) -> None:
    spec = _spec()
    spec["components"]["schemas"]["Directory"] = {
        "type": "object",
        "properties": {"title": {"type": "string"}},
        "additionalProperties": {"$ref": "#/components/schemas/Profile"},
    }
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Directory"}}}}
    spec["paths"]["/directories"] = {
        "put": {
            "operationId": "putDirectory",
            "requestBody": body,
            "responses": {"204": {"description": "d"}},
        }
    }
    pkg = build(spec)
    received: list[Any] = []

    def handler(request: Request) -> Response:
        received.append(json.loads(request.data))
        return Response(status=204)

    httpserver.expect_request("/directories", method="PUT").respond_with_handler(handler)
    config = pkg.Configuration(host=httpserver.url_for("").rstrip("/"))
    directory = pkg.Directory(
        title="t", additional_properties={"ada": pkg.Profile(bio="b", verified=True)}
    )
    pkg.DirectoriesApi(pkg.ApiClient(config)).put_directory(directory=directory)
    assert received == [{"title": "t", "ada": {"bio": "b"}}]

"""An error body of another shape than the schema used for it is kept as it came (issue 16 part 7).

For a status the operation does not declare, the spec's common error schema is a guess: a proxy
or gateway answers ``{"message": "Forbidden"}``, not OpenAI's ``{"error": {...}}``. Decoded
leniently, that would be an ``ErrorResponse`` whose required ``error`` reads UNSET, and
``e.data.error.message`` would fail; ``e.data`` is the JSON as it came instead.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

Build = Callable[..., ModuleType]


def _spec() -> dict[str, Any]:
    error_ref = {"$ref": "#/components/schemas/ErrorResponse"}
    error = {"description": "error", "content": {"application/json": {"schema": error_ref}}}
    thing = {"type": "object", "properties": {"n": {"type": "integer"}}}
    ok = {"description": "ok", "content": {"application/json": {"schema": thing}}}
    return {
        "paths": {
            "/things": {
                "get": {
                    "operationId": "getThing",
                    "tags": ["Default"],
                    "responses": {"200": ok, "429": error},
                }
            }
        },
        "components": {
            "schemas": {
                "ErrorResponse": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["message"],
                            "properties": {"message": {"type": "string"}},
                        }
                    },
                }
            }
        },
    }


@pytest.fixture
def api(build: Build, httpserver: HTTPServer) -> tuple[ModuleType, Any]:
    pkg = build(_spec(), package="error_fit")
    config = pkg.Configuration(host=httpserver.url_for("").rstrip("/"), retries=0)
    return pkg, pkg.DefaultApi(pkg.ApiClient(config))


def _raised(client: Any, pkg: ModuleType) -> Any:
    with pytest.raises(pkg.ApiException) as caught:
        client.get_thing()
    return caught.value


@pytest.mark.parametrize("status", [403, 429])
def test_a_body_lacking_a_required_key_is_kept_as_it_came(
    api: tuple[ModuleType, Any], httpserver: HTTPServer, status: int
) -> None:
    pkg, client = api
    httpserver.expect_request("/things").respond_with_json({"message": "Forbidden"}, status=status)
    raised = _raised(client, pkg)
    assert raised.data == {"message": "Forbidden"}
    assert raised.error == {"message": "Forbidden"}
    assert "Forbidden" in str(raised)


@pytest.mark.parametrize("status", [403, 429])
def test_a_body_of_the_schema_is_still_its_model(
    api: tuple[ModuleType, Any], httpserver: HTTPServer, status: int
) -> None:
    pkg, client = api
    body = {"error": {"message": "slow down"}, "extra": 1}
    httpserver.expect_request("/things").respond_with_json(body, status=status)
    raised = _raised(client, pkg)
    assert isinstance(raised.data, pkg.ErrorResponse)
    assert raised.data.error.message == "slow down"
    assert raised.data.to_dict() == body

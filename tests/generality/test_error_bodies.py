"""Error responses with a declared JSON body: decoded onto the exception, through loopback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

Build = Callable[..., ModuleType]

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "message": {"type": "string"},
                "code": {"type": "string"},
                "api_key": {"type": "string"},
            },
        }
    },
}
_MISSING = {
    "type": "object",
    "properties": {"missing": {"type": "string"}, "at": {"type": "string", "format": "date"}},
}


def _json(ref: str) -> dict[str, Any]:
    return {
        "description": "d",
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def _spec() -> dict[str, Any]:
    responses = {
        "200": _json("Thing"),
        "404": _json("Missing"),
        "4XX": _json("Error"),
        "default": _json("Error"),
    }
    return {
        "paths": {
            # One tag: one API class for both paths (untagged, each path would have its own).
            "/things": {
                "get": {"operationId": "getThing", "tags": ["Default"], "responses": responses}
            },
            "/plain": {
                "get": {
                    "operationId": "plain",
                    "tags": ["Default"],
                    "responses": {"200": _json("Thing")},
                }
            },
        },
        "components": {
            "schemas": {
                "Thing": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "Missing": _MISSING,
                "Error": _ERROR,
            }
        },
    }


@pytest.fixture
def api(build: Build, httpserver: HTTPServer) -> tuple[ModuleType, Any]:
    pkg = build(_spec(), secret_fields=("api_key",))
    config = pkg.Configuration(host=httpserver.url_for("").rstrip("/"), retries=0)
    return pkg, pkg.DefaultApi(pkg.ApiClient(config))


def _fail(api: Any, pkg: ModuleType, exception: type[Exception]) -> Any:
    with pytest.raises(exception) as caught:
        api.get_thing()
    return caught.value


def test_exact_code_then_range_then_default(
    api: tuple[ModuleType, Any], httpserver: HTTPServer
) -> None:
    pkg, client = api
    error = {"error": {"message": "bad", "code": "x"}}
    httpserver.expect_ordered_request("/things").respond_with_json(
        {"missing": "t", "at": "2024-01-02"}, status=404
    )
    httpserver.expect_ordered_request("/things").respond_with_json(error, status=429)
    httpserver.expect_ordered_request("/things").respond_with_json(error, status=503)
    exc = _fail(client, pkg, pkg.NotFoundException)
    assert isinstance(exc.data, pkg.Missing) and exc.data.missing == "t"
    assert str(exc.data.at) == "2024-01-02"  # decoded as the declared type, not raw JSON
    assert json.loads(exc.body) == {"missing": "t", "at": "2024-01-02"}  # raw bytes kept
    exc = _fail(client, pkg, pkg.RateLimitException)
    assert isinstance(exc.data, pkg.Error) and exc.data.error.message == "bad"
    exc = _fail(client, pkg, pkg.ServiceException)
    assert isinstance(exc.data, pkg.Error) and exc.data.to_dict() == error
    assert exc.status == 503 and "bad" in str(exc)


def test_undecodable_body_keeps_the_http_error(
    api: tuple[ModuleType, Any], httpserver: HTTPServer
) -> None:
    pkg, client = api
    httpserver.expect_ordered_request("/things").respond_with_data(
        "<html>gateway</html>", status=404, content_type="text/html"
    )
    httpserver.expect_ordered_request("/things").respond_with_json([1, 2], status=400)
    httpserver.expect_ordered_request("/things").respond_with_data(b"", status=500)
    exc = _fail(client, pkg, pkg.NotFoundException)
    assert exc.data is None and exc.body == b"<html>gateway</html>"
    exc = _fail(client, pkg, pkg.BadRequestException)  # JSON, but not the declared object
    assert exc.data == [1, 2] and json.loads(exc.body) == [1, 2]  # kept as it came
    assert _fail(client, pkg, pkg.ServiceException).data is None


def test_secret_in_a_decoded_error_body_is_never_shown(
    api: tuple[ModuleType, Any], httpserver: HTTPServer
) -> None:
    pkg, client = api
    leaked = "sk-live-0123456789abcdef"
    body = {"error": {"message": "key rejected", "api_key": leaked}}
    httpserver.expect_request("/things").respond_with_json(body, status=401)
    exc = _fail(client, pkg, pkg.UnauthorizedException)
    assert exc.data.error.api_key == leaked  # readable on purpose
    for text in (str(exc), repr(exc), repr(exc.data), repr(exc.args)):
        assert leaked not in text


def test_operation_without_declared_errors_decodes_the_common_error_schema(
    api: tuple[ModuleType, Any], httpserver: HTTPServer
) -> None:
    pkg, client = api
    # Error is the schema most error responses of the document use (4XX and default).
    httpserver.expect_request("/plain").respond_with_json({"error": {"message": "m"}}, status=404)
    with pytest.raises(pkg.NotFoundException) as caught:
        client.plain()
    assert isinstance(caught.value.data, pkg.Error) and caught.value.data.error.message == "m"
    assert caught.value.error == {"message": "m"}


def test_error_body_without_any_declared_schema_is_plain_json(
    build: Build, httpserver: HTTPServer
) -> None:
    spec = _spec()
    del spec["paths"]["/things"]  # no operation declares an error body any more
    pkg = build(spec, package="bare")
    config = pkg.Configuration(host=httpserver.url_for("").rstrip("/"), retries=0)
    client = pkg.DefaultApi(pkg.ApiClient(config))
    body = {"error": {"message": "bad model", "type": "invalid_request_error"}}
    httpserver.expect_ordered_request("/plain").respond_with_json(body, status=400)
    httpserver.expect_ordered_request("/plain").respond_with_data("<html/>", status=400)
    with pytest.raises(pkg.BadRequestException) as caught:
        client.plain()
    assert caught.value.data == body and caught.value.error == body["error"]
    with pytest.raises(pkg.BadRequestException) as caught:
        client.plain()
    assert caught.value.data is None and caught.value.error is None


def test_api_page_names_the_error_types(build: Build, tmp_path: Path) -> None:
    build(_spec())
    page = next((tmp_path / "pkg").rglob("DefaultApi.md")).read_text(encoding="utf-8")
    first = page.split("| any other")[0]  # get_thing's table only
    rows = [line for line in first.splitlines() if line.startswith(("| 404 ", "| 4XX ", "| def"))]
    assert len(rows) == 3 and all("with `data` as [" in row for row in rows), rows
    assert "Missing.md" in rows[0] and "Error.md" in rows[1]


def test_method_docstring_names_the_error_types(api: tuple[ModuleType, Any]) -> None:
    _, client = api
    doc = client.get_thing.__doc__ or ""
    assert "Raises:" in doc and "Missing for 404, Error for 4XX, Error for any other status" in doc
    assert "Error for any other status" in (client.plain.__doc__ or "")

"""Issue 16 part 1: a 2xx the spec declares without a body, answered with one anyway, on loopback.

OpenAI declares ``200: OK`` with no content for four deletes and answers each with JSON. The
client keeps what comes (lenient in what it receives): ``None`` for an empty body, else an
``UnknownVariant`` holding the JSON, the text or the bytes. A 204 and a HEAD never carry a
body, so those methods keep returning ``None``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from rt_support import generate_inline, json_response
from werkzeug import Response

SPEC = """\
openapi: 3.0.3
info: {title: Undeclared, version: 1.0.0}
paths:
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    delete:
      operationId: deleteThing
      tags: [things]
      responses:
        '200': {description: OK}
    put:
      operationId: touchThing
      tags: [things]
      responses:
        '204': {description: touched (no body by definition)}
    head:
      operationId: checkThing
      tags: [things]
      responses:
        '200': {description: exists}
"""

DELETED = {"id": "thing_1", "object": "thing.deleted", "deleted": True}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return generate_inline(tmp_path_factory.mktemp("undeclared"), SPEC, package="rt_undeclared")


@pytest.fixture
def api(pkg: Any, server: HTTPServer, open_api: Any) -> Any:
    return open_api(pkg, "ThingsApi", server)


def test_a_json_body_the_spec_does_not_declare_is_kept(
    pkg: Any, api: Any, server: HTTPServer
) -> None:
    server.expect_request("/things/thing_1", method="DELETE").respond_with_response(
        json_response(200, DELETED)
    )
    result = api.delete_thing("thing_1")
    assert isinstance(result, pkg.UnknownVariant)
    assert result.data == DELETED
    assert result.to_dict() == DELETED
    match result:
        case pkg.UnknownVariant(data={"deleted": True}):
            pass
        case _:
            pytest.fail(f"not told apart by match: {result!r}")


def test_an_empty_body_is_none(api: Any, server: HTTPServer) -> None:
    server.expect_request("/things/thing_1", method="DELETE").respond_with_data(b"", status=200)
    assert api.delete_thing("thing_1") is None


@pytest.mark.parametrize(
    "answer",
    [
        (b"deleted", "text/plain; charset=utf-8", "deleted"),
        ("supprim\u00e9".encode("latin-1"), "text/plain; charset=latin-1", "supprim\u00e9"),
        (b"\x00\x01binary", "application/octet-stream", b"\x00\x01binary"),
        # Declared JSON that is not: kept as its bytes, never an error.
        (b"{not json", "application/json", b"{not json"),
        # No Content-Type at all: JSON when it parses.
        (b'{"deleted": true}', "", {"deleted": True}),
    ],
)
def test_other_bodies_are_kept_as_text_or_bytes(
    pkg: Any, api: Any, server: HTTPServer, answer: tuple[bytes, str, Any]
) -> None:
    body, content_type, kept = answer
    response = Response(body, status=200)
    if content_type:
        response.headers["Content-Type"] = content_type
    else:
        del response.headers["Content-Type"]
    server.expect_request("/things/thing_1", method="DELETE").respond_with_response(response)
    result = api.delete_thing("thing_1")
    assert isinstance(result, pkg.UnknownVariant)
    assert result.data == kept


def test_the_secret_in_a_kept_body_is_not_shown(api: Any, server: HTTPServer) -> None:
    payload = {"id": "thing_1", "api_key": "sk-canary-undeclared-77"}
    server.expect_request("/things/thing_1", method="DELETE").respond_with_response(
        json_response(200, payload)
    )
    result = api.delete_thing("thing_1")
    assert "sk-canary" not in repr(result)
    assert "api_key" in repr(result)  # its keys are shown, not its values


def test_a_204_and_a_head_return_none(api: Any, server: HTTPServer) -> None:
    server.expect_request("/things/thing_1", method="PUT").respond_with_data(b"", status=204)
    server.expect_request("/things/thing_1", method="HEAD").respond_with_data(b"", status=200)
    assert api.touch_thing("thing_1") is None
    assert api.check_thing("thing_1") is None


def test_the_annotations_say_what_comes(pkg: Any) -> None:
    things = pkg.ThingsApi
    assert things.delete_thing.__annotations__["return"] == "UnknownVariant | None"
    assert things.touch_thing.__annotations__["return"] == "None"
    assert things.check_thing.__annotations__["return"] == "None"


def test_the_async_twin_keeps_the_body_too(pkg: Any, server: HTTPServer) -> None:
    server.expect_request("/things/thing_1", method="DELETE").respond_with_response(
        json_response(200, DELETED)
    )

    async def call() -> Any:
        config = pkg.Configuration(server.url_for(""))
        async with pkg.AsyncApiClient(config) as client:
            return await pkg.AsyncThingsApi(client).delete_thing("thing_1")

    result = asyncio.run(call())
    assert isinstance(result, pkg.UnknownVariant)
    assert json.dumps(result.to_dict()) == json.dumps(DELETED)

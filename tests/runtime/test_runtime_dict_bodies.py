"""Request bodies as plain dicts (the TypedDict twins): sent as given, checked before sending."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from rt_support import (
    ROOT,
    SESSION_PATH,
    generate_inline,
    json_response,
    openapi_openai,
    session_json,
)

from tests.commands import mypy_refusal


def _api(server: HTTPServer, make_config: Callable[..., Any]) -> Any:
    pkg = openapi_openai()
    server.expect_request(SESSION_PATH).respond_with_response(json_response(200, session_json()))
    return pkg.RealtimeApi(pkg.ApiClient(make_config(server.url_for("/v1"))))


def _sent(server: HTTPServer) -> list[Any]:
    return [json.loads(request.get_data()) for request, _ in server.log]


def test_a_dict_body_with_nested_dicts_is_sent_as_given(
    server: HTTPServer, make_config: Callable[..., Any]
) -> None:
    body = {
        "model": "gpt-4o-realtime-preview",
        "turn_detection": {"type": "server_vad", "silence_duration_ms": 400},
        "tools": [{"type": "function", "name": "lookup"}],
    }
    answer = _api(server, make_config).create_realtime_session(body)
    assert answer.instructions == "Be brief."
    assert _sent(server) == [body]


def test_models_inside_a_dict_are_sent_as_their_json(
    server: HTTPServer, make_config: Callable[..., Any]
) -> None:
    pkg = openapi_openai()
    tool = pkg.RealtimeSessionCreateRequestToolsInner(type_="function", name="lookup")
    _api(server, make_config).create_realtime_session(
        {"model": "gpt-4o-realtime-preview", "tools": [tool]}
    )
    assert _sent(server) == [
        {"model": "gpt-4o-realtime-preview", "tools": [{"type": "function", "name": "lookup"}]}
    ]


def test_a_dict_missing_a_required_key_is_refused_before_sending(
    server: HTTPServer, make_config: Callable[..., Any]
) -> None:
    api = _api(server, make_config)
    with pytest.raises(ValueError, match=r"required key: RealtimeSessionCreateRequest\.model"):
        api.create_realtime_session({"instructions": "no model"})
    assert server.log == []


CLOSED_SPEC = """\
openapi: 3.0.3
info: {title: Closed, version: "1"}
servers: [{url: "http://127.0.0.1"}]
paths:
  /things:
    post:
      operationId: makeThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Thing"}
      responses:
        "204": {description: made}
components:
  schemas:
    Thing:
      type: object
      additionalProperties: false
      required: [name]
      properties:
        name: {type: string}
        part: {$ref: "#/components/schemas/Part"}
    Part:
      type: object
      additionalProperties: false
      properties:
        size: {type: integer}
"""


@pytest.fixture(scope="module")
def closed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A client whose body model and its nested model forbid undeclared keys."""
    return generate_inline(tmp_path_factory.mktemp("closed"), CLOSED_SPEC, package="closed_dicts")


def test_a_misspelt_key_of_a_closed_model_is_refused(
    closed: Any, server: HTTPServer, open_api: Callable[..., Any]
) -> None:
    server.expect_request("/things").respond_with_data(status=204)
    api = open_api(closed, "ThingsApi", server)
    api.make_thing({"name": "a", "part": {"size": 2}})
    with pytest.raises(ValueError, match="misspelt key"):
        api.make_thing({"name": "a", "part": {"sise": 2}})
    assert [json.loads(request.get_data()) for request, _ in server.log] == [
        {"name": "a", "part": {"size": 2}}
    ]


USER_CODE = """\
from openapi_openai import RealtimeApi, RealtimeSessionCreateResponse


def start(api: RealtimeApi) -> RealtimeSessionCreateResponse:
    return api.create_realtime_session(
        {
            "model": "gpt-4o-realtime-preview",
            "turn_detection": {"type": "server_vad"},
            "tools": [{"type": "function", "name": "lookup"}],
        }
    )
"""


def test_dict_bodies_pass_mypy_strict_and_a_misspelt_key_does_not(tmp_path: Path) -> None:
    generated = ROOT / "generated"
    # A misspelt key in a dict nested in a list in the body.
    misspelt = USER_CODE.replace('"name": "lookup"', '"nmae": "lookup"')
    said = mypy_refusal(USER_CODE, misspelt, folder=tmp_path, mypypath=generated)
    assert "create_realtime_session" in said, said

"""Typed errors: one class per status family, readable messages, bodies that are not JSON."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_openai import (
    ApiClient,
    ApiConnectionError,
    ApiDecodeError,
    ApiException,
    ApiTimeoutError,
    BadRequestException,
    RealtimeApi,
    ServiceException,
)
from openapi_openai import exceptions as exceptions_module
from pytest_httpserver import HTTPServer
from rt_support import json_response, serve_sequence, session_request, status_errors
from werkzeug import Response

OPENAI_ERROR = {
    "error": {
        "message": "Invalid value for 'voice': 'robot'.",
        "type": "invalid_request_error",
        "code": "invalid_value",
        "param": "voice",
    }
}


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        *status_errors().items(),
        (503, ServiceException),
        (520, ServiceException),
        (418, ApiException),
    ],
)
def test_status_maps_to_its_class(
    server: HTTPServer, make_config: Any, status: int, cls: type[ApiException]
) -> None:
    serve_sequence(server, [json_response(status, OPENAI_ERROR, {"x-request-id": "req_42"})])
    with ApiClient(make_config(server.url_for("/v1"), retries=0)) as client:
        with pytest.raises(ApiException) as caught:
            RealtimeApi(client).create_realtime_session(session_request())
    error = caught.value
    assert type(error) is cls
    assert error.status == status
    assert error.request_id == "req_42"
    assert error.headers["X-Request-ID"] == "req_42"
    assert error.body is not None and b"robot" in error.body
    assert error.error is not None and error.error["code"] == "invalid_value"
    text = str(error)
    assert f"HTTP {status}" in text
    assert "Invalid value for 'voice': 'robot'." in text
    assert "invalid_request_error" in text
    assert "req_42" in text


def test_tree_is_the_documented_one() -> None:
    for cls in (*status_errors().values(), ApiConnectionError, ApiDecodeError):
        assert cls.__bases__ == (ApiException,)
        assert cls.__name__ in (exceptions_module.__doc__ or "")
    assert ApiTimeoutError.__bases__ == (ApiConnectionError,)


def test_malformed_json_on_200_is_an_api_exception(server: HTTPServer, realtime: Any) -> None:
    body = '{"client_secret": {"value": "ek_trunc'
    serve_sequence(server, [Response(body, status=200, content_type="application/json")])
    with pytest.raises(ApiDecodeError) as caught:
        realtime.create_realtime_session(session_request())
    assert isinstance(caught.value, ApiException)
    assert not isinstance(caught.value, ValueError)
    assert caught.value.status == 200
    assert "not valid JSON" in str(caught.value)
    assert "ek_trunc" not in str(caught.value)  # the excerpt stops at the secret key


def test_undeclared_content_type_on_200(server: HTTPServer, realtime: Any) -> None:
    page = "<html><body>Gateway login required</body></html>"
    serve_sequence(server, [Response(page, status=200, content_type="text/html")])
    with pytest.raises(ApiDecodeError) as caught:
        realtime.create_realtime_session(session_request())
    text = str(caught.value)
    assert caught.value.status == 200
    assert "text/html" in text
    assert "Gateway login required" in text  # the body excerpt


def test_json_that_does_not_fit_the_spec(server: HTTPServer, realtime: Any) -> None:
    serve_sequence(server, [json_response(200, ["not", "an", "object"])])
    with pytest.raises(ApiDecodeError) as caught:
        realtime.create_realtime_session(session_request())
    assert caught.value.status == 200


def test_non_json_error_body_shows_an_excerpt(server: HTTPServer, realtime: Any) -> None:
    serve_sequence(server, [Response("upstream exploded " * 40, status=400)])
    with pytest.raises(BadRequestException) as caught:
        realtime.create_realtime_session(session_request())
    text = str(caught.value)
    assert "upstream exploded" in text
    assert len(text) < 400


def test_redirect_is_not_followed(server: HTTPServer, realtime: Any) -> None:
    serve_sequence(server, [Response("", status=307, headers={"Location": "http://example.com/"})])
    with pytest.raises(ApiException) as caught:
        realtime.create_realtime_session(session_request())
    assert caught.value.status == 307
    assert len(server.log) == 1


@pytest.mark.parametrize("value", ["abc\r\nX-Injected: 1", "tok-7Q2Z\n", "a\rb"])
def test_header_with_line_break_refused_before_sending(
    server: HTTPServer, realtime: Any, value: str
) -> None:
    serve_sequence(server, [json_response(200, {})])
    with pytest.raises(ValueError, match="line break") as caught:
        realtime.create_realtime_session(session_request(), _headers={"X-Trace": value})
    assert value not in str(caught.value)
    assert value.strip() not in str(caught.value)
    assert len(server.log) == 0


def test_api_key_with_trailing_newline_refused_without_echo(
    server: HTTPServer, make_config: Any
) -> None:
    serve_sequence(server, [json_response(200, {})])
    with ApiClient(
        make_config(server.url_for("/v1"), access_token="sk-secret-newline\n")
    ) as client:
        with pytest.raises(ValueError, match="Authorization") as caught:
            RealtimeApi(client).create_realtime_session(session_request())
    assert "sk-secret-newline" not in str(caught.value)
    assert len(server.log) == 0

"""Secrets never leak: the API key and the ephemeral ``ek_`` key stay out of logs, reprs, errors."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from openapi_openai import (
    ApiClient,
    Configuration,
    RealtimeApi,
    RealtimeSessionCreateResponse,
    RealtimeSessionCreateResponseClientSecret,
    ServiceException,
    UnauthorizedException,
)
from pytest_httpserver import HTTPServer
from rt_support import (
    CANARY_EK,
    CANARY_KEY,
    SESSION_PATH,
    json_response,
    serve_sequence,
    session_json,
    session_request,
)
from werkzeug import Request, Response


def assert_clean(text: str) -> None:
    """Neither canary, nor a recognisable piece of one, is in ``text``."""
    for canary in (CANARY_KEY, CANARY_EK, CANARY_KEY[-10:], CANARY_EK[-10:]):
        assert canary not in text


def test_debug_logs_and_reprs_of_a_successful_call(
    server: HTTPServer, make_config: Any, caplog: pytest.LogCaptureFixture
) -> None:
    serve_sequence(server, [json_response(200, session_json(), {"Set-Cookie": "sid=abc"})])
    config = make_config(server.url_for("/v1"), debug=True)
    with caplog.at_level(logging.DEBUG):  # every logger, urllib3's included
        with ApiClient(config) as client:
            session = RealtimeApi(client).create_realtime_session(session_request())
            client_text = repr(client) + str(client)
    assert server.log[0][0].headers["Authorization"] == f"Bearer {CANARY_KEY}"
    assert session.client_secret.value == CANARY_EK  # readable as an attribute
    logged = caplog.text
    # The log really shows the exchange (so this test can fail), only redacted.
    assert "request POST" in logged and "response 200" in logged
    assert "'Authorization': '<redacted>'" in logged
    assert "'Set-Cookie': '<redacted>'" in logged
    assert '"instructions": "Be brief."' in logged
    assert '"client_secret": "<redacted>"' in logged
    for text in (
        logged,
        client_text,
        repr(config),
        str(config),
        repr(session),
        str(session),
        repr(session.client_secret),
        f"{session.client_secret}",
        repr([session]),
    ):
        assert_clean(text)
    assert "instructions='Be brief.'" in repr(session)
    assert "client_secret=<redacted>" in repr(session)


def test_echoed_key_is_kept_out_of_errors_and_logs(
    server: HTTPServer, make_config: Any, caplog: pytest.LogCaptureFixture
) -> None:
    def echo(request: Request) -> Response:
        # Some servers repeat the credential they refused; it must not surface through us.
        message = f"Incorrect API key provided: {request.headers['Authorization']}"
        return json_response(401, {"error": {"message": message, "type": "auth"}})

    server.expect_request(SESSION_PATH).respond_with_handler(echo)
    config = make_config(server.url_for("/v1"), debug=True)
    with caplog.at_level(logging.DEBUG):
        with ApiClient(config) as client:
            with pytest.raises(UnauthorizedException) as caught:
                RealtimeApi(client).create_realtime_session(session_request())
    error = caught.value
    assert "Incorrect API key provided: Bearer <redacted>" in str(error)
    for text in (str(error), repr(error), caplog.text):
        assert_clean(text)


def test_secret_in_error_bodies_during_retries(
    server: HTTPServer, make_config: Any, caplog: pytest.LogCaptureFixture
) -> None:
    leaky = {"detail": "late", "client_secret": {"value": CANARY_EK}}
    serve_sequence(server, [json_response(500, leaky)])
    config = make_config(server.url_for("/v1"), debug=True)
    with caplog.at_level(logging.DEBUG):
        with ApiClient(config) as client:
            with pytest.raises(ServiceException) as caught:
                RealtimeApi(client).create_realtime_session(session_request())
    assert len(server.log) == 3
    assert "retry 2 of 2" in caplog.text
    assert "late" in str(caught.value)
    for text in (str(caught.value), repr(caught.value), caplog.text):
        assert_clean(text)


def test_secret_inside_truncated_body_is_cut(server: HTTPServer, realtime: Any) -> None:
    text = json.dumps(session_json())[:-5]
    serve_sequence(server, [Response(text, status=502, content_type="application/json")])
    with pytest.raises(ServiceException) as caught:
        realtime.create_realtime_session(session_request())
    assert_clean(str(caught.value))
    assert "client_secret" in str(caught.value)


def test_model_reprs_mask_the_secret_value() -> None:
    session = RealtimeSessionCreateResponse.from_dict(session_json())
    secret = session.client_secret
    assert isinstance(secret, RealtimeSessionCreateResponseClientSecret)
    assert secret.value == CANARY_EK
    assert repr(secret) == (
        "RealtimeSessionCreateResponseClientSecret(value=<redacted>, expires_at=<redacted>)"
    )
    extra = RealtimeSessionCreateResponseClientSecret.from_dict({"value": "x", "k": CANARY_EK})
    assert_clean(repr(extra))
    assert extra.to_dict()["k"] == CANARY_EK
    assert_clean(repr(session) + str(session))


def test_configuration_repr_hides_token_and_url_credentials() -> None:
    config = Configuration(
        "https://user:hunter2@api.example.com/v1",
        access_token=CANARY_KEY,
        proxy="http://proxyuser:proxypass@127.0.0.1:3128",
    )
    text = repr(config) + str(config) + repr(ApiClient(config))
    assert_clean(text)
    for fragment in ("hunter2", "proxypass", "proxyuser"):
        assert fragment not in text
    assert "api.example.com" in text and "access_token=<redacted>" in text
    assert "access_token=None" in repr(Configuration("http://h", access_token=""))


def test_no_request_logging_unless_debug(
    server: HTTPServer, make_config: Any, caplog: pytest.LogCaptureFixture
) -> None:
    serve_sequence(server, [json_response(200, session_json())])
    with caplog.at_level(logging.DEBUG):
        with ApiClient(make_config(server.url_for("/v1"))) as client:
            RealtimeApi(client).create_realtime_session(session_request())
    assert not [r for r in caplog.records if r.name == "openapi_openai"]

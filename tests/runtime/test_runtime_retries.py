"""Retries against a real loopback server: which statuses, how many attempts, how long."""

from __future__ import annotations

import email.utils
import time
from typing import Any

import pytest
from openapi_openai import (
    ApiClient,
    ApiConnectionError,
    ApiTimeoutError,
    BadRequestException,
    ConflictException,
    RateLimitException,
    RealtimeApi,
    ServiceException,
)
from openapi_openai.retries import backoff, server_delay
from pytest_httpserver import HTTPServer
from rt_support import (
    SESSION_PATH,
    SilentServer,
    json_response,
    refusing_port,
    serve_sequence,
    session_json,
    session_request,
    status_errors,
)

ERROR = {"error": {"message": "try later", "type": "server_error", "code": None}}


def test_500_502_200_succeeds_after_three_requests(server: HTTPServer, realtime: Any) -> None:
    serve_sequence(
        server,
        [
            json_response(500, ERROR),
            json_response(502, ERROR),
            json_response(200, session_json()),
        ],
    )
    result = realtime.create_realtime_session(session_request())
    assert result.instructions == "Be brief."
    assert len(server.log) == 3


def test_503_three_times_with_two_retries_raises_service_exception(
    server: HTTPServer, realtime: Any
) -> None:
    serve_sequence(server, [json_response(503, ERROR)])
    with pytest.raises(ServiceException) as caught:
        realtime.create_realtime_session(session_request())
    assert caught.value.status == 503
    assert len(server.log) == 3


def test_400_is_sent_exactly_once(server: HTTPServer, realtime: Any) -> None:
    serve_sequence(server, [json_response(400, {"error": {"message": "bad voice"}})])
    with pytest.raises(BadRequestException):
        realtime.create_realtime_session(session_request())
    assert len(server.log) == 1


@pytest.mark.parametrize(("status", "error"), [(s, status_errors()[s]) for s in (401, 404, 422)])
def test_other_4xx_never_retried(
    server: HTTPServer, realtime: Any, status: int, error: type[Exception]
) -> None:
    serve_sequence(server, [json_response(status, ERROR), json_response(200, session_json())])
    with pytest.raises(error):
        realtime.create_realtime_session(session_request())
    assert len(server.log) == 1


@pytest.mark.parametrize("status", [408, 409, 429, 500, 504, 520])
def test_retryable_statuses(server: HTTPServer, realtime: Any, status: int) -> None:
    serve_sequence(server, [json_response(status, ERROR), json_response(200, session_json())])
    realtime.create_realtime_session(session_request())
    assert len(server.log) == 2


def test_429_retry_after_one_second_waits(server: HTTPServer, realtime: Any) -> None:
    serve_sequence(
        server,
        [
            json_response(429, ERROR, {"Retry-After": "1"}),
            json_response(200, session_json()),
        ],
    )
    started = time.monotonic()
    realtime.create_realtime_session(session_request())
    assert time.monotonic() - started >= 0.9
    assert len(server.log) == 2


def test_retry_after_3600_gives_up_at_once(server: HTTPServer, realtime: Any) -> None:
    serve_sequence(
        server,
        [
            json_response(429, ERROR, {"Retry-After": "3600"}),
            json_response(200, session_json()),
        ],
    )
    with pytest.raises(RateLimitException):
        realtime.create_realtime_session(session_request())
    assert len(server.log) == 1


def test_retry_after_ms_is_preferred(server: HTTPServer, realtime: Any) -> None:
    # retry-after-ms wins over a Retry-After that alone would end the call.
    serve_sequence(
        server,
        [
            json_response(429, ERROR, {"retry-after-ms": "5", "Retry-After": "3600"}),
            json_response(200, session_json()),
        ],
    )
    realtime.create_realtime_session(session_request())
    assert len(server.log) == 2


def test_x_should_retry_false_stops_a_5xx(server: HTTPServer, realtime: Any) -> None:
    serve_sequence(
        server,
        [
            json_response(500, ERROR, {"x-should-retry": "false"}),
            json_response(200, session_json()),
        ],
    )
    with pytest.raises(ServiceException):
        realtime.create_realtime_session(session_request())
    assert len(server.log) == 1


def test_x_should_retry_true_retries_a_4xx(server: HTTPServer, realtime: Any) -> None:
    serve_sequence(
        server,
        [
            json_response(400, ERROR, {"x-should-retry": "true"}),
            json_response(200, session_json()),
        ],
    )
    realtime.create_realtime_session(session_request())
    assert len(server.log) == 2


def test_retries_zero_sends_once(server: HTTPServer, make_config: Any) -> None:
    serve_sequence(server, [json_response(500, ERROR), json_response(200, session_json())])
    with ApiClient(make_config(server.url_for("/v1"), retries=0)) as client:
        with pytest.raises(ServiceException):
            RealtimeApi(client).create_realtime_session(session_request())
    assert len(server.log) == 1


def test_one_idempotency_key_per_call_reused_across_retries(
    server: HTTPServer, realtime: Any
) -> None:
    serve_sequence(
        server,
        [
            json_response(409, ERROR),
            json_response(500, ERROR),
            json_response(200, session_json()),
        ],
    )
    realtime.create_realtime_session(session_request())
    realtime.create_realtime_session(session_request())
    keys = [request.headers.get("Idempotency-Key") for request, _ in server.log]
    assert len(keys) == 4
    assert keys[0] and keys[0] == keys[1] == keys[2]
    assert keys[3] and keys[3] != keys[0]


def test_caller_idempotency_key_is_kept(server: HTTPServer, realtime: Any) -> None:
    serve_sequence(server, [json_response(500, ERROR), json_response(200, session_json())])
    realtime.create_realtime_session(session_request(), _headers={"idempotency-key": "mine-1"})
    assert [r.headers.get("Idempotency-Key") for r, _ in server.log] == [
        "mine-1",
        "mine-1",
    ]


def test_timeout_raises_api_timeout_error_after_retries(
    silent_server: SilentServer, make_config: Any
) -> None:
    # (connect, read) bounds each step of each attempt: every attempt times out on its own.
    config = make_config(f"http://127.0.0.1:{silent_server.port}/v1", timeout=(1.0, 0.2))
    with ApiClient(config) as client:
        with pytest.raises(ApiTimeoutError) as caught:
            RealtimeApi(client).create_realtime_session(session_request())
    assert isinstance(caught.value, ApiConnectionError)
    assert caught.value.status is None
    assert silent_server.connections() == 3


def test_total_timeout_covers_the_retries(silent_server: SilentServer, make_config: Any) -> None:
    # A number is the whole call's total (issue 19): no time is left to retry a timeout.
    config = make_config(f"http://127.0.0.1:{silent_server.port}/v1", timeout=0.2)
    with ApiClient(config) as client:
        with pytest.raises(ApiTimeoutError):
            RealtimeApi(client).create_realtime_session(session_request())
    assert silent_server.connections() == 1


@pytest.mark.parametrize("per_call", [0.2, (1.0, 0.2)])
def test_per_call_timeout(silent_server: SilentServer, make_config: Any, per_call: Any) -> None:
    config = make_config(f"http://127.0.0.1:{silent_server.port}/v1", retries=0)
    with ApiClient(config) as client:
        with pytest.raises(ApiTimeoutError):
            RealtimeApi(client).create_realtime_session(
                session_request(), _request_timeout=per_call
            )
    assert silent_server.connections() == 1


def test_refused_connection_is_a_connection_error_retried(
    make_config: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with refusing_port() as port, ApiClient(make_config(f"http://127.0.0.1:{port}/v1")) as client:
        with caplog.at_level("INFO", logger="openapi_openai"):
            with pytest.raises(ApiConnectionError) as caught:
                RealtimeApi(client).create_realtime_session(session_request())
    assert not isinstance(caught.value, ApiTimeoutError)
    retries = [r for r in caplog.records if "retry" in r.getMessage()]
    assert len(retries) == 2


def test_conflict_exhausting_retries(server: HTTPServer, realtime: Any) -> None:
    serve_sequence(server, [json_response(409, ERROR)])
    with pytest.raises(ConflictException):
        realtime.create_realtime_session(session_request())
    assert len(server.log) == 3


def test_get_requests_carry_no_idempotency_key(server: HTTPServer, make_config: Any) -> None:
    server.expect_request("/v1/things", method="GET").respond_with_json({"ok": True})
    with ApiClient(make_config(server.url_for("/v1"))) as client:
        assert client.request("GET", "/things").json() == {"ok": True}
    assert "Idempotency-Key" not in server.log[0][0].headers
    assert SESSION_PATH != "/v1/things"


def test_backoff_doubles_from_initial_and_is_capped() -> None:
    for attempt, ceiling in [
        (0, 0.5),
        (1, 1.0),
        (2, 2.0),
        (3, 4.0),
        (4, 8.0),
        (9, 8.0),
    ]:
        delays = [backoff(attempt, 0.5, 8.0) for _ in range(200)]
        assert all(ceiling * 0.75 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1  # jittered


def test_server_delay_reads_every_form() -> None:
    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    past = email.utils.formatdate(time.time() - 30, usegmt=True)
    assert server_delay({"retry-after-ms": "250"}) == 0.25
    assert server_delay({"retry-after": "2.5"}) == 2.5
    date_delay = server_delay({"retry-after": future})
    assert date_delay is not None and 20 < date_delay <= 30
    assert server_delay({"retry-after": past}) == 0.0
    for junk in ("nan", "inf", "-1", "soon", ""):
        assert server_delay({"retry-after": junk}) is None
    assert server_delay({}) is None

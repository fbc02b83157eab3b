"""Issue 19: interim replies, oversized and endless bodies, trickling servers, streams."""

from __future__ import annotations

import gzip
import json
import logging
import threading
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import urllib3
from openapi_openai import (
    ApiClient,
    ApiException,
    ApiResponseTooLarge,
    ApiTimeoutError,
    Configuration,
    RealtimeApi,
)
from rt_support import CANARY_KEY, hostile_server, session_json, session_request

HS = hostile_server()

INTERIM = (
    b"HTTP/1.1 102 Processing\r\n\r\n",
    b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n",
    b"HTTP/1.1 100 Continue\r\n\r\n",
)


def _config(url: str, **overrides: Any) -> Any:
    values: dict[str, Any] = {"access_token": CANARY_KEY, "backoff_initial": 0.001}
    values.update(overrides)
    return Configuration(url, **values)


def _echo_session(request: Any) -> Iterator[bytes | float]:
    """Interim replies before some answers; the answer names the caller (from its request)."""
    name = json.loads(request.body)["instructions"]
    number = int(name.rsplit("-", 1)[1])
    for index in range(number % 4):  # 0 to 3 interim replies, one or several writes
        yield INTERIM[(number + index) % len(INTERIM)]
    body = json.dumps(session_json(f"ek_for_{name}") | {"instructions": name}).encode()
    yield HS.response(200, body)


def test_interim_replies_never_cross_responses_between_threads() -> None:
    crossed: list[str] = []
    with HS.HostileServer(_echo_session) as server:
        config = _config(server.url + "/v1", connection_pool_maxsize=4)
        with ApiClient(config) as client:
            api = RealtimeApi(client)

            def call(number: int) -> None:
                name = f"caller-{number}"
                request = session_request()
                request.instructions = name
                got = api.create_realtime_session(request)
                if got.instructions != name or got.client_secret.value != f"ek_for_{name}":
                    crossed.append(f"{name} got {got.instructions}")

            with ThreadPoolExecutor(16) as pool:
                list(pool.map(call, range(400)))
        assert server.requests == 400
    assert crossed == []


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compression_bomb_stops_at_the_limit(encoding: str) -> None:
    def bomb(request: Any) -> Iterator[bytes | float]:
        zeros = b"\0" * (64 << 20)
        body = gzip.compress(zeros, 9) if encoding == "gzip" else zlib.compress(zeros, 9)
        yield HS.response(200, body, {"Content-Encoding": encoding})

    with HS.HostileServer(bomb) as server:
        config = _config(server.url + "/v1", max_response_bytes=1 << 20, retries=0)
        with ApiClient(config) as client, pytest.raises(ApiResponseTooLarge) as caught:
            RealtimeApi(client).create_realtime_session(session_request())
        assert isinstance(caught.value, ApiException)
        assert caught.value.status == 200


def _endless_chunked(request: Any) -> Iterator[bytes | float]:
    yield b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunk = b"4000\r\n" + b" " * 0x4000 + b"\r\n"
    while True:
        yield chunk


def test_an_endless_chunked_body_stops_at_the_limit_and_closes_its_connection() -> None:
    with HS.HostileServer(_endless_chunked) as server:
        config = _config(server.url + "/v1", max_response_bytes=1 << 20, retries=0)
        with ApiClient(config) as client, pytest.raises(ApiResponseTooLarge):
            RealtimeApi(client).create_realtime_session(session_request())
        assert server.wait_ended(1)


def test_a_declared_length_past_the_limit_is_refused_unread() -> None:
    def huge(request: Any) -> Iterator[bytes | float]:
        yield b"HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n"
        while True:
            yield b" " * 65536

    with HS.HostileServer(huge) as server:
        config = _config(server.url + "/v1", max_response_bytes=1 << 20, retries=0)
        with ApiClient(config) as client, pytest.raises(ApiResponseTooLarge):
            RealtimeApi(client).create_realtime_session(session_request())
        assert server.wait_ended(1)


@pytest.mark.parametrize(("size", "fits"), [(1000, True), (1001, False)])
def test_the_limit_is_inclusive(size: int, fits: bool) -> None:
    text = json.dumps(session_json())
    body = (text + " " * (size - len(text))).encode()
    with HS.HostileServer(lambda request: [HS.response(200, body)]) as server:
        config = _config(server.url + "/v1", max_response_bytes=1000, retries=0)
        with ApiClient(config) as client:
            if fits:
                assert RealtimeApi(client).create_realtime_session(session_request()).voice
            else:
                with pytest.raises(ApiResponseTooLarge):
                    RealtimeApi(client).create_realtime_session(session_request())


def test_none_lifts_the_limit() -> None:
    body = json.dumps(session_json() | {"instructions": "x" * (3 << 20)}).encode()
    with HS.HostileServer(
        lambda request: [HS.response(200, gzip.compress(body), {"Content-Encoding": "gzip"})]
    ) as server:
        config = _config(server.url + "/v1", max_response_bytes=None)
        with ApiClient(config) as client:
            got = RealtimeApi(client).create_realtime_session(session_request())
    assert len(got.instructions) == 3 << 20


def _trickle(request: Any) -> Iterator[bytes | float]:
    for byte in HS.response(200, json.dumps(session_json()).encode()):
        yield bytes([byte])
        yield 0.2


@pytest.mark.parametrize("retries", [0, 2])
def test_a_trickling_server_meets_the_total_timeout(retries: int) -> None:
    with HS.HostileServer(_trickle) as server:
        config = _config(server.url + "/v1", timeout=0.6, retries=retries)
        with ApiClient(config) as client, pytest.raises(ApiTimeoutError):
            RealtimeApi(client).create_realtime_session(session_request())
        # One attempt: the total covers the retries, and nothing was left to retry with.
        assert server.wait_ended(1)
        assert server.requests == 1


def test_a_retried_body_is_read_and_its_connection_reused() -> None:
    answers = iter(
        [
            HS.response(500, b'{"error": {"message": "busy"}}'),
            HS.response(200, json.dumps(session_json()).encode()),
        ]
    )
    connections: list[int] = []

    def respond(request: Any) -> Iterator[bytes | float]:
        connections.append(threading.get_ident())
        yield next(answers)

    with HS.HostileServer(respond) as server:
        with ApiClient(_config(server.url + "/v1")) as client:
            RealtimeApi(client).create_realtime_session(session_request())
    # The 500's body was read before the retry, so the retry went out on the same connection.
    assert len(connections) == 2 and connections[0] == connections[1]


def test_an_endless_error_body_stops_at_the_limit_and_closes_its_connection() -> None:
    with HS.HostileServer(lambda request: _endless_chunked_error()) as server:
        config = _config(server.url + "/v1", max_response_bytes=1 << 16)
        with ApiClient(config) as client, pytest.raises(ApiResponseTooLarge) as caught:
            RealtimeApi(client).create_realtime_session(session_request())
        assert caught.value.status == 503
        assert server.wait_ended(1)


def _endless_chunked_error() -> Iterator[bytes | float]:
    yield b"HTTP/1.1 503 Busy\r\nTransfer-Encoding: chunked\r\n\r\n"
    while True:
        yield b"400\r\n" + b"x" * 0x400 + b"\r\n"


def test_debug_never_reads_a_stream(caplog: pytest.LogCaptureFixture) -> None:
    events = b"".join(b'data: {"n": %d}\n\n' % n for n in range(50))
    reply = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
        b"Content-Length: %d\r\n\r\n" % len(events)
    ) + events
    with HS.HostileServer(lambda request: [reply]) as server:
        with ApiClient(_config(server.url, debug=True)) as client:
            with caplog.at_level(logging.DEBUG, logger="openapi_openai"):
                response = client.request("GET", "/events", stream=True)
            assert response.raw.read() == events
    assert any("(stream)" in r.getMessage() for r in caplog.records)


def test_a_retried_stream_request_releases_the_error_reply_first() -> None:
    # D16: the 429 of a streamed call is read and its connection reused, not leaked.
    events = b'data: {"n": 1}\n\n'
    answers = iter(
        [
            HS.response(429, b'{"error": {"message": "slow down"}}', {"Retry-After": "0"}),
            HS.response(200, events, {"Content-Type": "text/event-stream"}),
        ]
    )
    threads: list[int] = []

    def respond(request: Any) -> Iterator[bytes | float]:
        threads.append(threading.get_ident())
        yield next(answers)

    with HS.HostileServer(respond) as server:
        with ApiClient(_config(server.url)) as client:
            streamed = client.request("GET", "/events", stream=True)
            assert streamed.raw.read() == events
    assert len(threads) == 2 and threads[0] == threads[1]


def test_a_cross_host_redirect_is_not_followed() -> None:
    with HS.HostileServer(lambda request: [HS.response(200, b"{}")], host="127.0.0.2") as other:
        location = {"Location": other.url + "/steal"}
        with HS.HostileServer(lambda request: [HS.response(307, b"", location)]) as server:
            with ApiClient(_config(server.url + "/v1")) as client:
                with pytest.raises(ApiException) as caught:
                    RealtimeApi(client).create_realtime_session(session_request())
        assert caught.value.status == 307
        assert other.requests == 0


@pytest.mark.parametrize(
    "timeout", [None, (5.0, None), urllib3.Timeout(connect=5.0)], ids=["none", "pair", "connect"]
)
def test_a_timeout_without_a_total_or_a_read_bound_still_reads(timeout: Any) -> None:
    # No total and no read bound: the reads wait unbounded (an infinite socket timeout is an
    # OverflowError, outside the tree).
    reply = HS.response(200, json.dumps(session_json()).encode())
    with HS.HostileServer(lambda request: [reply]) as server:
        with ApiClient(_config(server.url + "/v1", timeout=timeout, retries=0)) as client:
            got = RealtimeApi(client).create_realtime_session(session_request())
    assert got.voice == "alloy"

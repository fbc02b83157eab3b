"""Issue 19: canaries in every server-controlled place never reach a log, a message or a repr."""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_openai import ApiClient, ApiDecodeError, ApiException, Configuration, RealtimeApi
from rt_support import CANARY_KEY, hostile_server, session_json, session_request

HS = hostile_server()

EK = "ek_canary_LEAK_7f3a9c"
CANARIES = (CANARY_KEY, EK, "canary_LEAK", "canary-KEY")


def _planted(status: int, place: str) -> bytes:
    """A response with the canaries in one server-controlled place."""
    reason = f"Bad key {CANARY_KEY} {EK}" if place == "reason" else "Whatever"
    headers = {"Content-Type": "application/json", "X-Echo": "none"}
    body = session_json(EK) if status == 200 else {"error": {"message": "no", "type": "t"}}
    raw_body = json.dumps(body).encode()
    if place == "header":
        headers = {name: f"{CANARY_KEY} {EK}" for name in ("X-Request-Id", "X-Echo", "Server")}
        headers["Content-Type"] = "application/json"
    elif place == "message":
        raw_body = json.dumps({"error": {"message": f"your key {CANARY_KEY} and {EK}"}}).encode()
    elif place == "top-level":
        raw_body = json.dumps(EK).encode()
    elif place == "escaped-key":
        raw_body = b'{"client\\u005fsecret": "' + EK.encode() + b'", "instructions": 5'
    elif place == "value-shape":
        raw_body = json.dumps({"value": EK, "expires_at": 1, "session": {"voice": EK}}).encode()
    elif place == "extra-key":
        raw_body = json.dumps(session_json(EK) | {EK: EK, "note": f"echo {CANARY_KEY}"}).encode()
    elif place == "invalid-utf8":
        raw_body = b"\xff\xfe" + EK.encode() + b"\xc3(" + CANARY_KEY.encode() + b"\x80"
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Length: {len(raw_body)}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return head.encode("latin-1") + b"\r\n" + raw_body


PLACES = (
    "reason",
    "header",
    "message",
    "top-level",
    "escaped-key",
    "value-shape",
    "extra-key",
    "invalid-utf8",
)


@pytest.mark.parametrize("status", [200, 400, 401, 500])
@pytest.mark.parametrize("place", PLACES)
def test_no_canary_reaches_a_log_a_message_or_a_repr(
    status: int, place: str, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[str] = []
    with HS.HostileServer(lambda request: [_planted(status, place)]) as server:
        config = Configuration(
            server.url + "/v1",
            access_token=CANARY_KEY,
            debug=True,
            retries=1,
            backoff_initial=0.001,
        )
        with caplog.at_level(logging.DEBUG, logger="openapi_openai"):
            with ApiClient(config) as client:
                try:
                    seen.append(
                        repr(RealtimeApi(client).create_realtime_session(session_request()))
                    )
                except ApiException as exc:
                    seen += [str(exc), repr(exc)]
    seen += [record.getMessage() for record in caplog.records]
    leaks = [text for text in seen for canary in CANARIES if canary in text]
    assert leaks == []


def test_a_wrong_typed_field_is_an_api_decode_error_naming_its_pointer() -> None:
    payloads = {
        "/tools": session_json() | {"tools": 5},
        "/tools/1": session_json() | {"tools": [{"type": "function"}, 7]},
        "/turn_detection": session_json() | {"turn_detection": [1]},
    }
    for pointer, payload in payloads.items():
        reply = HS.response(200, json.dumps(payload).encode())
        with HS.HostileServer(lambda request, reply=reply: [reply]) as server:
            with ApiClient(Configuration(server.url, access_token="t")) as client:
                with pytest.raises(ApiDecodeError) as caught:
                    RealtimeApi(client).create_realtime_session(session_request())
        assert f"at {pointer}:" in str(caught.value)


def test_server_text_in_a_message_is_bounded_and_escaped() -> None:
    message = "\x1b[31mred\r\nFORGED log line\x00" + "y" * (11 << 20)
    body = json.dumps({"error": {"message": message}}).encode()
    with HS.HostileServer(lambda request: [HS.response(400, body)]) as server:
        with ApiClient(Configuration(server.url, access_token="t")) as client:
            with pytest.raises(ApiException) as caught:
                RealtimeApi(client).create_realtime_session(session_request())
    text = str(caught.value)
    assert len(text) < 1200
    assert not any(char in text for char in "\x1b\r\n\x00")
    assert "\\x1b[31mred\\x0d\\x0aFORGED" in text
    assert caught.value.body == body


def _fuzz_reply(rng: random.Random) -> bytes:
    """A random, mostly broken, response: status line, headers, encoding, framing, body."""
    status = rng.choice(
        [
            b"200",
            b"201",
            b"204",
            b"102",
            b"101",
            b"301",
            b"400",
            b"404",
            b"429",
            b"500",
            b"503",
            b"999",
            b"20",
            b"abc",
            b"-1",
            b"",
        ]
    )
    version = rng.choice([b"HTTP/1.1", b"HTTP/1.0", b"HTTP/2", b"ICY", b""])
    reason = rng.choice([b"OK", b"", b"\xff\xfe", b"x" * 70000, b"sk-" + b"a" * 20])
    body = rng.choice(
        [
            json.dumps(session_json()).encode(),
            b'{"tools": 5}',
            b'{"client_secret": []}',
            b"[" * 100000,
            b"\x1f\x8b\x08\x00garbage",
            rng.randbytes(rng.randint(0, 3000)),
            b"",
            b'{"error": {"message": 7}}',
        ]
    )
    headers = []
    if rng.random() < 0.7:
        length = rng.choice([len(body), len(body) + 10, max(len(body) - 3, 0), -1, 10**12])
        headers.append(b"Content-Length: %d" % length)
    if rng.random() < 0.3:
        headers.append(b"Transfer-Encoding: " + rng.choice([b"chunked", b"gzip", b"bogus"]))
    if rng.random() < 0.3:
        headers.append(b"Content-Encoding: " + rng.choice([b"gzip", b"deflate", b"br", b"zstd"]))
    if rng.random() < 0.3:
        headers.append(
            rng.choice(
                [
                    b"Retry-After: 0",
                    b"Retry-After: -5",
                    b"x-should-retry: true",
                    b"Content-Type: text/html",
                    b"Bad Header",
                    b": empty",
                ]
            )
        )
    if rng.random() < 0.2:
        body = rng.randbytes(rng.randint(0, 200))
    head = version + b" " + status + b" " + reason + b"\r\n" + b"\r\n".join(headers)
    return head + b"\r\n\r\n" + body


def fuzz(count: int, seed: int) -> dict[str, int]:
    """``count`` hostile replies against one client; exception names counted, outsiders raised."""
    rng = random.Random(seed)
    replies = [_fuzz_reply(rng) for _ in range(count)]
    index = iter(range(count * 10))

    def respond(request: Any) -> Iterator[bytes | float]:
        yield replies[next(index) % count]

    outcomes: dict[str, int] = {}
    with HS.HostileServer(respond, keep_alive=False) as server:
        config = Configuration(
            server.url, access_token="t", retries=0, timeout=2.0, max_response_bytes=1 << 20
        )
        with ApiClient(config) as client:
            api = RealtimeApi(client)
            for _ in range(count):
                try:
                    api.create_realtime_session(session_request())
                    name = "ok"
                except ApiException as exc:  # anything else fails the test
                    name = type(exc).__name__
                outcomes[name] = outcomes.get(name, 0) + 1
    return outcomes


def test_a_fuzz_of_hostile_replies_raises_only_inside_the_tree() -> None:
    outcomes = fuzz(300, seed=19)
    assert sum(outcomes.values()) == 300
    assert len(outcomes) > 3  # the replies do reach different outcomes

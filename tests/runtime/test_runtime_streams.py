"""Issue 16 part 2 and issue 19: server-sent events on loopback, split across TCP packets."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rt_support import generate_inline, hostile_server

HS = hostile_server()

SPEC = """\
openapi: 3.0.3
info: {title: Chat, version: 1.0.0}
paths:
  /chat:
    post:
      operationId: chat
      tags: [chat]
      parameters:
        - {name: streams, in: query, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ChatRequest'}
      responses:
        '200':
          description: a reply, or its events
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Chunk'}
            text/event-stream:
              schema: {$ref: '#/components/schemas/ChatEvent'}
components:
  schemas:
    ChatRequest:
      allOf:
        - type: object
          required: [model]
          properties:
            model: {type: string}
        - type: object
          properties:
            stream: {type: boolean, nullable: true, default: false}
    Chunk:
      type: object
      required: [type, text]
      properties:
        type: {type: string, enum: [chunk]}
        text: {type: string}
    Done:
      type: object
      required: [type]
      properties:
        type: {type: string, enum: [done]}
    ChatEvent:
      oneOf:
        - $ref: '#/components/schemas/Chunk'
        - $ref: '#/components/schemas/Done'
      discriminator:
        propertyName: type
        mapping: {chunk: '#/components/schemas/Chunk', done: '#/components/schemas/Done'}
"""


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A client with a JSON and a streaming variant of one operation."""
    root: Path = tmp_path_factory.mktemp("streams")
    return generate_inline(root, SPEC, package="chatpkg")


def _chunk(text: str) -> bytes:
    return b"data: " + json.dumps({"type": "chunk", "text": text}).encode() + b"\n\n"


def _stream(events: bytes, *, request_id: str = "req_stream_1") -> Iterator[bytes | float]:
    """A chunked event stream written a few bytes at a time (each write its own TCP packet)."""
    body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(events), events)
    yield (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
        b"Transfer-Encoding: chunked\r\nx-request-id: " + request_id.encode() + b"\r\n\r\n"
    )
    for start in range(0, len(body), 7):
        yield body[start : start + 7]
        yield 0.001


def _endless(first: bytes) -> Iterator[bytes | float]:
    """A stream that never ends: ``first``, then events for as long as the client reads."""
    yield b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
    yield b"Transfer-Encoding: chunked\r\n\r\n"
    while True:
        yield b"%x\r\n%s\r\n" % (len(first), first)


def _config(pkg: Any, server: Any, **overrides: Any) -> Any:
    return pkg.Configuration(server.url, retries=1, backoff_initial=0.001, **overrides)


def test_the_streaming_method_asks_for_the_stream_and_reads_split_events(pkg: Any) -> None:
    bodies: list[dict[str, Any]] = []
    events = _chunk("Hel") + b"event: message\r\n" + _chunk("lo") + b'data: {"type": "done"}\n\n'

    def respond(request: Any) -> Iterator[bytes | float]:
        bodies.append(json.loads(request.body))
        yield from _stream(events + b"data: [DONE]\n\n")

    with HS.HostileServer(respond) as server, pkg.ApiClient(_config(pkg, server)) as client:
        got = list(pkg.ChatApi(client).chat_stream(pkg.ChatRequest(model="m")))
    assert [type(event).__name__ for event in got] == ["Chunk", "Chunk", "Done"]
    assert [event.to_dict() for event in got] == [
        {"type": "chunk", "text": "Hel"},
        {"type": "chunk", "text": "lo"},
        {"type": "done"},
    ]
    assert bodies == [{"model": "m", "stream": True}]


@pytest.mark.parametrize(
    "error_event",
    [
        b'event: error\ndata: {"message": "overloaded", "type": "server_error"}\n\n',
        b'data: {"error": {"message": "overloaded", "type": "server_error"}}\n\n',
    ],
)
def test_an_error_event_raises_inside_the_tree_with_the_request_id(
    pkg: Any, error_event: bytes
) -> None:
    events = _chunk("a") + error_event + _chunk("never")
    with HS.HostileServer(lambda request: _stream(events, request_id="req_err_9")) as server:
        with pkg.ApiClient(_config(pkg, server)) as client:
            stream = pkg.ChatApi(client).chat_stream(pkg.ChatRequest(model="m"))
            assert next(stream).to_dict() == {"type": "chunk", "text": "a"}
            with pytest.raises(pkg.ApiStreamError) as caught:
                next(stream)
            # The stream raised: its connection is closed, not put back half read.
            assert server.wait_ended(1)
    assert isinstance(caught.value, pkg.ApiException)
    assert caught.value.request_id == "req_err_9"
    assert "overloaded" in str(caught.value) and "req_err_9" in str(caught.value)


def test_an_event_type_newer_than_the_spec_is_yielded_as_an_unknown_event(pkg: Any) -> None:
    newer = {"type": "reasoning.delta", "delta": "hm"}
    events = _chunk("a") + b"event: x\ndata: " + json.dumps(newer).encode() + b"\n\n" + _chunk("b")
    with HS.HostileServer(lambda request: _stream(events)) as server:
        with pkg.ApiClient(_config(pkg, server)) as client:
            got = list(pkg.ChatApi(client).chat_stream(pkg.ChatRequest(model="m")))
    assert [got[0].to_dict()["text"], got[2].to_dict()["text"]] == ["a", "b"]
    assert isinstance(got[1], pkg.UnknownEvent)
    assert got[1].data == newer and got[1].event == "x" and got[1].to_dict() == newer
    assert "hm" not in repr(got[1])  # values stay out of the repr
    # Any value no union branch fits is an UnknownVariant, in a stream as in a body.
    assert isinstance(got[1], pkg.UnknownVariant)
    match got[1]:
        case pkg.UnknownVariant(data=raw):
            assert raw == newer
        case _:
            pytest.fail("an unknown event is not matched as an UnknownVariant")


def test_a_json_answer_to_the_streaming_method_is_an_error_not_an_empty_stream(pkg: Any) -> None:
    # A server or proxy ignoring the stream flag answers the whole reply as JSON.
    reply = json.dumps({"type": "chunk", "text": "whole"}).encode()
    answer = HS.response(200, reply, {"x-request-id": "req_json_1"})
    with HS.HostileServer(lambda request: [answer]) as server:
        with pkg.ApiClient(_config(pkg, server)) as client:
            api = pkg.ChatApi(client)
            with pytest.raises(pkg.ApiDecodeError, match="expected an event stream") as caught:
                api.chat_stream(pkg.ChatRequest(model="m"))
            # The body was read to its end: the connection serves the next call.
            assert api.chat(pkg.ChatRequest(model="m")).text == "whole"
        assert server.requests == 2 and server.wait_ended(1) and server.ended == 1
    assert caught.value.body == reply and caught.value.request_id == "req_json_1"


def test_closing_the_client_closes_the_connection_a_kept_stream_refers_to(pkg: Any) -> None:
    with HS.HostileServer(lambda request: _stream(_chunk("a"))) as server:
        client = pkg.ApiClient(_config(pkg, server))
        stream = pkg.ChatApi(client).chat_stream(pkg.ChatRequest(model="m"))
        # Read to its end: the connection is back in the pool, idle; the stream still refers
        # to that pool, which urllib3 would then keep open past the client's close.
        assert [event.to_dict()["text"] for event in stream] == ["a"]
        client.close()
        assert server.wait_ended(1)
    stream.close()


def test_an_endless_event_without_a_newline_ends_at_the_size_limit(pkg: Any) -> None:
    with HS.HostileServer(lambda request: _endless(b"data: " + b"x" * 4096)) as server:
        config = _config(pkg, server, max_response_bytes=1 << 16)
        with pkg.ApiClient(config) as client:
            stream = pkg.ChatApi(client).chat_stream(pkg.ChatRequest(model="m"))
            with pytest.raises(pkg.ApiResponseTooLarge):
                next(stream)
            assert server.wait_ended(1)


def test_the_limit_is_per_event_not_for_the_whole_stream(pkg: Any) -> None:
    events = b"".join(_chunk(str(n) * 200) for n in range(100))  # ~23 KB in all
    with HS.HostileServer(lambda request: _stream(events)) as server:
        config = _config(pkg, server, max_response_bytes=1024)
        with pkg.ApiClient(config) as client:
            got = list(pkg.ChatApi(client).chat_stream(pkg.ChatRequest(model="m")))
    assert len(got) == 100


@pytest.mark.parametrize("how", ["close", "with", "break"])
def test_stopping_early_closes_the_connection(pkg: Any, how: str) -> None:
    with HS.HostileServer(lambda request: _endless(_chunk("more"))) as server:
        with pkg.ApiClient(_config(pkg, server)) as client:
            stream = pkg.ChatApi(client).chat_stream(pkg.ChatRequest(model="m"))
            if how == "close":
                next(stream)
                stream.close()
            elif how == "with":
                with stream:
                    next(stream)
            else:
                for _ in stream:
                    break
                del stream  # collected: the reader's own clean-up closes the connection
            assert server.wait_ended(1)


def test_a_stream_read_to_its_end_returns_its_connection_to_the_pool(pkg: Any) -> None:
    threads: list[int] = []

    def respond(request: Any) -> Iterator[bytes | float]:
        threads.append(threading.get_ident())  # one server thread per connection
        yield from _stream(_chunk("a") + b"data: [DONE]\n\n")

    with HS.HostileServer(respond) as server, pkg.ApiClient(_config(pkg, server)) as client:
        api = pkg.ChatApi(client)
        for _ in range(3):
            assert len(list(api.chat_stream(pkg.ChatRequest(model="m")))) == 1
        assert server.ended == 0
    assert len(threads) == 3 and len(set(threads)) == 1


def test_a_retried_streamed_request_does_not_leak_its_first_connection(pkg: Any) -> None:
    answers = iter(
        [
            HS.response(503, b'{"error": {"message": "busy"}}'),
            HS.response(429, b'{"error": {"message": "slow"}}', {"Retry-After": "0"}),
        ]
    )
    threads: list[int] = []

    def respond(request: Any) -> Iterator[bytes | float]:
        threads.append(threading.get_ident())
        answer = next(answers, None)
        if answer is None:
            yield from _stream(_chunk("a") + b"data: [DONE]\n\n")
        else:
            yield answer

    with HS.HostileServer(respond) as server:
        config = pkg.Configuration(server.url, retries=2, backoff_initial=0.001)
        with pkg.ApiClient(config) as client:
            got = list(pkg.ChatApi(client).chat_stream(pkg.ChatRequest(model="m")))
            # Checked before the client closes its pool, which ends the connection itself.
            assert server.ended == 0
    assert len(got) == 1
    # Each error reply was read and its connection reused: one connection for all three.
    assert len(threads) == 3 and len(set(threads)) == 1


def test_the_plain_method_asks_for_no_stream_whatever_the_body_says(pkg: Any) -> None:
    bodies: list[dict[str, Any]] = []
    reply = HS.response(200, json.dumps({"type": "chunk", "text": "whole"}).encode())

    def respond(request: Any) -> list[bytes]:
        bodies.append(json.loads(request.body))
        return [reply]

    with HS.HostileServer(respond) as server, pkg.ApiClient(_config(pkg, server)) as client:
        got = pkg.ChatApi(client).chat(pkg.ChatRequest(model="m", stream=True))
    assert got.to_dict() == {"type": "chunk", "text": "whole"}
    assert bodies == [{"model": "m", "stream": False}]


def test_a_parameter_named_like_the_streams_module_does_not_shadow_it(pkg: Any) -> None:
    paths: list[str] = []

    def respond(request: Any) -> Iterator[bytes | float]:
        paths.append(request.path)
        yield from _stream(_chunk("a"))

    with HS.HostileServer(respond) as server, pkg.ApiClient(_config(pkg, server)) as client:
        got = list(pkg.ChatApi(client).chat_stream(pkg.ChatRequest(model="m"), streams_="two"))
    assert len(got) == 1 and paths == ["/chat?streams=two"]


_PIECES = (
    _chunk("ok"),
    b'data: {"type": "newer", "x": [1]}\n\n',
    b"data: [DONE]\n\n",
    b'event: error\ndata: {"message": "no"}\n\n',
    b'data: {"error": {"message": "no"}}\n\n',
    b'data: {"error": 5}\n\n',
    b'data: {"type": "chunk", "text": 5}\n\n',
    b"data: {not json\n\n",
    b"data: \xff\xfe\xc3(\n\n",
    b"data: " + b"x" * 5000 + b"\n\n",
    b": comment\r\nid: 7\r\nretry: 10\r\n\r\n",
    b"data: [1,\ndata: 2]\n\n",
    b"\x1f\x8b\x08\x00garbage",
    b"data: {",
)


def _fuzz_stream(rng: random.Random) -> bytes:
    """A random streamed reply: status, framing, encoding and events, often broken."""
    body = b"".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 8)))
    status = rng.choice([200, 200, 200, 201, 400, 500])
    headers = [b"Content-Type: text/event-stream"]
    if rng.random() < 0.2:
        headers.append(b"Content-Encoding: " + rng.choice([b"gzip", b"deflate", b"br"]))
    framing = rng.choice(["chunked", "broken-chunked", "length", "short-length", "close"])
    if framing == "chunked":
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body) if body else b"0\r\n\r\n"
    elif framing == "broken-chunked":
        body = b"zz\r\n" + body
    if framing.endswith("chunked"):
        headers.append(b"Transfer-Encoding: chunked")
    elif framing.endswith("length"):
        extra = 10 if framing == "short-length" else 0
        headers.append(b"Content-Length: %d" % (len(body) + extra))
    head = b"HTTP/1.1 %d Whatever\r\n" % status + b"\r\n".join(headers)
    return head + b"\r\n\r\n" + body


def test_a_fuzz_of_hostile_streams_raises_only_inside_the_tree(pkg: Any) -> None:
    rng = random.Random(16)
    replies = [_fuzz_stream(rng) for _ in range(300)]
    served = iter(replies * 2)  # a retried call takes the next reply
    outcomes: dict[str, int] = {}
    with HS.HostileServer(lambda request: [next(served)], keep_alive=False) as server:
        config = pkg.Configuration(server.url, retries=0, timeout=2.0, max_response_bytes=4096)
        with pkg.ApiClient(config) as client:
            api = pkg.ChatApi(client)
            for _ in replies:
                try:
                    events = list(api.chat_stream(pkg.ChatRequest(model="m")))
                    name = f"{len(events)} events"
                except pkg.ApiException as exc:  # anything else fails the test
                    name = type(exc).__name__
                outcomes[name] = outcomes.get(name, 0) + 1
    assert sum(outcomes.values()) == 300
    assert {"ApiStreamError", "ApiResponseTooLarge", "ApiDecodeError"} <= set(outcomes)

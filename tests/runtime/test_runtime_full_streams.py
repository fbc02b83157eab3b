"""Issue 16 part 2 on the whole 2026 OpenAI document: chat and responses streams on loopback."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rt_support import ROOT, hostile_server

from oapigen import Config, generate

pytestmark = pytest.mark.slow
HS = hostile_server()
FULL_SPEC = ROOT / "spec" / "upstream" / "2026-08-21.yaml"


@pytest.fixture(scope="module")
def oai(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The client of the whole document (lenient), imported under its own name."""
    out: Path = tmp_path_factory.mktemp("full") / "out"
    generate(Config(spec=FULL_SPEC, out=out, package="oai_streams", lenient=True, root=ROOT))
    sys.path.insert(0, str(out))
    try:
        yield __import__("oai_streams")
    finally:
        sys.path.remove(str(out))


def _sse(events: list[bytes]) -> Iterator[bytes | float]:
    """A chunked event stream written five bytes at a time, with the request id OpenAI sends."""
    body = b"".join(events)
    framed = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    yield (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
        b"Transfer-Encoding: chunked\r\nx-request-id: req_full_1\r\n\r\n"
    )
    for start in range(0, len(framed), 5):
        yield framed[start : start + 5]
        yield 0.0005


def _event(data: dict[str, Any], event: str | None = None) -> bytes:
    head = b"event: " + event.encode() + b"\n" if event else b""
    return head + b"data: " + json.dumps(data).encode() + b"\n\n"


def _chat_chunk(number: int) -> dict[str, Any]:
    delta = {"index": 0, "delta": {"content": f"t{number}"}, "finish_reason": None}
    return {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt",
        "choices": [delta],
    }


class _StandIn:
    """Answers /chat/completions and /responses with events; keeps each request body."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: Any) -> Iterator[bytes | float]:
        body = json.loads(request.body)
        self.bodies.append(body)
        if request.path.endswith("/chat/completions"):
            events = [_event(_chat_chunk(n)) for n in range(3)]
            if body["messages"][0]["content"] == "fail":
                error = {"error": {"message": "server overloaded", "type": "server_error"}}
                events.insert(2, _event(error))
            return _sse([*events, b"data: [DONE]\n\n"])
        delta = {
            "type": "response.output_text.delta",
            "item_id": "i",
            "output_index": 0,
            "content_index": 0,
            "delta": "Hi",
            "sequence_number": 1,
            "logprobs": [],
        }
        newer = {"type": "response.brand_new_event", "sequence_number": 2}
        error = {"type": "error", "code": "server_error", "message": "boom", "param": None}
        return _sse(
            [
                _event(delta, "response.output_text.delta"),
                _event(newer, "response.brand_new_event"),
                _event(error | {"sequence_number": 3}, "error"),
            ]
        )


def _chat_request(oai: Any, content: str) -> Any:
    data = {"model": "gpt", "messages": [{"role": "user", "content": content}]}
    return oai.CreateChatCompletionRequest.from_dict(data)


def test_chat_streams_ask_for_the_stream_and_raise_a_mid_stream_error(oai: Any) -> None:
    stand_in = _StandIn()
    with HS.HostileServer(stand_in) as server:
        config = oai.Configuration(server.url + "/v1", access_token="sk-test")
        with oai.ApiClient(config) as client:
            chat = oai.ChatApi(client)
            got = list(chat.create_chat_completion_stream(_chat_request(oai, "hi")))
            assert [event.choices[0].delta.content for event in got] == ["t0", "t1", "t2"]
            assert stand_in.bodies[-1]["stream"] is True
            stream = chat.create_chat_completion_stream(_chat_request(oai, "fail"))
            assert len([next(stream), next(stream)]) == 2
            with pytest.raises(oai.ApiStreamError) as caught:
                next(stream)
            assert server.wait_ended(1)
    assert caught.value.request_id == "req_full_1"
    assert "server overloaded" in str(caught.value)


def test_responses_streams_keep_unknown_events_and_raise_error_events(oai: Any) -> None:
    stand_in = _StandIn()
    with HS.HostileServer(stand_in) as server:
        config = oai.Configuration(server.url + "/v1", access_token="sk-test")
        with oai.ApiClient(config) as client:
            request = oai.CreateResponse.from_dict({"model": "gpt", "input": "hi"})
            stream = oai.ResponsesApi(client).create_response_stream(request)
            first, second = next(stream), next(stream)
            with pytest.raises(oai.ApiStreamError) as caught:
                next(stream)
    assert stand_in.bodies[-1]["stream"] is True
    assert type(first).__name__ == "ResponseTextDeltaEvent"
    assert isinstance(second, oai.UnknownEvent)
    assert second.event == "response.brand_new_event" and second.data["sequence_number"] == 2
    assert "boom" in str(caught.value) and caught.value.request_id == "req_full_1"

"""Issue 16 part 2, one switch, on createSpeech: its stream flag is an enum, not a boolean.

OpenAI's createSpeech answers audio, or server-sent events when the body says
``stream_format: "sse"``. Its ``_stream`` method must ask for events itself, as the chat
stream sets ``stream``: left to the caller, a body without the field gets audio back and the
stream yields nothing. The plain and ``_chunks`` methods send the other value, ``audio``.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from rt_support import ROOT
from werkzeug import Request, Response

from tests.slices import generate_slice

DOCUMENT = ROOT / "spec" / "upstream" / "2026-08-21.yaml"
AUDIO = b"ID3\x04\x00 mp3 frames"
EVENTS = (
    b'data: {"type": "speech.audio.delta", "audio": "AAAA"}\n\n'
    b'data: {"type": "speech.audio.done", "usage": '
    b'{"input_tokens": 1, "output_tokens": 2, "total_tokens": 3}}\n\n'
)
REQUEST = {"model": "gpt-4o-mini-tts", "input": "Hello", "voice": "alloy"}


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The client of createSpeech, sliced from the whole 2026 document."""
    root = tmp_path_factory.mktemp("speech")
    out = generate_slice(DOCUMENT, ["createSpeech"], root=root, package="speech_flag")
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("speech_flag")
    finally:
        sys.path.remove(str(out))


def _answer_as_openai(server: HTTPServer) -> list[Any]:
    """Answer as OpenAI does: events only when asked by ``stream_format``; bodies kept."""
    formats: list[Any] = []

    def handler(request: Request) -> Response:
        asked = json.loads(request.get_data()).get("stream_format")
        formats.append(asked)
        if asked == "sse":
            return Response(EVENTS, status=200, content_type="text/event-stream")
        return Response(AUDIO, status=200, content_type="audio/mpeg")

    server.expect_request("/v1/audio/speech", method="POST").respond_with_handler(handler)
    return formats


def _api(speech: Any, server: HTTPServer) -> Any:
    config = speech.Configuration(server.url_for("/v1"), access_token="sk-test")
    return speech.AudioApi(speech.ApiClient(config))


def test_stream_method_asks_for_events_itself(speech: Any, server: HTTPServer) -> None:
    formats = _answer_as_openai(server)
    api = _api(speech, server)
    with api.api_client:
        events = list(api.create_speech_stream(REQUEST))
    assert formats == ["sse"]
    assert [type(e).__name__ for e in events] == ["SpeechAudioDeltaEvent", "SpeechAudioDoneEvent"]
    assert events[1].usage.total_tokens == 3


def test_other_methods_ask_for_audio_whatever_the_body_says(
    speech: Any, server: HTTPServer
) -> None:
    formats = _answer_as_openai(server)
    api = _api(speech, server)
    with api.api_client:
        audio = api.create_speech({**REQUEST, "stream_format": "sse"})
        model = speech.CreateSpeechRequest(
            model="tts-1", input_="Hi", voice="alloy", stream_format="sse"
        )
        with api.create_speech_chunks(model) as chunks:
            chunked = b"".join(chunks)
    assert formats == ["audio", "audio"]
    assert audio == chunked == AUDIO


def test_async_stream_method_asks_for_events_itself(speech: Any, server: HTTPServer) -> None:
    formats = _answer_as_openai(server)

    async def read() -> list[Any]:
        config = speech.Configuration(server.url_for("/v1"), access_token="sk-test")
        async with speech.AsyncApiClient(config) as client:
            stream = await speech.AsyncAudioApi(client).create_speech_stream(REQUEST)
            async with stream:
                return [event async for event in stream]

    events = asyncio.run(read())
    assert formats == ["sse"]
    assert len(events) == 2

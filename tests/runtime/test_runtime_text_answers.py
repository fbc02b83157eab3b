"""Issue 16 part 3: text answers where the spec declares only JSON, on loopback.

OpenAI's transcription and translation declare JSON answers, yet ``response_format="text"``
(``srt``, ``vtt``) answers text/plain. The methods of the 2026 document's client return
``... | str`` and hand such an answer over as text; an operation whose request cannot ask for
text keeps its annotation, and a text answer to it is an ApiDecodeError carrying the body.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from rt_support import ROOT, generate_inline
from werkzeug import Request, Response

from tests.commands import mypy_refusal
from tests.slices import generate_slice

DOCUMENT = ROOT / "spec" / "upstream" / "2026-08-21.yaml"
OPERATIONS = ["createTranscription", "createTranslation"]
SRT = "1\n00:00:00,000 --> 00:00:01,500\nBonjour à tous\n"


@pytest.fixture(scope="module")
def audio_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client of the two audio operations, sliced from the whole 2026 document."""
    root = tmp_path_factory.mktemp("audio")
    return generate_slice(DOCUMENT, OPERATIONS, root=root, package="audio_text")


@pytest.fixture(scope="module")
def audio(audio_client: Path) -> Iterator[Any]:
    sys.path.insert(0, str(audio_client))
    try:
        yield importlib.import_module("audio_text")
    finally:
        sys.path.remove(str(audio_client))


def _answer(server: HTTPServer, path: str, body: str, content_type: str) -> list[Request]:
    """Answer every request to ``path`` with ``body``; the requests are kept."""
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        request.get_data()
        seen.append(request)
        return Response(body, status=200, content_type=content_type)

    server.expect_request(path, method="POST").respond_with_handler(handler)
    return seen


def _config(audio: Any, server: HTTPServer) -> Any:
    return audio.Configuration(server.url_for("/v1"), access_token="sk-test")


def test_transcription_answers_text_as_str(audio: Any, server: HTTPServer) -> None:
    seen = _answer(server, "/v1/audio/transcriptions", "Hello world.\n", "text/plain")
    request = audio.CreateTranscriptionRequest(
        file=("a.wav", b"RIFF"), model="whisper-1", response_format="text"
    )
    with audio.ApiClient(_config(audio, server)) as client:
        got = audio.AudioApi(client).create_transcription(request)
    assert got == "Hello world.\n"
    assert "text/plain" in seen[0].headers["Accept"]
    assert b'name="response_format"\r\n\r\ntext' in seen[0].get_data()


def test_translation_answers_srt_in_its_charset(audio: Any, server: HTTPServer) -> None:
    _answer(server, "/v1/audio/translations", SRT, "text/plain; charset=utf-8")
    request = audio.CreateTranslationRequest(file=b"RIFF", model="whisper-1", response_format="srt")
    with audio.ApiClient(_config(audio, server)) as client:
        got, status, headers = audio.AudioApi(client).create_translation_with_http_info(request)
    assert (got, status) == (SRT, 200)
    assert headers["Content-Type"].startswith("text/plain")


def test_json_answers_still_decode_to_their_models(audio: Any, server: HTTPServer) -> None:
    _answer(server, "/v1/audio/translations", json.dumps({"text": "Hi"}), "application/json")
    request = audio.CreateTranslationRequest(file=b"RIFF", model="whisper-1")
    with audio.ApiClient(_config(audio, server)) as client:
        got = audio.AudioApi(client).create_translation(request)
    assert isinstance(got, audio.CreateTranslationResponseJson) and got.text == "Hi"


def test_the_async_twin_answers_text_as_str(audio: Any, server: HTTPServer) -> None:
    _answer(
        server, "/v1/audio/transcriptions", "WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n", "text/vtt"
    )
    request = audio.CreateTranscriptionRequest(
        file=b"RIFF", model="whisper-1", response_format="vtt"
    )

    async def transcribe() -> Any:
        async with audio.AsyncApiClient(_config(audio, server)) as client:
            return await audio.AsyncAudioApi(client).create_transcription(request)

    assert asyncio.run(transcribe()).startswith("WEBVTT\n")


USER_CODE = """\
from audio_text import AudioApi, CreateTranscriptionRequest, CreateTranscriptionResponseJson


def transcript(api: AudioApi) -> str:
    answer = api.create_transcription(
        CreateTranscriptionRequest(file=b"RIFF", model="whisper-1", response_format="text")
    )
    if isinstance(answer, str):
        return answer
    if isinstance(answer, CreateTranscriptionResponseJson):
        return answer.text
    return ""
"""


def test_the_annotation_includes_str_for_mypy_strict(audio_client: Path, tmp_path: Path) -> None:
    # The answer's type, shown by an assignment mypy refuses, ends in "| str".
    wrong = USER_CODE.replace("answer = api", "answer: int = api")
    said = mypy_refusal(USER_CODE, wrong, folder=tmp_path, mypypath=audio_client)
    assert '| str", variable has type "int")' in said, said


NOTES = """\
openapi: 3.0.3
info: {title: Notes, version: 1.0.0}
components:
  schemas:
    Note:
      type: object
      properties:
        id: {type: string}
    Format: {type: string, enum: [json, text]}
paths:
  /notes:
    post:
      operationId: createNote
      tags: [Notes]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                format: {$ref: "#/components/schemas/Format"}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Note"}
  /summaries:
    post:
      operationId: createSummary
      tags: [Notes]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                response_format: {$ref: "#/components/schemas/Format"}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Note"}
"""


def test_the_rule_reads_response_format_alone(tmp_path: Path, server: HTTPServer) -> None:
    notes = generate_inline(tmp_path, NOTES, package="notes_text")
    _answer(server, "/notes", "created", "text/plain")
    _answer(server, "/summaries", "short", "text/plain")
    with notes.ApiClient(notes.Configuration(server.url_for(""))) as client:
        api = notes.NotesApi(client)
        # A request field named otherwise does not say the answer may be text: the
        # annotation stays the model, and a text answer is an error carrying the body.
        with pytest.raises(notes.ApiDecodeError) as caught:
            api.create_note(body={"format": "text"})
        assert api.create_summary(body={"response_format": "text"}) == "short"
    assert caught.value.body == b"created" and caught.value.status == 200
    source = (tmp_path / "out" / "notes_text" / "api" / "notes_api.py").read_text("utf-8")
    assert "-> Note:" in source and "-> Note | str:" in source

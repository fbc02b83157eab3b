"""Bodies that are not JSON, on loopback: text as str, binary as bytes or streamed, a choice."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from rt_support import generate_inline
from werkzeug import Request, Response

SPEC = """\
openapi: 3.0.3
info: {title: Media, version: 1.0.0}
servers: [{url: "http://127.0.0.1:1"}]
paths:
  /notes:
    get:
      operationId: getNotes
      tags: [media]
      responses:
        '200':
          description: the notes
          content:
            text/plain:
              schema: {type: string}
  /speech:
    post:
      operationId: createSpeech
      tags: [media]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                text: {type: string}
      responses:
        '200':
          description: audio
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
        '400':
          description: bad input
          content:
            application/json:
              schema:
                type: object
                properties:
                  message: {type: string}
  /videos/{id}/content:
    get:
      operationId: getVideoContent
      tags: [media]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: the video, its thumbnail, or a JSON string
          content:
            video/mp4:
              schema: {type: string, format: binary}
            image/webp:
              schema: {type: string, format: binary}
            application/json:
              schema: {type: string}
  /transcriptions:
    post:
      operationId: createTranscription
      tags: [media]
      responses:
        '200':
          description: the transcript (the spec forgets that it may be text)
          content:
            application/json:
              schema:
                type: object
                required: [text]
                properties:
                  text: {type: string}
"""

AUDIO = bytes(range(256)) * 4096  # 1 MiB, every byte value


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The generated ``rt_media`` package, transcription also declared as text/plain."""
    return generate_inline(
        tmp_path_factory.mktemp("media"),
        SPEC,
        package="rt_media",
        response_types=(("createTranscription", ("text/plain",)),),
    )


@pytest.fixture
def media_api(media: Any, server: HTTPServer, open_api: Callable[..., Any]) -> Callable[..., Any]:
    """``media_api(**settings)``: a MediaApi on the loopback server."""
    return lambda **settings: open_api(media, "MediaApi", server, backoff_initial=0.001, **settings)


def test_text_answer_is_str_in_its_charset(
    media: Any, server: HTTPServer, media_api: Callable[..., Any]
) -> None:
    body = "café ☕".encode("latin-1", "replace")
    server.expect_request("/notes").respond_with_data(
        body, content_type="text/plain; charset=latin-1"
    )
    assert media_api().get_notes() == "café ?"
    assert server.log[0][0].headers["Accept"] == "text/plain"


def test_binary_answer_is_bytes_and_keeps_the_size_limit(
    media: Any, server: HTTPServer, media_api: Callable[..., Any]
) -> None:
    server.expect_request("/speech", method="POST").respond_with_data(
        AUDIO, content_type="application/octet-stream"
    )
    assert media_api().create_speech(media.CreateSpeechRequest(text="hi")) == AUDIO
    small = media_api(max_response_bytes=1000)
    with pytest.raises(media.exceptions.ApiResponseTooLarge):
        small.create_speech(media.CreateSpeechRequest(text="hi"))
    # The streamed twin is not held whole, so the limit of whole bodies does not apply to it.
    with small.create_speech_chunks(media.CreateSpeechRequest(text="hi")) as stream:
        chunks = list(stream.iter_bytes(4096))
    assert b"".join(chunks) == AUDIO
    assert max(map(len, chunks)) <= 4096 and len(chunks) >= 256


def test_chunks_write_to_a_path_or_a_file(
    media: Any, server: HTTPServer, media_api: Callable[..., Any], tmp_path: Path
) -> None:
    server.expect_request("/speech", method="POST").respond_with_data(
        AUDIO, content_type="application/octet-stream"
    )
    api = media_api()
    target = tmp_path / "speech.mp3"
    assert api.create_speech_chunks(media.CreateSpeechRequest(text="hi")).write_to(target) == len(
        AUDIO
    )
    assert target.read_bytes() == AUDIO
    handle = io.BytesIO()
    assert api.create_speech_chunks(media.CreateSpeechRequest(text="hi")).write_to(handle) == len(
        AUDIO
    )
    assert handle.getvalue() == AUDIO
    assert server.log[0][0].headers["Accept"].startswith("application/octet-stream")


def test_leaving_a_stream_early_frees_its_connection(
    media: Any, server: HTTPServer, media_api: Callable[..., Any]
) -> None:
    server.expect_request("/speech", method="POST").respond_with_data(
        AUDIO, content_type="application/octet-stream"
    )
    server.expect_request("/notes").respond_with_data("next call", content_type="text/plain")
    api = media_api(connection_pool_maxsize=1)
    for _ in range(3):
        stream = api.create_speech_chunks(media.CreateSpeechRequest(text="hi"))
        first = next(iter(stream))
        stream.close()
        assert AUDIO.startswith(first)
        # One pooled connection: had the unread rest stayed on it, this call would read it.
        assert api.get_notes() == "next call"
    for _ in range(3):
        for _chunk in api.create_speech_chunks(media.CreateSpeechRequest(text="hi")):
            break  # the loop leaves the generator: it closes the connection
        assert api.get_notes() == "next call"


def _client_sockets(port: int) -> int:
    """Descriptors this process holds on TCP connections to ``port`` (the client's side)."""
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # closed since listed
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    lines = Path("/proc/net/tcp").read_text(encoding="ascii").splitlines()[1:]
    remote = f":{port:04X}"
    rows = [line.split() for line in lines]
    return sum(1 for row in rows if row[2].endswith(remote) and row[9] in inodes)


@pytest.mark.skipif(not Path("/proc/net/tcp").is_file(), reason="reads Linux's socket table")
def test_closed_streams_hold_no_socket(
    media: Any, own_server: HTTPServer, open_api: Callable[..., Any]
) -> None:
    # A server of its own: a pooled socket of an earlier test, not yet collected, would count.
    server = own_server
    server.expect_request("/speech", method="POST").respond_with_data(
        AUDIO, content_type="application/octet-stream"
    )
    api = open_api(media, "MediaApi", server)
    kept = []
    for _ in range(20):
        stream = api.create_speech_chunks(media.CreateSpeechRequest(text="hi"))
        next(iter(stream))
        stream.close()
        kept.append(stream)  # still referenced: only close() can have let the socket go
    assert _client_sockets(server.port) == 0


def test_an_error_status_on_the_chunked_twin_raises_with_its_body(
    media: Any, server: HTTPServer, media_api: Callable[..., Any]
) -> None:
    server.expect_request("/speech", method="POST").respond_with_json(
        {"message": "no voice"}, status=400
    )
    with pytest.raises(media.exceptions.BadRequestException) as caught:
        media_api().create_speech_chunks(media.CreateSpeechRequest(text="hi"))
    assert caught.value.data.message == "no voice"


def _by_accept(request: Request) -> Response:
    accept = request.headers.get("Accept", "")
    if accept.startswith("image/webp"):
        return Response(b"RIFF-webp", content_type="image/webp")
    if accept.startswith("application/json"):
        return Response(json.dumps("a JSON string"), content_type="application/json")
    return Response(b"\x00\x00\x00\x18ftypmp42", content_type="video/mp4")


def test_the_caller_chooses_the_media_type_and_its_return_type(
    media: Any, server: HTTPServer, media_api: Callable[..., Any]
) -> None:
    server.expect_request("/videos/v1/content").respond_with_handler(_by_accept)
    api = media_api()
    assert api.get_video_content("v1") == b"\x00\x00\x00\x18ftypmp42"
    assert api.get_video_content_webp("v1") == b"RIFF-webp"
    assert api.get_video_content_json("v1") == "a JSON string"
    with api.get_video_content_chunks("v1") as stream:
        assert stream.content_type == "video/mp4" and stream.read().endswith(b"mp42")
    accepts = [request.headers["Accept"] for request, _ in server.log]
    assert accepts == ["video/mp4", "image/webp", "application/json", "video/mp4, image/webp"]


def test_an_undeclared_text_answer_has_its_own_method(
    media: Any, server: HTTPServer, media_api: Callable[..., Any]
) -> None:
    def answer(request: Request) -> Response:
        if request.headers.get("Accept") == "text/plain":
            return Response("hello there", content_type="text/plain; charset=utf-8")
        return Response(json.dumps({"text": "hello there"}), content_type="application/json")

    server.expect_request("/transcriptions", method="POST").respond_with_handler(answer)
    api = media_api()
    assert api.create_transcription().text == "hello there"
    assert api.create_transcription_text() == "hello there"


STREAM_PROGRAM = """\
import os, resource, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import rt_media

SIZE, BLOCK = 192 * 2**20, b"x" * 2**20


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(SIZE))
        self.end_headers()
        for _ in range(SIZE // len(BLOCK)):
            self.wfile.write(BLOCK)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
config = rt_media.Configuration(f"http://127.0.0.1:{server.server_port}")
api = rt_media.MediaApi(rt_media.ApiClient(config))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
stream = api.create_speech_chunks(rt_media.CreateSpeechRequest(text="hi"))
written = stream.write_to(os.devnull)
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
server.shutdown()
print(written, grown // 1024)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")
def test_a_streamed_body_is_never_held_whole(media: Any) -> None:
    folder = Path(media.__file__).parents[1]
    proc = subprocess.run(
        [sys.executable, "-c", STREAM_PROGRAM],
        env={**os.environ, "PYTHONPATH": str(folder)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    written, grown_mib = map(int, proc.stdout.split())
    assert written == 192 * 2**20
    # The body is 192 MiB, past the default max_response_bytes (100 MiB); peak memory does not
    # grow by a fraction of it.
    assert grown_mib < 32

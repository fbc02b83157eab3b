"""The asyncio twin on loopback: fan-out, retries, cancellation and streams on real sockets."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from rt_support import (
    BOUND,
    SESSION_PATH,
    SilentServer,
    closed_by_peer,
    generate_inline,
    json_response,
    openapi_openai,
    request_received,
    serve_sequence,
    serving,
    session_json,
)
from werkzeug import Request, Response

from tests.commands import mypy_refusal

CALLS = 200
WORKERS = 10


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    """A pytest-httpserver answering each connection in its own thread."""
    with serving(HTTPServer(host="127.0.0.1", port=0, threaded=True)) as server:
        yield server


def _request(pkg: Any, instructions: str) -> Any:
    return pkg.RealtimeSessionCreateRequest(model="m", instructions=instructions)


def test_200_concurrent_calls_overlap_and_each_gets_its_own_answer(
    threaded_server: HTTPServer, make_config: Callable[..., Any]
) -> None:
    pkg = openapi_openai()
    lock = threading.Condition()
    state = {"in_flight": 0, "peak": 0}

    def echo(request: Request) -> Response:
        with lock:
            state["in_flight"] += 1
            state["peak"] = max(state["peak"], state["in_flight"])
            lock.notify_all()
            # Hold the first calls until as many run at once as there are workers.
            lock.wait_for(lambda: state["peak"] >= WORKERS, timeout=BOUND)
        try:
            sent = json.loads(request.get_data())
            return json_response(200, {**session_json(), "instructions": sent["instructions"]})
        finally:
            with lock:
                state["in_flight"] -= 1

    threaded_server.expect_request(SESSION_PATH).respond_with_handler(echo)

    async def fan_out() -> list[Any]:
        config = make_config(threaded_server.url_for("/v1"))
        async with pkg.AsyncApiClient(config, max_workers=WORKERS) as client:
            api = pkg.AsyncRealtimeApi(client)
            calls = [api.create_realtime_session(_request(pkg, f"call {i}")) for i in range(CALLS)]
            return await asyncio.gather(*calls)

    answers = asyncio.run(fan_out())
    assert [a.instructions for a in answers] == [f"call {i}" for i in range(CALLS)]
    assert state["peak"] == WORKERS
    assert len(threaded_server.log) == CALLS


def test_async_call_retries_with_one_idempotency_key(
    server: HTTPServer, make_config: Callable[..., Any]
) -> None:
    pkg = openapi_openai()
    serve_sequence(server, [json_response(500, {"error": {}}), json_response(200, session_json())])

    async def call() -> Any:
        async with pkg.AsyncApiClient(make_config(server.url_for("/v1"))) as client:
            return await pkg.AsyncRealtimeApi(client).create_realtime_session_with_http_info(
                _request(pkg, "x")
            )

    data, status, _ = asyncio.run(call())
    assert (status, data.instructions) == (200, "Be brief.")
    keys = {request.headers["Idempotency-Key"] for request, _ in server.log}
    assert len(server.log) == 2 and len(keys) == 1


def test_async_errors_are_the_sync_exceptions(
    server: HTTPServer, make_config: Callable[..., Any]
) -> None:
    pkg = openapi_openai()
    serve_sequence(server, [json_response(404, {"error": {"message": "no such model"}})])

    async def call() -> Any:
        async with pkg.AsyncApiClient(make_config(server.url_for("/v1"))) as client:
            return await pkg.AsyncRealtimeApi(client).create_realtime_session(_request(pkg, "x"))

    with pytest.raises(pkg.NotFoundException) as caught:
        asyncio.run(call())
    assert caught.value.status == 404


def test_cancelling_a_waiting_call_closes_its_connection(
    silent_server: SilentServer, make_config: Callable[..., Any]
) -> None:
    pkg = openapi_openai()
    config = make_config(f"http://127.0.0.1:{silent_server.port}/v1", timeout=(BOUND, 600.0))

    async def cancel_midway() -> None:
        client = pkg.AsyncApiClient(config)
        call = asyncio.ensure_future(
            pkg.AsyncRealtimeApi(client).create_realtime_session(_request(pkg, "x"))
        )
        conn = await asyncio.to_thread(silent_server.first_connection)
        await asyncio.to_thread(request_received, conn)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert await asyncio.to_thread(closed_by_peer, conn)
        # The worker has ended: close() waits for it; no retry opened a second connection.
        await asyncio.wait_for(client.close(), BOUND)
        assert silent_server.connections() == 1

    asyncio.run(cancel_midway())


def test_cancelling_during_a_retry_pause_ends_the_worker(
    server: HTTPServer, make_config: Callable[..., Any]
) -> None:
    pkg = openapi_openai()
    paused = threading.Event()

    def busy(_request: Request) -> Response:
        paused.set()
        return json_response(429, {"error": {}}, headers={"Retry-After": "600"})

    server.expect_request(SESSION_PATH).respond_with_handler(busy)
    # No total timeout: a total shorter than the pause would end the call before the cancel.
    config = make_config(server.url_for("/v1"), max_retry_after=1200.0, timeout=(BOUND, BOUND))

    async def cancel_in_pause() -> None:
        client = pkg.AsyncApiClient(config)
        call = asyncio.ensure_future(
            pkg.AsyncRealtimeApi(client).create_realtime_session(_request(pkg, "x"))
        )
        assert await asyncio.to_thread(paused.wait, BOUND)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        # A pause of 600 s that went on would hold close() past the bound.
        await asyncio.wait_for(client.close(), BOUND)

    asyncio.run(cancel_in_pause())
    assert len(server.log) == 1


STREAM_SPEC = """\
openapi: 3.0.3
info: {title: Chat, version: "1"}
servers: [{url: "http://127.0.0.1"}]
paths:
  /chat:
    post:
      operationId: chat
      responses:
        "200":
          description: events
          content:
            text/event-stream:
              schema: {$ref: "#/components/schemas/Chunk"}
components:
  schemas:
    Chunk:
      type: object
      properties:
        n: {type: integer}
"""


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A client whose one operation answers with server-sent events."""
    return generate_inline(tmp_path_factory.mktemp("chat"), STREAM_SPEC, package="async_chat")


def test_async_for_reads_a_stream(chat: Any, server: HTTPServer) -> None:
    body = "".join(f'data: {{"n": {n}}}\n\n' for n in range(5)) + "data: [DONE]\n\n"
    server.expect_request("/chat").respond_with_data(body, content_type="text/event-stream")

    async def read() -> list[Any]:
        config = chat.Configuration(server.url_for(""))
        async with chat.AsyncApiClient(config) as client:
            stream = await chat.AsyncChatApi(client).chat()
            return [event async for event in stream]

    assert asyncio.run(read()) == [chat.Chunk(n=n) for n in range(5)]


async def _open_stream(
    chat: Any, client: Any, silent_server: SilentServer, first: bytes
) -> tuple[Any, socket.socket]:
    """A streamed call the silent server answers by hand: headers and ``first``, then nothing."""
    call = asyncio.ensure_future(chat.AsyncChatApi(client).chat())
    conn = await asyncio.to_thread(silent_server.first_connection)
    await asyncio.to_thread(request_received, conn)
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n" + first
    )
    return await call, conn


def test_closing_a_stream_early_closes_its_connection(
    chat: Any, silent_server: SilentServer
) -> None:
    async def read_one() -> Any:
        config = chat.Configuration(f"http://127.0.0.1:{silent_server.port}")
        async with chat.AsyncApiClient(config) as client:
            # One event; the stream then stays open, as a slow model's would.
            first = _chunk(b'data: {"n": 1}\n\n')
            stream, conn = await _open_stream(chat, client, silent_server, first)
            async with stream:
                event = await anext(stream)
            assert await asyncio.to_thread(closed_by_peer, conn)
            return event

    assert asyncio.run(read_one()) == chat.Chunk(n=1)


def test_cancelling_a_stream_read_closes_its_connection(
    chat: Any, silent_server: SilentServer
) -> None:
    async def cancel_read() -> None:
        config = chat.Configuration(f"http://127.0.0.1:{silent_server.port}")
        async with chat.AsyncApiClient(config) as client:
            stream, conn = await _open_stream(chat, client, silent_server, b"")
            read = asyncio.ensure_future(anext(stream))
            # The read is blocked in its worker: nothing more will arrive.
            await asyncio.sleep(0)
            read.cancel()
            with pytest.raises(asyncio.CancelledError):
                await read
            assert await asyncio.to_thread(closed_by_peer, conn)

    asyncio.run(cancel_read())


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def test_async_names_are_exported(chat: Any, tmp_path: Path) -> None:
    assert {"AsyncApiClient", "AsyncStream", "AsyncChatApi"} <= set(chat.__all__)
    assert (Path(chat.__file__).parent / "async_client.py").is_file()


USER_CODE = """\
import asyncio

from async_chat import AsyncApiClient, AsyncChatApi, AsyncStream, Chunk, Configuration
from async_chat.streams import UnknownEvent


async def total() -> int:
    async with AsyncApiClient(Configuration("http://127.0.0.1:9")) as client:
        stream: AsyncStream[Chunk | UnknownEvent] = await AsyncChatApi(client).chat()
        async with stream:
            return sum([c.n async for c in stream if isinstance(c, Chunk) and isinstance(c.n, int)])


print(asyncio.run(total()) + 1)
"""


def test_user_code_of_the_async_twin_is_mypy_strict_clean(chat: Any, tmp_path: Path) -> None:
    package_root = Path(chat.__file__).parent.parent
    # The same program with a wrong annotation must fail: the check sees the real types.
    wrong = USER_CODE.replace("AsyncStream[Chunk | UnknownEvent]", "AsyncStream[str]")
    said = mypy_refusal(USER_CODE, wrong, folder=tmp_path, mypypath=package_root)
    assert "AsyncStream[Chunk | UnknownEvent]" in said, said


PAGES_SPEC = """\
openapi: 3.0.3
info: {title: Pages, version: "1"}
servers: [{url: "http://127.0.0.1"}]
paths:
  /files:
    get:
      operationId: listFiles
      parameters:
        - {name: after, in: query, schema: {type: string}}
      responses:
        "200":
          description: a page
          content:
            application/json:
              schema:
                type: object
                required: [data, has_more]
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/File"}}
                  last_id: {type: string}
                  has_more: {type: boolean}
components:
  schemas:
    File:
      type: object
      required: [id]
      properties:
        id: {type: string}
"""


def test_async_iter_walks_every_page(tmp_path: Path, server: HTTPServer) -> None:
    pages = generate_inline(tmp_path, PAGES_SPEC, package="async_pages")
    ids = [f"f{n}" for n in range(5)]

    def page(request: Request) -> Response:
        after = request.args.get("after")
        start = ids.index(after) + 1 if after else 0
        chunk = ids[start : start + 2]
        body = {"data": [{"id": i} for i in chunk], "has_more": start + 2 < len(ids)}
        return json_response(200, {**body, "last_id": chunk[-1]})

    server.expect_request("/files").respond_with_handler(page)

    async def walk() -> list[str]:
        async with pages.AsyncApiClient(pages.Configuration(server.url_for(""))) as client:
            api = pages.AsyncFilesApi(client)
            return [item.id_ async for item in api.list_files_iter()]

    assert asyncio.run(walk()) == ids
    assert len(server.log) == 3


AUDIO_SPEC = """\
openapi: 3.0.3
info: {title: Audio, version: "1"}
servers: [{url: "http://127.0.0.1"}]
paths:
  /speech:
    get:
      operationId: getSpeech
      responses:
        "200":
          description: audio
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
"""


def test_async_chunks_of_a_binary_answer(tmp_path: Path, server: HTTPServer) -> None:
    audio = generate_inline(tmp_path, AUDIO_SPEC, package="async_audio")
    sound = bytes(range(256)) * 1024
    server.expect_request("/speech").respond_with_data(
        sound, content_type="application/octet-stream"
    )

    async def read() -> bytes:
        async with audio.AsyncApiClient(audio.Configuration(server.url_for(""))) as client:
            stream = await audio.AsyncSpeechApi(client).get_speech_chunks()
            return b"".join([chunk async for chunk in stream])

    assert asyncio.run(read()) == sound

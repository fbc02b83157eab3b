"""A loopback server streaming chat completion chunks as OpenAI sends them (server-sent events).

Run as ``python -m bench.sse STREAM_FILE``: prints the port, serves until stdin closes. Every
POST is answered with the same bytes: a chunked ``text/event-stream`` response, one HTTP chunk
per event as OpenAI flushes them, ending with ``data: [DONE]``. The response goes out in
writes of ``SLICE`` bytes, an odd size, so event after event is cut between two writes (and
two TCP segments with Nagle off) at a different point each time.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
from pathlib import Path

from .server import content_length

SLICE = 1371
_HEAD = (
    b"HTTP/1.1 200 OK\r\n"
    b"Content-Type: text/event-stream; charset=utf-8\r\n"
    b"Transfer-Encoding: chunked\r\n"
    b"Connection: keep-alive\r\n"
    b"x-request-id: req_bench_stream\r\n\r\n"
)
_WORDS = ("Hello", " there", ",", " how", " can", " I", " help", " you", " today", "?")


def chunk_event(number: int, count: int) -> dict[str, object]:
    """Chunk ``number`` of ``count``: the role first, a word each, a finish reason last."""
    delta: dict[str, object] = {"content": _WORDS[number % len(_WORDS)]}
    if number == 0:
        delta = {"role": "assistant", "content": "", "refusal": None}
    last = number == count - 1
    return {
        "id": "chatcmpl-BxQ2bench0000000000000000000",
        "object": "chat.completion.chunk",
        "created": 1733100000,
        "model": "gpt-4o-2024-08-06",
        "service_tier": "default",
        "system_fingerprint": "fp_50cad350e4",
        "choices": [
            {
                "index": 0,
                "delta": {} if last else delta,
                "logprobs": None,
                "finish_reason": "stop" if last else None,
            }
        ],
    }


def stream_body(count: int) -> bytes:
    """The whole response: head, one chunk per event, ``[DONE]``, the last chunk."""
    pieces = [_HEAD]
    for number in range(count):
        event = b"data: " + json.dumps(chunk_event(number, count)).encode() + b"\n\n"
        pieces.append(b"%x\r\n%s\r\n" % (len(event), event))
    done = b"data: [DONE]\n\n"
    pieces.append(b"%x\r\n%s\r\n0\r\n\r\n" % (len(done), done))
    return b"".join(pieces)


def _serve_connection(connection: socket.socket, reply: bytes) -> None:
    """Answer each request on a keep-alive connection with the stream."""
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buffer = b""
    with connection:
        while True:
            while (end := buffer.find(b"\r\n\r\n")) < 0:
                data = connection.recv(65536)
                if not data:
                    return
                buffer += data
            length = content_length(buffer[:end])
            while len(buffer) < end + 4 + length:
                data = connection.recv(65536)
                if not data:
                    return
                buffer += data
            buffer = buffer[end + 4 + length :]
            try:
                for start in range(0, len(reply), SLICE):
                    connection.sendall(reply[start : start + SLICE])
            except OSError:  # the client stopped reading early
                return


def main() -> None:
    """Entry point: ``python -m bench.sse STREAM_FILE``."""
    reply = Path(sys.argv[1]).read_bytes()
    listener = socket.create_server(("127.0.0.1", 0), backlog=64)
    print(listener.getsockname()[1], flush=True)

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:  # closed below: the parent is done
                return
            threading.Thread(
                target=_serve_connection, args=(connection, reply), daemon=True
            ).start()

    threading.Thread(target=accept, daemon=True).start()
    sys.stdin.read()  # serve until the parent closes our stdin (or ends us by pid)
    listener.close()


if __name__ == "__main__":
    main()

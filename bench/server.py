"""Loopback HTTP/1.1 keep-alive server answering every request with one canned JSON body.

Run as ``python -m bench.server BODY_FILE [DELAY]``: prints the port, serves until stdin
closes. It parses only what keep-alive needs (the header end and Content-Length), so the
server's share of a call is as small and as equal for every client as it can be. With DELAY
(seconds; figure 8), each answer is sent that long after its request, in order.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path


class _Canned(asyncio.Protocol):
    def __init__(self, reply: bytes, delay: float | None) -> None:
        self.reply, self.delay = reply, delay
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            length = content_length(self.buffer[:end])
            total = end + 4 + length
            if len(self.buffer) < total:
                return
            self.buffer = self.buffer[total:]
            assert self.transport is not None
            if self.delay is None:
                self.transport.write(self.reply)
            else:  # scheduled even for a delay of 0, as figure 8 has always measured it
                loop = asyncio.get_running_loop()
                loop.call_later(self.delay, self.transport.write, self.reply)


def content_length(head: bytes) -> int:
    """The Content-Length of a request head (0 when it has none)."""
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def reply_bytes(body: bytes) -> bytes:
    """A complete HTTP/1.1 200 response carrying ``body`` as JSON."""
    head = (
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


async def _serve(body: bytes, delay: float | None) -> None:
    loop = asyncio.get_running_loop()
    reply = reply_bytes(body)
    # Figure 8 opens 200 connections at once: the backlog takes them all.
    server = await loop.create_server(lambda: _Canned(reply, delay), "127.0.0.1", 0, backlog=512)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    # Serve until the parent closes our stdin (or ends us by pid).
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


def main() -> None:
    """Entry point: ``python -m bench.server BODY_FILE [DELAY]``."""
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else None
    asyncio.run(_serve(Path(sys.argv[1]).read_bytes(), delay))


if __name__ == "__main__":
    main()

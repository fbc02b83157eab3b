"""A loopback server that misbehaves on purpose: raw bytes on a real socket, answer by answer.

``HostileServer(respond)`` serves on 127.0.0.1 (or the host given) in threads of this process.
For each request, ``respond(request)`` yields what to do: ``bytes`` are written as they are, a
``float`` pauses that many seconds. Connections are kept open between requests, as a real
server does, so a reply left unread would reach the next request on the connection
(``keep_alive=False`` closes each one after its reply).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["HostileServer", "Request", "response"]


@dataclass
class Request:
    """One request as the server read it."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def response(status: int, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    """A well-formed HTTP/1.1 response with a Content-Length."""
    lines = [f"HTTP/1.1 {status} Whatever"]
    fields = {"Content-Type": "application/json", "Content-Length": str(len(body))}
    fields.update(headers or {})
    lines += [f"{name}: {value}" for name, value in fields.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class HostileServer:
    """Answers every request with what ``respond`` yields; counts connections the client ended."""

    def __init__(
        self,
        respond: Callable[[Request], Iterable[bytes | float]],
        host: str = "127.0.0.1",
        *,
        keep_alive: bool = True,
    ) -> None:
        self.respond = respond
        self.keep_alive = keep_alive
        self.sock = socket.create_server((host, 0))
        self.url = f"http://{host}:{self.sock.getsockname()[1]}"
        self.requests = 0
        self.ended = 0  # connections closed by the client (EOF or reset)
        self._lock = threading.Condition()
        self._open: list[socket.socket] = []
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self._threads[0].start()

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait_ended(self, count: int, timeout: float = 10.0) -> bool:
        """Whether ``count`` connections were ended by the client within ``timeout`` seconds."""
        with self._lock:
            return self._lock.wait_for(lambda: self.ended >= count, timeout)

    def stop(self) -> None:
        """Close the listening socket and every connection; join the threads."""
        # shutdown wakes the thread blocked in accept(); close alone does not on Linux.
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        with self._lock:
            for conn in self._open:
                _close(conn)
        for thread in self._threads:
            thread.join(5)

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self._lock:
                self._open.append(conn)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        ended = False
        try:
            while (request := _read_request(reader)) is not None:
                with self._lock:
                    self.requests += 1
                for piece in self.respond(request):
                    if isinstance(piece, float):
                        time.sleep(piece)
                    else:
                        conn.sendall(piece)
                if not self.keep_alive:
                    return  # a body without framing ends where the connection does
            ended = True
        except OSError:
            ended = True  # the client closed the connection while we wrote
        finally:
            reader.close()
            _close(conn)
            with self._lock:
                self.ended += ended
                self._lock.notify_all()


def _read_request(reader: Any) -> Request | None:
    """The next request on a connection, or None when the client closed it."""
    readline = reader.readline
    line = readline(65537)
    if not line.strip():
        return None
    method, path, _ = line.decode("latin-1").split(" ", 2)
    request = Request(method, path)
    while (header := readline(65537)) not in (b"\r\n", b"\n", b""):
        name, _, value = header.decode("latin-1").partition(":")
        request.headers[name.strip().lower()] = value.strip()
    length = int(request.headers.get("content-length") or 0)
    request.body = reader.read(length) if length else b""
    return request


def _close(conn: socket.socket) -> None:
    try:
        conn.close()
    except OSError:
        pass

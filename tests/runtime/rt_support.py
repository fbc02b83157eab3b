"""Helpers shared by the runtime tests: canaries, responses, a silent server, inline specs."""

from __future__ import annotations

import importlib
import json
import socket
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from oapigen import Config, generate

ROOT = Path(__file__).resolve().parents[2]
# The committed client is tested as users get it: imported from generated/.
if str(ROOT / "generated") not in sys.path:
    sys.path.insert(0, str(ROOT / "generated"))


def openapi_openai() -> Any:
    """The generated Realtime package (from generated/, put on sys.path above)."""
    return importlib.import_module("openapi_openai")


def status_errors() -> dict[int, type[Exception]]:
    """The class the generated client raises for each status it names, as its docs list them."""
    pkg = openapi_openai()
    return {
        400: pkg.BadRequestException,
        401: pkg.UnauthorizedException,
        403: pkg.ForbiddenException,
        404: pkg.NotFoundException,
        409: pkg.ConflictException,
        422: pkg.UnprocessableEntityException,
        429: pkg.RateLimitException,
        500: pkg.ServiceException,
    }


CANARY_KEY = "sk-canary-KEY-4f1c9e2b7a"
CANARY_EK = "ek_canary_EPHEMERAL_93d0c1"
SESSION_PATH = "/v1/realtime/sessions"


def session_json(secret: str = CANARY_EK) -> dict[str, Any]:
    """A realtime session response carrying an ephemeral key."""
    return {
        "client_secret": {"value": secret, "expires_at": 1737000000},
        "modalities": ["text", "audio"],
        "instructions": "Be brief.",
        "voice": "alloy",
        "temperature": 0.8,
    }


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    """A werkzeug JSON response."""
    return Response(
        json.dumps(payload),
        status=status,
        headers=headers,
        content_type="application/json",
    )


def id_items(ids: list[str]) -> list[dict[str, str]]:
    """The items of a page, each ``{"id": ...}``."""
    return [{"id": i} for i in ids]


def queries(server: HTTPServer) -> list[dict[str, str]]:
    """The query parameters of every request ``server`` received, in order."""
    return [dict(request.args) for request, _ in server.log]


def serve_sequence(server: HTTPServer, responses: list[Response], path: str = SESSION_PATH) -> None:
    """Answer successive requests to ``path`` with ``responses``, repeating the last one."""
    lock = threading.Lock()
    queue = list(responses)

    def handler(_request: Request) -> Response:
        with lock:
            return queue.pop(0) if len(queue) > 1 else queue[0]

    server.expect_request(path).respond_with_handler(handler)


def session_request() -> Any:
    """The smallest valid request body."""
    return openapi_openai().RealtimeSessionCreateRequest(model="gpt-4o-realtime-preview")


# Every wait for the loopback peer gives up after this many seconds (a failure, never a pass).
BOUND = 20.0


@contextmanager
def serving(server: HTTPServer) -> Iterator[HTTPServer]:
    """Body of a fixture: ``server`` (a pytest-httpserver on 127.0.0.1) started, then stopped."""
    server.start()
    try:
        yield server
    finally:
        server.clear()
        if server.is_running():
            server.stop()


class SilentServer:
    """Accepts connections on 127.0.0.1 and never answers: every read times out."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port: int = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._peers: list[Any] = []  # each accepted connection's client address, in order
        self._arrived = threading.Condition()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, peer = self.sock.accept()
            except OSError:
                return
            with self._arrived:
                self.accepted.append(conn)
                self._peers.append(peer)
                self._arrived.notify_all()

    def first_connection(self) -> socket.socket:
        """The first connection accepted, waited for (at most BOUND seconds)."""
        with self._arrived:
            assert self._arrived.wait_for(lambda: self.accepted, BOUND), "no connection arrived"
            return self.accepted[0]

    def connections(self) -> int:
        """How many connections clients have opened so far, each accepted or not yet.

        A connection still waiting in the listen queue is not in ``accepted`` yet; one of our
        own, opened now and so queued behind every earlier one, is accepted after them all.
        """
        with socket.create_connection(("127.0.0.1", self.port), timeout=BOUND) as marker:
            name = marker.getsockname()
            with self._arrived:
                assert self._arrived.wait_for(lambda: name in self._peers, BOUND)
                index = self._peers.index(name)
                del self._peers[index]
                self.accepted.pop(index).close()
        return index

    def close(self) -> None:
        """Stop accepting and drop every connection."""
        # shutdown wakes the thread blocked in accept(); close alone does not on Linux.
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self._thread.join(timeout=BOUND)
        for conn in self.accepted:
            conn.close()


def request_received(conn: socket.socket) -> bytes:
    """The request head a client sent on ``conn`` (waited for, at most BOUND seconds)."""
    conn.settimeout(BOUND)
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = conn.recv(65536)
        assert chunk, "the client closed before sending its request"
        received += chunk
    return received


def closed_by_peer(conn: socket.socket) -> bool:
    """Whether the client closed ``conn``: a read returns end-of-file (within BOUND seconds)."""
    conn.settimeout(BOUND)
    try:
        while chunk := conn.recv(65536):
            del chunk  # the rest of the request body; the close comes after it
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True
    return True


@contextmanager
def refusing_port() -> Iterator[int]:
    """A loopback port bound but not listening, so connections to it are refused.

    Held for the test: a port merely closed again could be taken by another process meanwhile.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def generate_inline(tmp_root: Path, spec_text: str, **config: Any) -> Any:
    """Generate a client for an inline spec under ``tmp_root`` and import its package."""
    spec = tmp_root / "spec.yaml"
    spec.write_text(textwrap.dedent(spec_text), encoding="utf-8")
    out = tmp_root / "out"
    generate(Config(spec=spec, out=out, root=tmp_root, use_cache=False, **config))
    package = config["package"]
    # A package of that name imported earlier (another spec, another test) would be returned
    # from sys.modules instead of this one, and what a test saw would hang on the test order.
    for name in [n for n in sys.modules if n == package or n.startswith(f"{package}.")]:
        del sys.modules[name]
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


def hostile_server() -> Any:
    """The hostile loopback server shipped with every client's tests (one copy of its code)."""
    folder = str(ROOT / "templates" / "tests")
    if folder not in sys.path:
        sys.path.append(folder)
    return importlib.import_module("hostile_server")

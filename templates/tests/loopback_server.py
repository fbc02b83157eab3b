"""A stdlib HTTP server for these tests: answers each route with the spec's example response.

Run as ``python loopback_server.py routes.json``; it prints its port on the first line of stdout.
A test picks the status it wants with the ``X-Mock-Status`` request header (default 200). Every
answer names the route that matched in ``X-Mock-Route`` and the kind of the request body in
``X-Mock-Body`` (``json``, ``form``, ``multipart``, ``other`` or ``empty``), so a test can tell a
right answer to the wrong request; a form body comes back read as Rails and Stripe read one
(``a[b][0]=v``), as JSON in ``X-Mock-Form``. A route that needs
credentials answers 401 unless the request carries one of them as the spec places it (bearer or
basic Authorization, an API key in a header, the query or a cookie), with the values below.
"""

from __future__ import annotations

import base64
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

_REASONS_WITHOUT_BODY = {204, 304}
# The route has no body for the status (a JSON null example is a body: None).
_NO_BODY = object()
# The credentials conftest.py gives the client.
TOKEN = "sk-test"
BASIC = "Basic " + base64.b64encode(b"user:secret").decode("ascii")


def load_routes(path: Path) -> list[tuple[str, re.Pattern[str], dict[str, Any]]]:
    """Routes from the JSON file the generator wrote beside this module."""
    routes = json.loads(path.read_text(encoding="utf-8"))
    routes.sort(key=lambda r: -len(r["query"]))  # "/responses?beta=true" before "/responses"
    return [(r["method"], re.compile(r["pattern"]), r) for r in routes]


class Handler(BaseHTTPRequestHandler):
    """Matches method and path, checks the bearer token, sends the example body."""

    routes: list[tuple[str, re.Pattern[str], dict[str, Any]]] = []
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: pytest shows the test's own output."""

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        target = urlsplit(self.path)
        path, query = target.path, dict(parse_qsl(target.query))
        matches = [
            route
            for method, pattern, route in self.routes
            if method == self.command
            and pattern.match(path)
            and route["query"].items() <= query.items()
        ]
        if matches:
            # Variants of one operation (streamed, one per media type) share its path: the
            # Accept header each sends tells them apart.
            accept = self.headers.get("Accept", "")
            wants_events = "text/event-stream" in accept
            # A concrete path wins over a templated one (/stream/keys over /stream/{id}).
            matches.sort(
                key=lambda r: (
                    ("events" in r) != wants_events,
                    r["accept"] != accept,
                    r["route"].count("{"),
                )
            )
            chosen = matches[0]
            self._answer(chosen, raw, query)
            return
        self._send(404, {"error": {"message": f"no route for {self.command} {path}"}}, "none", raw)

    def _answer(self, route: dict[str, Any], raw: bytes, query: dict[str, str]) -> None:
        checks = route["auth"]
        if checks and not any(self._carries(*check, query=query) for check in checks):
            self._send(401, {"error": {"message": "missing credentials"}}, route["route"], raw)
            return
        status = int(self.headers.get("X-Mock-Status") or route["status"])
        bodies = route["bodies"]
        if "events" in route and status == route["status"]:
            self._send_events(status, route["events"], route["route"], raw)
        elif str(status) in bodies:  # JSON null is a body ("null"), unlike a missing entry
            body = bodies[str(status)]
            self._send(status, body, route["route"], raw, media_type=route["content_type"])
        elif status >= 400:
            error = {"error": {"message": f"mock error {status}", "type": "mock"}}
            self._send(status, error, route["route"], raw)
        else:
            self._send(status, _NO_BODY, route["route"], raw)

    def _carries(self, where: str, name: str, prefix: str, *, query: dict[str, str]) -> bool:
        """Whether the request carries the credential placed at ``where`` under ``name``."""
        if where == "basic":
            return self.headers.get(name) == BASIC
        if where == "header":
            return self.headers.get(name) == prefix + TOKEN
        if where == "query":
            return query.get(name) == TOKEN
        crumbs = (c.strip() for c in self.headers.get("Cookie", "").split(";"))
        return f"{name}={TOKEN}" in crumbs

    def _send(
        self,
        status: int,
        body: Any,
        route: str,
        raw: bytes,
        *,
        media_type: str = "application/json",
    ) -> None:
        empty = body is _NO_BODY or status in _REASONS_WITHOUT_BODY
        data = b"" if empty else _encode(body, media_type)
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Mock-Route", route)
        self._describe_body(raw)
        self.end_headers()
        self.wfile.write(data)

    def _describe_body(self, raw: bytes) -> None:
        """``X-Mock-Body``, and ``X-Mock-Form`` for a form body."""
        kind = _body_kind(raw, self.headers.get("Content-Type", ""))
        self.send_header("X-Mock-Body", kind)
        if kind == "form":
            self.send_header("X-Mock-Form", json.dumps(read_form(raw.decode("ascii"))))

    def _send_events(self, status: int, events: list[Any], route: str, raw: bytes) -> None:
        """A text/event-stream body: one ``data:`` line per event, each ending its event."""
        data = "".join(f"data: {json.dumps(event)}\n\n" for event in events).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Mock-Route", route)
        self._describe_body(raw)
        self.end_headers()
        self.wfile.write(data)

    # Every method an OpenAPI path item may hold; http.server answers any other with 501.
    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_TRACE = _handle


def _encode(body: Any, media_type: str) -> bytes:
    """The body in its media type: JSON as JSON, a text example as its own characters."""
    if "json" in media_type or not isinstance(body, str):
        return json.dumps(body).encode()
    return body.encode("utf-8")


def _body_kind(raw: bytes, content_type: str) -> str:
    media = content_type.partition(";")[0].strip().lower()
    if not raw:
        return "empty"
    if media == "application/x-www-form-urlencoded":
        try:
            parse_qsl(raw.decode("ascii"), keep_blank_values=True, strict_parsing=True)
        except ValueError:  # UnicodeDecodeError too
            return "other"
        return "form"
    if media == "multipart/form-data":
        return "multipart" if "boundary=" in content_type else "other"
    try:
        json.loads(raw)
    except ValueError:
        return "other"
    return "json"


_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def read_form(text: str) -> Any:
    """A form body as nested values: ``a=1&a=2`` a list, ``a[b]`` an object, ``a[0]`` a list."""
    tree: dict[str, Any] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        name, _, rest = key.partition("[")
        path = [name, *_BRACKETS.findall("[" + rest)] if rest else [name]
        node = tree
        for step in path[:-1]:
            child = node.get(step)
            node = child if isinstance(child, dict) else node.setdefault(step, {})
        last = path[-1]
        if last in node:  # a repeated plain key: form style, exploded
            before = node[last]
            node[last] = [*(before if isinstance(before, list) else [before]), value]
        else:
            node[last] = value
    return _lists(tree)


def _lists(node: Any) -> Any:
    """Objects keyed 0, 1, ... n-1 (brackets around indices) as lists."""
    if not isinstance(node, dict):
        return node
    items = {key: _lists(value) for key, value in node.items()}
    if items and sorted(items) == sorted(str(i) for i in range(len(items))):
        return [items[str(i)] for i in range(len(items))]
    return items


def main() -> None:
    """Serve until killed; the port goes to stdout."""
    Handler.routes = load_routes(Path(sys.argv[1]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

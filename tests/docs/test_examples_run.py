"""Every ```python block of the generated docs runs against a loopback server (spec examples)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from generator.examples import operation_response_examples
from generator.load import load_spec

from .conftest import GENERATED, ROOT, doc_pages, python_blocks

SPEC = ROOT / "spec/realtime_sessions.yaml"
API_KEY = "dummy-docs-test-key"


def _routes() -> list[tuple[str, re.Pattern[str], bytes]]:
    """(method, path pattern, example response body) for every operation of the spec."""
    document = load_spec(SPEC)
    routes = []
    for path, item in document["paths"].items():
        for method, op in item.items():
            examples = operation_response_examples(op)
            pattern = re.compile(
                "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "$"
            )
            body = json.dumps(examples[0]).encode() if examples else b"{}"
            routes.append((method.upper(), pattern, body))
    return routes


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[list[tuple[str, re.Pattern[str], bytes]]] = []
    seen: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        sent = self.rfile.read(length) if length else b""
        path = self.path.split("?")[0].removeprefix("/v1")
        self.seen.append(
            {
                "method": self.command,
                "path": path,
                "auth": self.headers.get("Authorization"),
                "body": sent,
            }
        )
        for method, pattern, body in self.routes:
            if method == self.command and pattern.match(path):
                self._send(200, body)
                return
        self._send(404, b'{"error": {"message": "no such route"}}')

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test reads ``seen`` instead."""


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    _Handler.routes = _routes()
    _Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", _Handler.seen
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def _blocks() -> list[tuple[str, str]]:
    found = []
    for page in doc_pages():
        for i, block in enumerate(python_blocks(page.read_text(encoding="utf-8"))):
            found.append((f"{page.relative_to(GENERATED).as_posix()}[{i}]", block))
    return found


BLOCKS = _blocks()


def _run(code: str, base_url: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update(
        PYTHONPATH=str(GENERATED), OPENAI_BASE_URL=base_url, OPENAI_API_KEY=API_KEY
    )
    return subprocess.run(
        [sys.executable, str(script)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_blocks_were_found() -> None:
    names = [name for name, _ in BLOCKS]
    assert "docs/RealtimeApi.md[0]" in names and "docs/RealtimeApi.md[1]" in names
    assert "README.md[0]" in names
    assert len(BLOCKS) == 12  # two per operation, one per model, one in the README


@pytest.mark.parametrize(("name", "code"), BLOCKS, ids=[name for name, _ in BLOCKS])
def test_block_exits_zero(
    name: str, code: str, server: tuple[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    base_url, seen = server
    before = len(seen)
    result = _run(code, base_url, tmp_path)
    assert result.returncode == 0, f"{name}:\n{result.stdout}\n{result.stderr}"
    calls = seen[before:]
    if "api_instance." in code:
        assert [c["path"] for c in calls] == ["/realtime/sessions"]
        assert calls[0]["auth"] == f"Bearer {API_KEY}"
        assert json.loads(calls[0]["body"])["model"].startswith("gpt-4o")
        assert "RealtimeSessionCreateResponse(" in result.stdout
    else:
        assert calls == []
        assert result.stdout.strip()


def test_a_failing_call_makes_the_program_fail(
    server: tuple[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    """The examples turn an API error into a non-zero exit, so the runs above can fail."""
    code = dict(BLOCKS)["docs/RealtimeApi.md[0]"]
    result = _run(code, server[0].removesuffix("/v1") + "/elsewhere", tmp_path)
    assert result.returncode == 1
    assert (
        "Error when calling RealtimeApi->create_realtime_session: HTTP 404"
        in result.stderr
    )


def test_no_literal_secrets_in_the_docs() -> None:
    for page in doc_pages():
        text = page.read_text(encoding="utf-8")
        assert (
            "ek_abc123" not in text
        ), page  # the secret in the spec's example response
        assert not re.search(r"\bsk-[A-Za-z0-9]", text), page
        for block in python_blocks(text):
            if "Configuration(" in block:
                assert 'os.environ["OPENAI_API_KEY"]' in block

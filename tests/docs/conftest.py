"""Docs test helpers: the generated pages, their links and Python blocks, an IR builder."""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import yaml

from oapigen import ir
from oapigen.build import build_client
from oapigen.build.examples import operation_response_examples
from oapigen.config import Config, load_config
from oapigen.diagnostics import Collector
from oapigen.pipeline import validate
from oapigen.render.docs import render_docs
from oapigen.spec.load import load_spec

from ..commands import importable, run_python

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DUMMY_KEY = "dummy-docs-test-key"

_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_HTML_ID = re.compile(r"<a\s+id=\"([^\"]+)\"")
_FENCE = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def doc_pages(root: Path = GENERATED) -> list[Path]:
    """README.md and every page under docs/."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def slug(heading: str) -> str:
    """The id Python-Markdown's toc extension (MkDocs) gives a heading."""
    text = re.sub(r"<[^>]+>", "", heading)
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors(text: str) -> set[str]:
    """Every id a page defines: heading slugs (GitHub keeps the same ones) and explicit ids."""
    without_code = re.sub(r"^```.*?^```$", "", text, flags=re.MULTILINE | re.DOTALL)
    return {slug(h) for h in _HEADING.findall(without_code)} | set(_HTML_ID.findall(text))


def broken_links(page: Path) -> list[str]:
    """Relative links of ``page`` whose file or #anchor does not exist."""
    text = page.read_text(encoding="utf-8")
    prose = re.sub(r"^```.*?^```$", "", text, flags=re.MULTILINE | re.DOTALL)
    broken = []
    for target in _LINK.findall(prose):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue
        path, _, fragment = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.is_file():
            broken.append(f"{target} (no file)")
        elif fragment and fragment not in anchors(file.read_text(encoding="utf-8")):
            broken.append(f"{target} (no anchor)")
    return broken


def python_blocks(text: str) -> list[str]:
    """The bodies of the ```python fences of a Markdown page."""
    return _FENCE.findall(text)


def docs_for(client: ir.Client, **options: Any) -> dict[str, str]:
    """The doc pages of ``client``."""
    return render_docs(client, **options)


def build_ir(spec: dict[str, Any] | Path, tmp_path: Path, **config: Any) -> ir.Client:
    """Load, validate and build a spec (a dict is written to tmp_path first) into the IR."""
    if isinstance(spec, dict):
        path = tmp_path / "spec.yaml"
        path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    else:
        path = spec
    # A spec file is built with this repo's [tool.oapigen] (the names generated/ has).
    base = Config(root=tmp_path) if isinstance(spec, dict) else load_config(ROOT)
    settings = base.with_overrides(spec=path, **config)
    diags = Collector(path.name)
    document = validate(load_spec(path), diags, lenient=False)
    diags.raise_if_errors()
    client = build_client(document, diags, settings)
    diags.raise_if_errors()
    return client


Route = tuple[str, re.Pattern[str], int, bytes]


def spec_routes(spec: Path) -> list[Route]:
    """(method, path pattern, status, body) per operation: its x-oaiMeta example response."""
    routes = []
    for path, item in load_spec(spec)["paths"].items():
        for method, op in item.items():
            examples = operation_response_examples(op)
            pattern = re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "$")
            status = int(next(s for s in op["responses"] if str(s).startswith("2")))
            body = json.dumps(examples[0]).encode() if examples else b""
            routes.append((method.upper(), pattern, status, body))
    return routes


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[list[Route]] = []
    prefix: ClassVar[str] = ""
    seen: ClassVar[list[dict[str, Any]]] = []

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_DELETE(self) -> None:
        self._answer()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        sent = self.rfile.read(length) if length else b""
        path = self.path.split("?")[0].removeprefix(self.prefix)
        self.seen.append(
            {
                "method": self.command,
                "path": path,
                "query": self.path.partition("?")[2],
                "auth": self.headers.get("Authorization"),
                "body": sent,
            }
        )
        for method, pattern, status, body in self.routes:
            if method == self.command and pattern.match(path):
                self._send(status, body)
                return
        self._send(404, b'{"error": {"message": "no such route"}}')

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        if body:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``seen`` instead."""


@contextmanager
def example_server(spec: Path, prefix: str) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A loopback server answering the spec's operations with their example responses."""
    handler = type(
        "Handler",
        (_Handler,),
        {"routes": spec_routes(spec), "prefix": prefix, "seen": []},
    )
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}", handler.seen
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def run_example(
    code: str, package_root: Path, base_url: str, tmp_path: Path, env_prefix: str = "OPENAI"
) -> subprocess.CompletedProcess[str]:
    """Run one docs code block as a program, with a dummy key and the base URL set.

    ``env_prefix``: the client's environment variables are PREFIX_BASE_URL and PREFIX_API_KEY.
    """
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    env = {k: v for k, v in importable(package_root).items() if not k.startswith(f"{env_prefix}_")}
    env.update({f"{env_prefix}_BASE_URL": base_url, f"{env_prefix}_API_KEY": DUMMY_KEY})
    return run_python(str(script), cwd=tmp_path, env=env, timeout=120)

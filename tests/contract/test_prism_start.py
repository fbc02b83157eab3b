"""Prism's start-up wait: a port another server took first is never mistaken for Prism."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import prism_server
import pytest
from client_helpers import SPEC


class _Quiet(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(404)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


def test_a_port_another_server_holds_is_not_taken_for_prism(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The probed port is taken before Prism binds it, by a server that answers HTTP too."""
    other = http.server.HTTPServer(("127.0.0.1", 0), _Quiet)
    serving = threading.Thread(target=other.serve_forever, daemon=True)
    serving.start()
    try:
        monkeypatch.setattr(prism_server, "free_port", lambda: other.server_port)
        with pytest.raises(RuntimeError, match="Prism found no free port"):
            prism_server.start_prism(SPEC, dynamic=False, log_dir=tmp_path)
    finally:
        other.shutdown()
        other.server_close()
        serving.join()

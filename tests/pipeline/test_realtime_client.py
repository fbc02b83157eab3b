"""The generated Realtime client, end to end against a loopback server."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from oapigen.build.examples import operation_response_examples

from ..black_check import would_reformat
from .conftest import ROOT

sys.path.insert(0, str(ROOT / "generated"))
import openapi_openai

SPEC = yaml.safe_load((ROOT / "spec" / "realtime_sessions.yaml").read_text(encoding="utf-8"))
EXAMPLE = operation_response_examples(SPEC["paths"]["/realtime/sessions"]["post"])[0]


class _Recorder(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, Any]]] = []
    reply: tuple[int, bytes] = (200, b"{}")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        status, payload = type(self).reply
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[type[_Recorder]]:
    handler = type("Handler", (_Recorder,), {"requests": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield handler
    httpd.shutdown()
    httpd.server_close()


def _api(url: str) -> Any:
    config = openapi_openai.Configuration(host=url, access_token="sk-test-token")
    return openapi_openai.RealtimeApi(openapi_openai.ApiClient(config))


def test_spec_example_round_trips() -> None:
    response = openapi_openai.RealtimeSessionCreateResponse.from_dict(EXAMPLE)
    assert response.to_dict() == EXAMPLE
    # The example has all three forward-compatibility cases.
    assert response.turn_detection is None
    assert "id" in response.additional_properties


def test_create_session_sends_bearer_json_and_decodes(server: Any) -> None:
    server.reply = (200, json.dumps(EXAMPLE).encode())
    request = openapi_openai.RealtimeSessionCreateRequest(
        model="gpt-4o-realtime-preview", modalities=["text"], turn_detection=None
    )
    result = _api(server.url).create_realtime_session(request)
    assert isinstance(result, openapi_openai.RealtimeSessionCreateResponse)
    assert result.client_secret.value == EXAMPLE["client_secret"]["value"]
    sent = server.requests[0]
    assert sent["path"] == "/realtime/sessions"
    assert sent["headers"]["Authorization"] == "Bearer sk-test-token"
    assert sent["headers"]["Content-Type"] == "application/json"
    assert json.loads(sent["body"]) == {
        "model": "gpt-4o-realtime-preview",
        "modalities": ["text"],
        "turn_detection": None,
    }


def test_with_http_info_returns_data_status_headers(server: Any) -> None:
    server.reply = (200, json.dumps(EXAMPLE).encode())
    request = openapi_openai.RealtimeSessionCreateRequest(model="gpt-4o-realtime-preview")
    data, status, headers = _api(server.url).create_realtime_session_with_http_info(request)
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert data.to_dict() == EXAMPLE


def test_non_2xx_raises_api_exception(server: Any) -> None:
    server.reply = (
        404,
        b'{"error": {"message": "no such model", "type": "invalid_request_error"}}',
    )
    request = openapi_openai.RealtimeSessionCreateRequest(model="gpt-4o-realtime-preview")
    with pytest.raises(openapi_openai.ApiException) as caught:
        _api(server.url).create_realtime_session(request)
    assert caught.value.status == 404
    assert "no such model" in str(caught.value)
    assert "sk-test-token" not in str(caught.value)


def test_every_public_name_imports() -> None:
    for name in openapi_openai.__all__:
        assert getattr(openapi_openai, name) is not None
    assert {
        "RealtimeSessionCreateRequestTurnDetection",
        "RealtimeSessionCreateRequestInputAudioTranscription",
        "RealtimeSessionCreateRequestToolsInner",
        "RealtimeSessionCreateResponseClientSecret",
        "RealtimeSessionCreateResponseTurnDetection",
    } <= set(openapi_openai.__all__)


def test_generated_package_passes_mypy_strict_ruff_and_black(tmp_path: Path) -> None:
    bindir = Path(sys.executable).parent
    pkg = ROOT / "generated"
    for command in (
        [str(bindir / "mypy"), "--strict", "openapi_openai"],
        [str(bindir / "ruff"), "check", "openapi_openai"],
    ):
        result = subprocess.run(command, cwd=pkg, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    # Run from generated/, black used to take this repository's config, which excludes it.
    assert would_reformat(pkg / "openapi_openai", tmp_path)[0] == []
    assert "type: ignore" not in "".join(
        p.read_text(encoding="utf-8") for p in (pkg / "openapi_openai").rglob("*.py")
    )

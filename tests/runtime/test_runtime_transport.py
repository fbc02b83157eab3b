"""Transport settings: threads on one pool, TLS, proxy, environment, headers."""

from __future__ import annotations

import re
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openapi_openai
import pytest
import trustme
import urllib3
from openapi_openai import ApiClient, ApiConnectionError, Configuration, RealtimeApi
from pytest_httpserver import HTTPServer
from rt_support import (
    CANARY_KEY,
    SESSION_PATH,
    json_response,
    serve_sequence,
    serving,
    session_json,
    session_request,
)
from werkzeug import Request, Response


def established_to(port: int) -> int:
    """Client-side TCP connections to ``port`` still established (Linux /proc)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if remote_port == port and fields[3] == "01":  # 01 = ESTABLISHED
                count += 1
    return count


def test_sixteen_threads_share_one_client(own_server: HTTPServer, make_config: Any) -> None:
    # A server of its own: established_to counts every connection to its port, and an earlier
    # test's pooled socket, not yet collected, would be one.
    server = own_server
    serve_sequence(server, [json_response(200, session_json())])
    client = ApiClient(make_config(server.url_for("/v1"), connection_pool_maxsize=16))
    api = RealtimeApi(client)
    errors: list[BaseException] = []
    results: list[str] = []

    def work() -> None:
        try:
            for _ in range(25):
                results.append(api.create_realtime_session(session_request()).instructions)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == ["Be brief."] * 400
    assert len(server.log) == 400
    pool = client._pool.connection_from_url(client.configuration.host)
    assert pool.num_connections <= 16  # connections were reused, not one per call
    assert pool.pool is not None and pool.pool.qsize() == 16  # every connection came back
    port = server.port
    client.close()
    if Path("/proc/net/tcp").exists():
        assert established_to(port) == 0


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    """A throwaway certificate authority."""
    return trustme.CA()


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[HTTPServer]:
    """An HTTPS server on 127.0.0.1 whose certificate only ``ca`` trusts."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    with serving(HTTPServer(host="127.0.0.1", port=0, ssl_context=context)) as server:
        yield server


def test_self_signed_https_refused_by_default(tls_server: HTTPServer, make_config: Any) -> None:
    tls_server.expect_request(SESSION_PATH).respond_with_json(session_json())
    host = f"https://127.0.0.1:{tls_server.port}/v1"
    with ApiClient(make_config(host)) as client:
        with pytest.raises(ApiConnectionError, match="certificate verify failed"):
            RealtimeApi(client).create_realtime_session(session_request())
    assert len(tls_server.log) == 0


def test_self_signed_https_accepted_with_ssl_ca_cert(
    tls_server: HTTPServer, make_config: Any, ca: trustme.CA, tmp_path: Path
) -> None:
    tls_server.expect_request(SESSION_PATH).respond_with_json(session_json())
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    host = f"https://127.0.0.1:{tls_server.port}/v1"
    with ApiClient(make_config(host, ssl_ca_cert=str(bundle))) as client:
        session = RealtimeApi(client).create_realtime_session(session_request())
    assert session.voice == "alloy"


def test_verify_ssl_false_skips_verification(tls_server: HTTPServer, make_config: Any) -> None:
    tls_server.expect_request(SESSION_PATH).respond_with_json(session_json())
    host = f"https://127.0.0.1:{tls_server.port}/v1"
    with ApiClient(make_config(host, verify_ssl=False)) as client:
        with pytest.warns(urllib3.exceptions.InsecureRequestWarning):
            RealtimeApi(client).create_realtime_session(session_request())


def test_proxy_receives_the_request_with_its_credentials(
    server: HTTPServer, make_config: Any
) -> None:
    # The loopback server plays a forward proxy: it gets the absolute URL of the target.
    seen: list[tuple[str, str]] = []

    def proxy(request: Request) -> Response:
        seen.append((request.url, request.headers.get("Proxy-Authorization", "")))
        return json_response(200, session_json())

    server.expect_request(SESSION_PATH).respond_with_handler(proxy)
    proxy_url = f"http://pu:pp%40@127.0.0.1:{server.port}"
    config = make_config("http://api.invalid/v1", proxy=proxy_url)
    with ApiClient(config) as client:
        RealtimeApi(client).create_realtime_session(session_request())
    assert seen == [("http://api.invalid/v1/realtime/sessions", "Basic cHU6cHBA")]


def test_configuration_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v9/")
    monkeypatch.setenv("OPENAI_API_KEY", CANARY_KEY)
    config = Configuration()
    assert config.host == "http://127.0.0.1:9/v9"
    assert config.access_token == CANARY_KEY
    assert Configuration("http://explicit", access_token="k").host == "http://explicit"
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.delenv("OPENAI_API_KEY")
    config = Configuration()
    assert config.host == "https://api.openai.com/v1"
    assert config.access_token is None


def test_defaults() -> None:
    config = Configuration()
    timeout = config.timeout
    assert isinstance(timeout, urllib3.Timeout)
    assert timeout.total == 600.0 and timeout.connect_timeout == 5.0
    assert config.retries == 2
    assert (config.backoff_initial, config.backoff_max, config.max_retry_after) == (
        0.5,
        8.0,
        60.0,
    )
    assert config.verify_ssl is True
    assert config.idempotency_header == "Idempotency-Key"
    assert re.fullmatch(
        rf"openapi-openai/{re.escape(openapi_openai.__version__)} python/3\.\d+",
        config.user_agent,
    )


def test_headers_sent(server: HTTPServer, make_config: Any) -> None:
    serve_sequence(server, [json_response(200, session_json())])
    config = make_config(
        server.url_for("/v1"),
        default_headers={"OpenAI-Organization": "org-1", "X-A": "default"},
    )
    with ApiClient(config) as client:
        RealtimeApi(client).create_realtime_session(session_request(), _headers={"X-A": "per-call"})
    headers = server.log[0][0].headers
    assert headers["User-Agent"] == config.user_agent
    assert headers["OpenAI-Organization"] == "org-1"
    assert headers["X-A"] == "per-call"
    assert headers["Content-Type"] == "application/json"
    assert headers["Accept"] == "application/json"
    assert headers["Authorization"] == f"Bearer {CANARY_KEY}"


@pytest.fixture
def mtls_server(ca: trustme.CA) -> Iterator[HTTPServer]:
    """An HTTPS server that only talks to clients holding a certificate from ``ca``."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca.configure_trust(context)
    context.verify_mode = ssl.CERT_REQUIRED
    with serving(HTTPServer(host="127.0.0.1", port=0, ssl_context=context)) as server:
        yield server


def test_client_certificate_for_mutual_tls(
    mtls_server: HTTPServer, make_config: Any, ca: trustme.CA, tmp_path: Path
) -> None:
    mtls_server.expect_request(SESSION_PATH).respond_with_json(session_json())
    bundle, cert, key = (
        tmp_path / "ca.pem",
        tmp_path / "client.pem",
        tmp_path / "client.key",
    )
    ca.cert_pem.write_to_path(str(bundle))
    issued = ca.issue_cert("client@example.org")
    issued.cert_chain_pems[0].write_to_path(str(cert))
    issued.private_key_pem.write_to_path(str(key))
    host = f"https://127.0.0.1:{mtls_server.port}/v1"
    with ApiClient(make_config(host, ssl_ca_cert=str(bundle))) as client:
        with pytest.raises(ApiConnectionError):
            RealtimeApi(client).create_realtime_session(session_request())
    assert len(mtls_server.log) == 0
    config = make_config(host, ssl_ca_cert=str(bundle), cert_file=str(cert), key_file=str(key))
    with ApiClient(config) as client:
        assert RealtimeApi(client).create_realtime_session(session_request()).voice == "alloy"
    assert len(mtls_server.log) == 1

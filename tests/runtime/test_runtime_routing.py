"""Calls go straight to the host's connection pool; the URL must be the one urllib3 would send."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_openai import ApiClient, ApiConnectionError
from pytest_httpserver import HTTPServer


def _sent(server: HTTPServer) -> list[str]:
    return [request.full_path.rstrip("?") for request, _ in server.log]


def test_base_path_path_and_query_are_sent(server: HTTPServer, make_config: Any) -> None:
    server.expect_request("/v1/things").respond_with_json({"ok": True})
    with ApiClient(make_config(server.url_for("/v1"))) as client:
        client.request("GET", "/things", query=[("q", "a b/c"), ("n", "1")])
    assert _sent(server) == ["/v1/things?q=a+b%2Fc&n=1"]


def test_dot_segments_are_resolved_as_before(server: HTTPServer, make_config: Any) -> None:
    # PoolManager removes "." and ".." segments from the URL; the direct route must not send them.
    server.expect_request("/v1/things").respond_with_json({"ok": True})
    with ApiClient(make_config(server.url_for("/v1"))) as client:
        client.request("GET", "/a/../things")
        client.request("GET", "/./things")
    assert _sent(server) == ["/v1/things", "/v1/things"]


def test_a_new_host_is_followed_after_a_call(server: HTTPServer, make_config: Any) -> None:
    server.expect_request("/v1/things").respond_with_json({"ok": 1})
    server.expect_request("/v2/things").respond_with_json({"ok": 2})
    with ApiClient(make_config(server.url_for("/v1"))) as client:
        assert client.request("GET", "/things").json() == {"ok": 1}
        client.configuration.host = server.url_for("/v2")
        assert client.request("GET", "/things").json() == {"ok": 2}
    assert _sent(server) == ["/v1/things", "/v2/things"]


def test_the_client_still_works_after_close(server: HTTPServer, make_config: Any) -> None:
    server.expect_request("/v1/things").respond_with_json({"ok": True})
    client = ApiClient(make_config(server.url_for("/v1")))
    client.request("GET", "/things")
    client.close()
    assert client.request("GET", "/things").json() == {"ok": True}
    client.close()


@pytest.mark.parametrize("host", ["http:///v1", "ftp://127.0.0.1:1/v1", "http://[::1/v1"])
def test_unusable_hosts_fail_as_connection_errors(host: str, make_config: Any) -> None:
    with ApiClient(make_config(host, retries=0)) as client, pytest.raises(ApiConnectionError):
        client.request("GET", "/things")

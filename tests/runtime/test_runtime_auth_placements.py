"""Security schemes beyond bearer: apiKey in query and cookie, HTTP basic, and their secrecy."""

from __future__ import annotations

import base64
import logging
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from rt_support import generate_inline

SPEC = """\
openapi: 3.0.3
info: {title: Vault, version: 1.0.0}
servers: [{url: http://127.0.0.1:1}]
paths:
  /by-query:
    get:
      operationId: byQuery
      tags: [vault]
      security: [{keyQuery: []}]
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses: {'200': {description: ok}}
  /by-cookie:
    get:
      operationId: byCookie
      tags: [vault]
      security: [{keyCookie: []}]
      parameters:
        - {name: theme, in: cookie, schema: {type: string}}
      responses: {'200': {description: ok}}
  /by-basic:
    get:
      operationId: byBasic
      tags: [vault]
      security: [{basic: []}]
      responses: {'200': {description: ok}}
  /open:
    get:
      operationId: health
      tags: [vault]
      security: []
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    keyQuery: {type: apiKey, in: query, name: api_key}
    keyCookie: {type: apiKey, in: cookie, name: session}
    basic: {type: http, scheme: basic}
"""

# Characters a query string percent-encodes: the encoded form must be hidden too.
TOKEN = "tok+canary/42=="
USER = "ada"
PASSWORD = "pw-canary-5150"


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return generate_inline(tmp_path_factory.mktemp("vault"), SPEC, package="rt_vault")


@pytest.fixture
def api(vault: Any, server: HTTPServer) -> Any:
    config = vault.Configuration(
        server.url_for(""), access_token=TOKEN, username=USER, password=PASSWORD, retries=0
    )
    with vault.ApiClient(config) as client:
        yield vault.VaultApi(client)


def test_api_key_in_query_is_sent_after_the_operations_own_parameters(
    api: Any, server: HTTPServer
) -> None:
    server.expect_request("/by-query").respond_with_data("")
    api.by_query(page=2)
    ((request, _),) = server.log
    assert request.args.getlist("api_key") == [TOKEN]
    assert request.args["page"] == "2"
    assert "Authorization" not in request.headers


def test_api_key_in_cookie_joins_the_operations_cookie(api: Any, server: HTTPServer) -> None:
    server.expect_request("/by-cookie").respond_with_data("")
    api.by_cookie(theme="dark")
    ((request, _),) = server.log
    assert request.cookies.get("session") == TOKEN
    assert request.cookies.get("theme") == "dark"


def test_basic_auth_comes_from_username_and_password(api: Any, server: HTTPServer) -> None:
    server.expect_request("/by-basic").respond_with_data("")
    api.by_basic()
    ((request, _),) = server.log
    expected = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {expected}"


def test_operations_without_security_send_no_credentials(api: Any, server: HTTPServer) -> None:
    server.expect_request("/open").respond_with_data("")
    api.health()
    ((request, _),) = server.log
    assert "api_key" not in request.args
    assert "Authorization" not in request.headers
    assert "session" not in request.cookies


def test_query_and_basic_credentials_never_show_in_logs_or_errors(
    vault: Any, api: Any, server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.expect_request("/by-query").respond_with_data("no", status=403)
    api.api_client.configuration.debug = True
    with caplog.at_level(logging.DEBUG), pytest.raises(vault.ApiException) as caught:
        api.by_query(page=1)
    # urllib3's own DEBUG logger prints the request line, query included: a key in a query
    # string is as visible as the spec makes it. The client's own lines must not show it.
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("rt_vault"))
    shown = ours + str(caught.value) + repr(caught.value)
    assert "/by-query?page=1&api_key=<redacted>" in ours
    encoded = "tok%2Bcanary%2F42%3D%3D"
    for secret in (TOKEN, encoded, PASSWORD):
        assert secret not in shown


def test_a_refused_connection_does_not_show_the_query_token(vault: Any) -> None:
    config = vault.Configuration("http://127.0.0.1:9", access_token=TOKEN, retries=0)
    with vault.ApiClient(config) as client, pytest.raises(vault.ApiConnectionError) as caught:
        vault.VaultApi(client).by_query(page=1)
    assert TOKEN not in str(caught.value)
    assert "tok%2Bcanary" not in str(caught.value)

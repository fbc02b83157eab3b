"""Fixtures for the runtime tests: loopback servers and clients of the generated package."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from rt_support import CANARY_KEY, SilentServer, openapi_openai, serving


@pytest.fixture(scope="session")
def loopback_server() -> Iterator[HTTPServer]:
    """One pytest-httpserver on 127.0.0.1 for this folder, stopped at the end."""
    with serving(HTTPServer(host="127.0.0.1", port=0)) as server:
        yield server


@pytest.fixture
def server(loopback_server: HTTPServer) -> Iterator[HTTPServer]:
    """The loopback server with no expectations and an empty request log."""
    loopback_server.clear()
    yield loopback_server
    loopback_server.clear()


@pytest.fixture
def own_server() -> Iterator[HTTPServer]:
    """A loopback server for one test: no other test's connection can reach its port."""
    with serving(HTTPServer(host="127.0.0.1", port=0)) as server:
        yield server


@pytest.fixture
def open_api() -> Iterator[Callable[..., Any]]:
    """``open_api(pkg, "MediaApi", server, **settings)``: an API class of a generated package on
    ``server``; every client it opened is closed when the test ends, none left to the GC."""
    clients: list[Any] = []

    def api(pkg: Any, name: str, server: HTTPServer, *, base: str = "", **settings: Any) -> Any:
        client = pkg.ApiClient(pkg.Configuration(server.url_for(base), **settings))
        clients.append(client)
        return getattr(pkg, name)(client)

    yield api
    for client in clients:
        client.close()


@pytest.fixture
def make_config() -> Callable[..., Any]:
    """Configuration of the generated Realtime client: canary key, millisecond backoff."""
    pkg = openapi_openai()

    def make(host: str, **overrides: Any) -> Any:
        values: dict[str, Any] = {
            "access_token": CANARY_KEY,
            "backoff_initial": 0.001,
            "backoff_max": 0.002,
        }
        values.update(overrides)
        return pkg.Configuration(host, **values)

    return make


@pytest.fixture
def realtime(server: HTTPServer, make_config: Callable[..., Any]) -> Iterator[Any]:
    """A RealtimeApi on its own ApiClient pointed at the loopback server."""
    pkg = openapi_openai()
    with pkg.ApiClient(make_config(server.url_for("/v1"))) as client:
        yield pkg.RealtimeApi(client)


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    """A server that accepts and never responds."""
    srv = SilentServer()
    yield srv
    srv.close()

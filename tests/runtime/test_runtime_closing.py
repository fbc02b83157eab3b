"""The one ``with`` / ``async with`` base of every runtime object that holds a connection."""

from __future__ import annotations

import asyncio
import importlib

import pytest
from rt_support import openapi_openai

runtime_types = importlib.import_module("openapi_openai.types")


class _Holder(runtime_types.Closing):
    def __init__(self) -> None:
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


class _AsyncHolder(runtime_types.AsyncClosing):
    def __init__(self) -> None:
        self.closed = 0

    async def aclose(self) -> None:
        self.closed += 1


def test_a_with_block_closes_once_and_lets_an_error_through() -> None:
    holder = _Holder()
    with pytest.raises(KeyError), holder as held:
        assert held is holder
        raise KeyError("raised inside")
    assert holder.closed == 1
    with holder:
        pass
    assert holder.closed == 2


def test_an_async_with_block_awaits_aclose_and_lets_an_error_through() -> None:
    holder = _AsyncHolder()

    async def use() -> None:
        async with holder as held:
            assert held is holder
            raise KeyError("raised inside")

    with pytest.raises(KeyError):
        asyncio.run(use())
    assert holder.closed == 1


def test_every_connection_holder_closes_through_the_bases() -> None:
    pkg = openapi_openai()
    bodies = importlib.import_module("openapi_openai.bodies")
    streams = importlib.import_module("openapi_openai.streams")
    for cls in (pkg.ApiClient, bodies.BinaryStream, streams.EventStream):
        assert issubclass(cls, runtime_types.Closing), cls
    for cls in (pkg.AsyncApiClient, pkg.AsyncStream):
        assert issubclass(cls, runtime_types.AsyncClosing), cls
    # The documented name and the one ``async with`` awaits are the same method.
    assert pkg.AsyncApiClient.close is pkg.AsyncApiClient.aclose

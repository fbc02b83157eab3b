"""Parsing a spec runs no cyclic collections meanwhile, and leaves the collector as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from oapigen.diagnostics import SpecError
from oapigen.spec.load import parse_spec

# Enough containers to pass the collector's thresholds many times over.
BIG = "paths:\n" + "".join(f"  /p{i}:\n    get: {{x: [1, 2, {{a: b}}]}}\n" for i in range(20_000))
JSON_BIG = '{"paths": {' + ",".join(f'"/p{i}": {{"x": [1, {{}}]}}' for i in range(20_000)) + "}}"


@pytest.fixture
def collections() -> Iterator[list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []

    def count(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(info)

    gc.callbacks.append(count)
    try:
        yield seen
    finally:
        gc.callbacks.remove(count)


@pytest.mark.parametrize("json_only", [False, True])
def test_a_parse_runs_no_collection(collections: list[dict[str, Any]], json_only: bool) -> None:
    raw = BIG if not json_only else JSON_BIG
    assert gc.isenabled()
    # Which generation a collection takes depends on the counts earlier tests left: from
    # zero counts, the one collection owed after the parse is a young one.
    gc.collect()
    collections.clear()
    data = parse_spec(raw.encode(), name="big.yaml", json_only=json_only)
    assert len(data["paths"]) == 20_000
    # At most the one young collection its allocations owe once the collector is back on.
    assert len(collections) <= 1
    assert all(info["generation"] == 0 for info in collections)
    assert gc.isenabled()


def test_a_parse_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        parse_spec(b"openapi: 3.0.3\n", name="small.yaml")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_failed_parse_turns_the_collector_back_on() -> None:
    with pytest.raises(SpecError):
        parse_spec(b"a: [\n", name="broken.yaml")
    assert gc.isenabled()

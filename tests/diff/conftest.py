"""Fixtures for the API diff tests: Realtime slices of the upstream documents, their surfaces."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from oapigen import generate
from oapigen.config import Config
from oapigen.diagnostics import Collector
from oapigen.pipeline import spec_surface
from oapigen.spec.load import load_spec
from oapigen.spec.slice import slice_spec

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "spec" / "upstream"
VERSIONS = ("2025-01-21", "2025-03-22", "2026-08-21")
OPERATION = "create-realtime-session"


@pytest.fixture(scope="session")
def slices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``create-realtime-session`` cut out of each upstream document, as oapigen slice does."""
    folder = tmp_path_factory.mktemp("slices")
    found = {}
    for version in VERSIONS:
        diags = Collector(version)
        document = slice_spec(load_spec(UPSTREAM / f"{version}.yaml"), [OPERATION], diags)
        assert not diags.errors
        target = folder / f"{version}.yaml"
        target.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        found[version] = target
    return found


@pytest.fixture(scope="session")
def documents(slices: dict[str, Path]) -> dict[str, Any]:
    """The sliced documents as data, to check reports against."""
    return {v: yaml.safe_load(p.read_text(encoding="utf-8")) for v, p in slices.items()}


@pytest.fixture(scope="session")
def surfaces(slices: dict[str, Path]) -> dict[str, dict[str, Any]]:
    """The client surface each slice produces (upstream documents need lenient validation)."""
    config = Config(root=ROOT)
    return {v: spec_surface(p, config, lenient=True)[0] for v, p in slices.items()}


@pytest.fixture(scope="session")
def clients(slices: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each slice generated into its own folder (the package is ``openapi_openai``)."""
    folder = tmp_path_factory.mktemp("clients")
    found = {}
    for version, spec in slices.items():
        out = folder / version
        config = Config(
            root=ROOT,
            spec=spec,
            out=out,
            package="openapi_openai",
            lenient=True,
            cache_dir=folder / ".cache",
        )
        generate(config)
        found[version] = out
    return found

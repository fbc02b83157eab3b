"""Helpers for pipeline tests: generate a package from an inline spec and import it."""

from __future__ import annotations

import importlib
import itertools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from oapigen import Config, generate

ROOT = Path(__file__).resolve().parents[2]
_counter = itertools.count()


def make_spec(
    schemas: dict[str, Any], paths: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """A minimal OpenAPI 3.0 document around some component schemas."""
    return {
        "openapi": extra.pop("openapi", "3.0.0"),
        "info": {"title": "Test API", "version": "1.0.0"},
        "servers": [{"url": "http://127.0.0.1:1"}],
        "paths": paths or {},
        "components": {"schemas": schemas, **extra.pop("components", {})},
        **extra,
    }


@pytest.fixture
def build_package(tmp_path: Path) -> Iterator[Callable[..., ModuleType]]:
    """Generate a package from a spec dict into tmp_path and import it under a fresh name."""
    added: list[str] = []

    def build(spec: dict[str, Any], **overrides: Any) -> ModuleType:
        name = f"testpkg{next(_counter)}"
        spec_path = tmp_path / f"{name}.yaml"
        spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        out = tmp_path / f"{name}_out"
        config = Config(spec=spec_path, out=out, package=name, root=tmp_path, use_cache=False)
        generate(config.with_overrides(**overrides))
        sys.path.insert(0, str(out))
        added.append(str(out))
        return importlib.import_module(name)

    yield build
    for entry in added:
        sys.path.remove(entry)
    for module in [m for m in sys.modules if m.startswith("testpkg")]:
        del sys.modules[module]

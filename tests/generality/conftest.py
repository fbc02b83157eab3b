"""Fixtures for the generality tests: inline specs and whole upstream documents, generated once."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from oapigen import Config, generate

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "spec" / "upstream"
DOCUMENTS = ("2025-01-21", "2025-03-22", "2026-08-21")


def _forget(package: str) -> None:
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]


def generate_into(
    spec: Path, out: Path, package: str, *, lenient: bool = False, **extra: Any
) -> Any:
    """Run the whole pipeline (with the shared black cache) into ``out``."""
    config = Config(spec=spec, out=out, package=package, lenient=lenient, root=ROOT, **extra)
    return generate(config)


def minimal_document(**parts: Any) -> dict[str, Any]:
    """An OpenAPI 3.1 document of ``parts`` (``paths``, ``components``), the rest left minimal."""
    return {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}, **parts}


def generate_document(document: dict[str, Any], folder: Path, package: str) -> Path:
    """``document`` written as ``folder/spec.yaml``, generated into ``folder/out``: that folder."""
    spec = folder / "spec.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    out = folder / "out"
    generate_into(spec, out, package)
    return out


@pytest.fixture
def build(tmp_path: Path) -> Iterator[Callable[..., ModuleType]]:
    """Generate an inline spec (a dict) into tmp_path and import the package."""
    packages: list[str] = []

    def _build(spec: dict[str, Any], *, package: str = "pkg", **extra: Any) -> ModuleType:
        path = tmp_path / f"{package}.yaml"
        path.write_text(yaml.safe_dump(minimal_document(**spec), sort_keys=False), encoding="utf-8")
        out = tmp_path / package
        generate_into(path, out, package, **extra)
        sys.path.insert(0, str(out))
        _forget(package)
        packages.append(package)
        return importlib.import_module(package)

    yield _build
    for package in packages:
        _forget(package)
        sys.path.remove(str(tmp_path / package))


class Upstream:
    """One upstream document, generated once per test session."""

    def __init__(self, name: str, out: Path) -> None:
        self.name = name
        self.spec = UPSTREAM / f"{name}.yaml"
        self.package = "oai_" + name.replace("-", "_")
        self.out = out
        with self.spec.open("rb") as handle:
            self.document = yaml.load(handle, Loader=yaml.CSafeLoader)
        self.result = generate_into(self.spec, out, self.package, lenient=True)

    def module(self, dotted: str) -> ModuleType:
        """Import a module of the generated package."""
        return importlib.import_module(f"{self.package}.{dotted}")


_CACHE: dict[str, Upstream] = {}


@pytest.fixture(scope="session", params=DOCUMENTS)
def upstream(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Upstream:
    """Each upstream document generated into a session temp dir, importable."""
    name = request.param
    if name not in _CACHE:
        out = tmp_path_factory.mktemp("upstream") / name
        _CACHE[name] = Upstream(name, out)
        sys.path.insert(0, str(out))
    return _CACHE[name]

"""The full upstream document: a lenient client generated once; one operation per tag."""

from __future__ import annotations

import fcntl
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from client_helpers import ROOT

from oapigen import Config, SpecError, generate, ir
from oapigen.build import build_client
from oapigen.diagnostics import Collector
from oapigen.pipeline import validate
from oapigen.spec.load import load_spec

FULL_SPEC = ROOT / "spec" / "upstream" / "2026-08-21.yaml"
PACKAGE = "openai_full"  # not openapi_openai, so it can be imported beside the committed client


@dataclass(frozen=True, slots=True)
class Sampled:
    """One operation picked for the contract test, with what is needed to call it."""

    tag: str
    api: ir.Api
    operation: ir.Operation


def full_config(out: Path) -> Config:
    """Lenient generation of the full document into ``out``."""
    return Config(
        spec=FULL_SPEC,
        out=out,
        package=PACKAGE,
        distribution="openai-full",
        lenient=True,
        root=ROOT,
        cache_dir=out.parent / "format-cache",
    )


def generate_once(shared_dir: Path) -> Path:
    """Generate into ``shared_dir/full`` unless another xdist worker already did (file lock)."""
    out = shared_dir / "full"
    done = shared_dir / "full.done"
    with (shared_dir / "full.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            try:
                generate(full_config(out))
            except SpecError as exc:
                listing = "\n".join(str(d) for d in exc.diagnostics)
                message = f"lenient generation of {FULL_SPEC.name} failed:\n{listing}"
                raise AssertionError(message) from None
            done.write_text("ok")
    return out


def import_package(out: Path) -> Any:
    """Import the generated full client from ``out``."""
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    return importlib.import_module(PACKAGE)


def build_ir(out: Path) -> tuple[Any, ir.Client]:
    """The document and the IR the generator built from it (names of classes, methods, args)."""
    config = full_config(out)
    diags = Collector(config.spec_label)
    document = load_spec(config.spec, display=config.spec_label)
    document = validate(document, diags, lenient=True)
    return document, build_client(document, diags, config)


def sample_operations(client: ir.Client) -> list[Sampled]:
    """Per tag, the first operation with a JSON or no body; else the tag's first operation."""
    picked: list[Sampled] = []
    for api in client.apis:
        ops = list(api.operations)
        simple = [op for op in ops if op.body is None or op.body.is_json]
        chosen = (simple or ops)[0]
        picked.append(Sampled(tag=api.tag, api=api, operation=chosen))
    return picked


def at_pointer(document: Any, pointer: str) -> Any:
    """The node a JSON pointer (with or without a leading ``#``) names."""
    node = document
    for part in pointer.removeprefix("#").split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node

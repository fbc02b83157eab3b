"""Clients of a few operations cut out of a whole upstream document, as ``oapigen slice`` cuts them.

Generating the whole 2026 document takes a minute; a slice keeps the operations and every
model they reach, which is all a test of those operations needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from oapigen import Config, generate
from oapigen.diagnostics import Collector
from oapigen.spec.load import load_spec
from oapigen.spec.slice import slice_spec


def generate_slice(document: Path, operations: Sequence[str], *, root: Path, package: str) -> Path:
    """``operations`` of ``document`` generated under ``root``, lenient as upstream documents need.

    Returns the output folder, the one to put on ``sys.path`` or ``MYPYPATH``.
    """
    diags = Collector(str(document))
    sliced = slice_spec(load_spec(document), list(operations), diags)
    diags.raise_if_errors()
    spec = root / f"{package}.yaml"
    spec.write_text(yaml.safe_dump(sliced, sort_keys=False), encoding="utf-8")
    out = root / "out"
    generate(Config(spec=spec, out=out, root=root, package=package, lenient=True, use_cache=False))
    return out

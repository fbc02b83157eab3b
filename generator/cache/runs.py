"""Whole-run cache: the same spec, options, generator and formatter give the same files."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from dataclasses import fields
from importlib.metadata import version

from oapigen import cache
from oapigen.cache.sources import digest
from oapigen.cache.validation import validator_context
from oapigen.config import Config
from oapigen.diagnostics import Diagnostic, Severity
from oapigen.resources import PACKAGE_DIR, shipped_templates

Pipeline = Callable[[Config], tuple[dict[str, str], tuple[Diagnostic, ...]]]
# Where a file lands does not change what it contains.
_NOT_IN_KEY = {"out", "use_cache", "cache_dir", "root"}
# Parsing and rendering depend on these; the validator's warnings on those of validator_context.
_LIBRARIES = ("jinja2", "pyyaml")
# A whole run is ~18 MB on the full OpenAI document, and every edit makes a new one: the most
# recently used few are kept (a branch switch or an undo), the rest are re-rendered from the
# per-file caches when needed.
RUNS_KEPT = 8


def cached_render(
    config: Config, pipeline: Pipeline, *, formatter: str
) -> tuple[dict[str, str], tuple[Diagnostic, ...]]:
    """``pipeline(config)``, or its stored result when every input is byte-for-byte the same.

    ``formatter`` names the formatter, its version and settings (this leaf imports no stage).
    """
    cache_dir = (config.cache_dir or cache.default_cache_dir()) if config.use_cache else None
    try:
        name = run_key(config, formatter) if cache_dir is not None else None
    except OSError:
        name = None  # an unreadable spec: let the pipeline report it
    if name is not None:
        stored = cache.read(cache_dir, "run", name)
        unpacked = cache.unpack_run(stored) if stored is not None else None
        if unpacked is not None:
            cache.mark_used(cache_dir, "run", name)
            files, warnings = unpacked
            return files, tuple(_diagnostic(w) for w in warnings)
    files, diagnostics = pipeline(config)
    if name is None and cache_dir is not None:
        # A split spec's files are known once the pipeline has read them.
        with contextlib.suppress(OSError):
            name = run_key(config, formatter)
    if name is not None:
        packed = [(d.file, d.pointer, d.code, d.message, d.severity.name) for d in diagnostics]
        cache.write(cache_dir, "run", name, cache.pack_run(files, packed))
        cache.prune(cache_dir, "run", keep=RUNS_KEPT)
        cache.trim(cache_dir)
    return files, diagnostics


def run_key(config: Config, formatter: str) -> str | None:
    """Everything that decides the output: spec, options, code, libraries, formatter, Python.

    None for a spec split over files that no run has read yet (its files are not known).
    """
    raw = config.spec.read_bytes()
    others = digest(config.cache_dir or cache.default_cache_dir(), config.spec, raw)
    if others is None:
        return None
    libraries = [f"{name} {version(name)}" for name in _LIBRARIES] + [validator_context()]
    options = [
        f"{f.name}={getattr(config, f.name)!r}" for f in fields(config) if f.name not in _NOT_IN_KEY
    ]
    roots = [PACKAGE_DIR, shipped_templates()] + ([config.templates] if config.templates else [])
    return cache.key(
        "run 2",
        sys.version,
        formatter,
        "\n".join(libraries),
        config.spec_label,
        "\n".join(options),
        cache.tree_digest(roots),
        raw,
        others,
    )


def _diagnostic(fields_: tuple[str, ...]) -> Diagnostic:
    file, pointer, code, message, severity = fields_
    return Diagnostic(
        file=file,
        pointer=pointer,
        code=code,
        message=message,
        severity=Severity[severity],
    )

"""Whole-run cache: the same spec, options, generator and formatter give the same files."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import fields
from importlib.metadata import version
from pathlib import Path

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
# A whole run is 14-30 MB on a large spec (GitHub's, OpenAI's, Stripe's), and every edit makes a
# new one: the most recently used few are kept (a branch switch or an undo), as many as fit in
# RUNS_BUDGET_BYTES together; the rest are re-rendered from the per-file caches when needed.
RUNS_KEPT = 8
RUNS_BUDGET_BYTES = 96 << 20


def cached_render(
    config: Config, pipeline: Pipeline, *, formatter: str, store: bool = True
) -> tuple[dict[str, str], tuple[Diagnostic, ...], bool]:
    """``pipeline(config)``, or its stored result when every input is byte-for-byte the same.

    ``formatter`` names the formatter, its version and settings (this leaf imports no stage).
    Returns the files, the warnings and whether they came from the cache. A result not stored
    (``store=False``: it may be a draft its caller throws away) can be given to :func:`store_run`.
    """
    cache_dir = _cache_dir(config)
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
            return files, tuple(_diagnostic(w) for w in warnings), True
    files, diagnostics = pipeline(config)
    if store:
        store_run(config, files, diagnostics, formatter=formatter)
    return files, diagnostics, False


def store_run(
    config: Config,
    files: dict[str, str],
    diagnostics: tuple[Diagnostic, ...],
    *,
    formatter: str,
) -> None:
    """Keep one run's result under its key, then drop the runs past the kept few."""
    cache_dir = _cache_dir(config)
    if cache_dir is None:
        return
    try:
        name = run_key(config, formatter)
    except OSError:
        return
    if name is None:
        return  # a split spec's files changed while the run read them
    packed = [(d.file, d.pointer, d.code, d.message, d.severity.name) for d in diagnostics]
    cache.write(cache_dir, "run", name, cache.pack_run(files, packed))
    cache.prune(cache_dir, "run", keep=RUNS_KEPT, budget=RUNS_BUDGET_BYTES)
    cache.trim(cache_dir)


def _cache_dir(config: Config) -> Path | None:
    return (config.cache_dir or cache.default_cache_dir()) if config.use_cache else None


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

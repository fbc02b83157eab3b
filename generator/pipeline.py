"""The one pipeline, load → check → validate → build → render → format: generate, docs and diff."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from oapigen import ir
from oapigen.apidiff.surface import API_FILE, Surface, cached_dumps, surface
from oapigen.build import build_client
from oapigen.cache import default_cache_dir
from oapigen.config import Config
from oapigen.diagnostics import Collector, Diagnostic, SpecError
from oapigen.format import Formatting
from oapigen.output import write
from oapigen.render import render_client
from oapigen.render.docs import RubyNames, render_docs, render_site_config
from oapigen.spec import checks, upstream
from oapigen.spec.bundle import load_bundle
from oapigen.spec.mend import mend
from oapigen.spec.repair import repair

# Past this size the upstream validator (seconds of CPU: ~30 s on the 3 MB OpenAI document)
# runs in a process of its own beside build and render; below it, starting that process costs
# more than it saves (the 17 kB fragment validates in ~30 ms).
VALIDATE_APART_FROM_BYTES = 256 * 1024

Renderer = Callable[[ir.Client, Formatting], dict[str, str]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Output:
    """What one pass of the pipeline made: the client's IR, its files, the warnings."""

    client: ir.Client
    files: dict[str, str]
    warnings: tuple[Diagnostic, ...]


def validate(
    document: Any,
    diags: Collector,
    *,
    lenient: bool,
    strict: bool = False,
    cache_dir: Path | None = None,
) -> Any:
    """Our checks, then the upstream validator's when the document is fit for it.

    Records every problem in ``diags``; returns the document, repaired where lenient allows.
    A vendor defect with one fix (``mend``) is fixed, and warned about, in every mode; with
    ``strict`` it is an error.
    """
    mend(document, diags, strict=strict)
    version = checks.check(document, diags, lenient=lenient)
    if version is not None:
        upstream.report(upstream.findings(document, version, cache_dir), diags, lenient=lenient)
    return document


def run(config: Config, *, render: Renderer) -> Output:
    """Load, check, validate, build, ``render`` and format ``config.spec``.

    Raises SpecError with every error; the upstream validator's come first, and build
    diagnostics count only when it is content, so the result is the same whether it ran
    beside build and render or before them.
    """
    cache_dir = cache_of(config)
    bundle = load_bundle(config.spec, display=config.spec_label, cache_dir=cache_dir)
    with bundle.origins.relocating():
        size = bundle.sources.total_bytes  # a split spec's files, all of them
        output = _run(bundle.document, config, render=render, cache_dir=cache_dir, size=size)
    warnings = tuple(sorted(bundle.origins.relocate(output.warnings)))
    return Output(client=output.client, files=output.files, warnings=warnings)


def _run(
    document: Any, config: Config, *, render: Renderer, cache_dir: Path | None, size: int
) -> Output:
    """``run`` on the loaded (bundled) document."""
    diags = Collector(config.spec_label)
    # Before anything reads it: the validator sees the mended document (strict: errors too).
    mend(document, diags, strict=config.strict)
    version = checks.check(document, diags, lenient=config.lenient)
    if version is None or diags.errors:
        # Nothing to build; the upstream validator's findings still join ours when it may run.
        if version is not None:
            found = upstream.findings(document, version, cache_dir)
            upstream.report(found, diags, lenient=config.lenient)
        raise SpecError(diags.errors)  # a spec unfit for the validator always has errors
    apart = size >= VALIDATE_APART_FROM_BYTES
    pending = upstream.start(document, version, cache_dir, apart=apart)
    built = Collector(config.spec_label)
    with Formatting(cache_dir=cache_dir, formatter=config.formatter) as formatting:
        try:
            # Lenient: the defects were only warnings; drop what the builder cannot walk.
            walkable = repair(document, built) if config.lenient else document
            client = build_client(walkable, built, config)
            files = {} if built.errors else formatting.finish(render(client, formatting))
        except Exception:
            upstream.report_when_done(pending, diags, lenient=config.lenient)
            diags.raise_if_errors()  # an invalid spec explains why building failed
            raise
    upstream.report_when_done(pending, diags, lenient=config.lenient)
    diags.raise_if_errors()
    diags.items.extend(built.items)
    diags.raise_if_errors()
    return Output(client=client, files=files, warnings=tuple(sorted(diags.warnings)))


def cache_of(config: Config) -> Path | None:
    """The cache folder of a run, or None when it runs without."""
    return (config.cache_dir or default_cache_dir()) if config.use_cache else None


def client_files(
    config: Config, *, settle: Callable[[ir.Client, str], str] | None = None
) -> tuple[dict[str, str], tuple[Diagnostic, ...]]:
    """The generated project's files (and its API surface) and the warnings: ``generate``.

    ``settle``, given the IR and its API surface, returns the client version to render with
    (``generate`` bumps it from the API diff): one render, where a draft render for the diff
    took a second.
    """
    cache_dir = cache_of(config)

    def python(client: ir.Client, formatting: Formatting) -> dict[str, str]:
        api = cached_dumps(surface(client), cache_dir)
        if settle is not None:
            # The version is only the IR's package_version (build sets it from the config).
            client = replace(client, package_version=settle(client, api))
        files = render_client(
            client,
            user_templates=config.templates,
            cache_dir=cache_dir,
            rendered_module=formatting.submit,
        )
        return {**files, API_FILE: api}

    output = run(config, render=python)
    return output.files, output.warnings


def write_docs(
    config: Config,
    *,
    out: Path,
    flavor: str,
    ruby: RubyNames | None = None,
    overwrite: bool = False,
    mkdocs: Path | None = None,
) -> tuple[write.Plan, tuple[Diagnostic, ...]]:
    """Write only the documentation pages of ``config.spec`` into ``out``: ``docs``.

    With ``mkdocs`` (a path outside ``out``), also the MkDocs configuration publishing them.
    Returns what writing changed and the warnings.
    """

    def pages(client: ir.Client, _: Formatting) -> dict[str, str]:
        return render_docs(
            client,
            user_templates=config.templates,
            flavor=flavor,
            ruby=ruby,
        )

    output = run(config, render=pages)
    extra = {"generator": "oapigen docs", "spec": config.spec_label}
    plan = write.write_tree(out, output.files, extra, overwrite=overwrite)
    if mkdocs is not None:
        docs_dir = Path(os.path.relpath(out.resolve(), mkdocs.resolve().parent)).as_posix()
        site = render_site_config(output.client, docs_dir=docs_dir, user_templates=config.templates)
        write.write_file(mkdocs, site)
    return plan, output.warnings


def spec_surface(
    spec: Path, config: Config, *, lenient: bool
) -> tuple[Surface, tuple[Diagnostic, ...]]:
    """The API surface of ``spec``, built as ``generate`` builds it, and the warnings: ``diff``."""
    output = run(config.with_overrides(spec=spec, lenient=lenient), render=lambda *_: {})
    return surface(output.client), output.warnings

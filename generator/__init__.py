"""oapigen: OpenAPI -> typed Python client, through a row of pure stages."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oapigen.config import Config
from oapigen.diagnostics import Collector, Diagnostic, SpecError
from oapigen.ir.records import record

if TYPE_CHECKING:
    from oapigen.format import Formatting
    from oapigen.ir import Client
    from oapigen.output import write

__all__ = ["Config", "Diagnostic", "Result", "SpecError", "generate", "render_files"]
__version__ = "0.1.0"


@record
class Result:
    """The files of one generation run and what writing them changed."""

    files: dict[str, str]
    warnings: tuple[Diagnostic, ...]
    plan: write.Plan | None


def render_files(config: Config) -> tuple[dict[str, str], tuple[Diagnostic, ...]]:
    """Load, validate, build, render and format: the whole pipeline but the write."""
    # The pipeline's modules are imported on use, so that the CLI can fork before they load.
    from oapigen.cache.runs import cached_render  # noqa: PLC0415

    return cached_render(config, _render)


def _render(config: Config) -> tuple[dict[str, str], tuple[Diagnostic, ...]]:
    # Imported here: a run answered from the cache never loads a formatter or the validator.
    from oapigen.format import default_cache_dir  # noqa: PLC0415
    from oapigen.spec.bundle import load_bundle  # noqa: PLC0415

    diags = Collector(config.spec_label)
    cache = (config.cache_dir or default_cache_dir()) if config.use_cache else None
    bundle = load_bundle(config.spec, display=config.spec_label, cache_dir=cache)
    with bundle.origins.relocating():
        files, warnings = _render_document(bundle.document, diags, config, cache=cache)
    return files, tuple(sorted(bundle.origins.relocate(warnings)))


def _render_document(
    document: Any, diags: Collector, config: Config, *, cache: Path | None
) -> tuple[dict[str, str], tuple[Diagnostic, ...]]:
    """Validate, build, render and format one (bundled) document."""
    from oapigen.apidiff.surface import API_FILE, cached_dumps, surface  # noqa: PLC0415
    from oapigen.format import Formatting  # noqa: PLC0415
    from oapigen.spec.validate import check, report_upstream, upstream_findings  # noqa: PLC0415

    version = check(document, diags, lenient=config.lenient)
    if version is None or diags.errors:
        # Nothing to build; the upstream validator's findings still join ours when it may run.
        if version is not None:
            report_upstream(
                upstream_findings(document, version, cache), diags, lenient=config.lenient
            )
        diags.raise_if_errors()
    with Formatting(cache_dir=cache, formatter=config.formatter) as formatting:
        client, files = _build_while_validating(
            document, str(version), diags, config, cache=cache, formatting=formatting
        )
        formatted = formatting.finish(files)
    files = {**formatted, API_FILE: cached_dumps(surface(client), cache)}
    return files, tuple(sorted(diags.warnings))


def _build_while_validating(
    document: Any,
    version: str,
    diags: Collector,
    config: Config,
    *,
    cache: Path | None,
    formatting: Formatting,
) -> tuple[Client, dict[str, str]]:
    """Build and render while the upstream validator (seconds on big specs) runs in a child.

    Its findings still come first: build diagnostics count only when it is content, as if it
    had run before.
    """
    from oapigen.build import build_client  # noqa: PLC0415
    from oapigen.render import render_client  # noqa: PLC0415
    from oapigen.spec.validate_fork import UpstreamValidation  # noqa: PLC0415

    built = Collector(config.spec_label)
    with UpstreamValidation(document, version, cache) as upstream:
        try:
            client = build_client(document, built, config)
            files = (
                {}
                if built.errors
                else render_client(
                    client, user_templates=config.templates, cache_dir=cache, formatting=formatting
                )
            )
        except Exception:
            upstream.report_into(diags, lenient=config.lenient)
            diags.raise_if_errors()  # an invalid spec explains why building failed
            raise
        upstream.report_into(diags, lenient=config.lenient)
    diags.raise_if_errors()
    diags.items.extend(built.items)
    diags.raise_if_errors()
    return client, files


def generate(config: Config, *, check: bool = False, overwrite: bool = False) -> Result:
    """Generate the client into ``config.out`` (or only compare, with ``check``).

    ``overwrite``: replace files in ``config.out`` that oapigen did not write (else refused).
    """
    from oapigen.output import changelog, write  # noqa: PLC0415

    files, warnings = render_files(config)
    extra = {
        "generator": f"oapigen {__version__}",
        "spec": config.spec_label,
        "spec_sha256": hashlib.sha256(config.spec.read_bytes()).hexdigest(),
    }
    # The changelog is history, not output of the spec: it grows only when the spec changes.
    sha = str(extra["spec_sha256"])
    history = changelog.history(config.out, files, spec=config.spec_label, spec_sha256=sha)
    files = {**files, **history}
    if check:
        manifest_files = {**files, write.MANIFEST: write.manifest_text(files, extra)}
        return Result(files=files, warnings=warnings, plan=write.plan(config.out, manifest_files))
    plan = write.write_tree(config.out, files, extra, overwrite=overwrite)
    return Result(files=files, warnings=warnings, plan=plan)

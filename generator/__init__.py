"""oapigen: OpenAPI -> typed Python client, through a row of pure stages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from oapigen.config import Config
from oapigen.diagnostics import Diagnostic, SpecError

if TYPE_CHECKING:
    from oapigen import ir
    from oapigen.apidiff.release import Release
    from oapigen.output import write

__all__ = ["Config", "Diagnostic", "Result", "SpecError", "generate", "render_files"]
__version__ = "0.1.0"


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """The files of one generation run and what writing them changed."""

    files: dict[str, str]
    warnings: tuple[Diagnostic, ...]
    plan: write.Plan | None
    release: Release | None = None


def render_files(config: Config) -> tuple[dict[str, str], tuple[Diagnostic, ...]]:
    """Load, validate, build, render and format: the whole pipeline but the write."""
    files, warnings, _ = _render(config, store=True)
    return files, warnings


def _render(
    config: Config, *, store: bool, settle: Callable[[ir.Client, str], str] | None = None
) -> tuple[dict[str, str], tuple[Diagnostic, ...], bool]:
    # The stages are imported on use: a run answered from the cache never loads them.
    from oapigen.cache.runs import cached_render  # noqa: PLC0415
    from oapigen.format import formatter_key  # noqa: PLC0415

    def pipeline(config: Config) -> tuple[dict[str, str], tuple[Diagnostic, ...]]:
        from oapigen.pipeline import client_files  # noqa: PLC0415

        return client_files(config, settle=settle)

    formatter = formatter_key(config.formatter)
    return cached_render(config, pipeline, formatter=formatter, store=store)


def _store(config: Config, files: dict[str, str], warnings: tuple[Diagnostic, ...]) -> None:
    from oapigen.cache.runs import store_run  # noqa: PLC0415
    from oapigen.format import formatter_key  # noqa: PLC0415

    store_run(config, files, warnings, formatter=formatter_key(config.formatter))


def generate(config: Config, *, check: bool = False, overwrite: bool = False) -> Result:
    """Generate the client into ``config.out`` (or only compare, with ``check``).

    ``overwrite``: replace files in ``config.out`` that oapigen did not write (else refused).
    """
    from oapigen.output import changelog, write  # noqa: PLC0415

    current = changelog.recorded_version(write.read_manifest(config.out)) or config.version
    releases: list[tuple[Release, dict[str, object]]] = []
    spec_versions: list[str] = []  # info.version, as the IR read it
    shas: list[str] = []

    def spec_sha() -> str:
        # Taken once the spec is loaded: a split spec's files are known then (all count).
        if not shas:
            shas.append(_spec_sha(config))
        return shas[0]

    def settle(client: ir.Client | None, api_text: str) -> str:
        # The version follows from the API diff, known once the IR is built: render with it.
        if client is not None:
            spec_versions.append(client.version)
        releases.append(
            changelog.release(config.out, api_text, spec_sha256=spec_sha(), first=config.version)
        )
        return releases[-1][0].version

    # Not stored under this key: when the spec changed, the files carry another version.
    files, warnings, from_cache = _render(
        config.with_overrides(version=current), store=False, settle=settle
    )
    if not releases:  # answered from the cache, rendered with the recorded version
        settle(None, files[changelog.API_FILE])
    made, manifest = releases[-1]
    if from_cache and made.version != current:
        # The version is in pyproject.toml, __init__.py and the docs: render with the new one.
        files, warnings = render_files(config.with_overrides(version=made.version))
    elif not from_cache:
        _store(config.with_overrides(version=made.version), files, warnings)
    sha = spec_sha()
    entry = changelog.Entry(
        spec=config.spec_label,
        spec_version=_spec_version(config, spec_versions) if made.bump != "none" else "",
        spec_sha256=sha,
        warnings=tuple(w.render() for w in warnings),
    )
    # The changelog is history, not output of the spec: it grows only when the spec changes.
    files = {**files, **changelog.history(config.out, manifest, made, entry)}
    extra = {
        "client_version": made.version,
        "generator": f"oapigen {__version__}",
        "spec": config.spec_label,
        "spec_sha256": sha,
    }
    if check:
        manifest_files = {**files, write.MANIFEST: write.manifest_text(files, extra)}
        plan = write.plan(config.out, manifest_files)
    else:
        plan = write.write_tree(config.out, files, extra, overwrite=overwrite)
    return Result(files=files, warnings=warnings, plan=plan, release=made)


def _spec_sha(config: Config) -> str:
    """The spec's SHA-256, of all its files when it is split (read again only without a cache)."""
    from oapigen.cache import default_cache_dir  # noqa: PLC0415
    from oapigen.cache.sources import spec_sha  # noqa: PLC0415

    cache_dir = (config.cache_dir or default_cache_dir()) if config.use_cache else None
    known = spec_sha(config.spec, cache_dir)
    if known is not None:
        return known
    from oapigen.spec.bundle import spec_digest  # noqa: PLC0415

    return spec_digest(config.spec, cache_dir)


def _spec_version(config: Config, from_ir: list[str]) -> str:
    """The spec's ``info.version``, for the changelog: the IR's, else parsed again (cache hit)."""
    if from_ir:
        return from_ir[-1]  # a second YAML parse of a large spec cost ~1 s of an edited run
    from oapigen.spec.load import load_spec  # noqa: PLC0415

    document = load_spec(config.spec, display=config.spec_label)
    info = document.get("info") if isinstance(document, dict) else None
    return str(info.get("version") or "") if isinstance(info, dict) else ""

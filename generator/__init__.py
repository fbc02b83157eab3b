"""oapigen: OpenAPI -> typed Python client, through a row of pure stages."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from oapigen.config import Config
from oapigen.diagnostics import Diagnostic, SpecError
from oapigen.ir.records import record

if TYPE_CHECKING:
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
    # The stages are imported on use: a run answered from the cache never loads them.
    from oapigen.cache.runs import cached_render  # noqa: PLC0415
    from oapigen.format import formatter_key  # noqa: PLC0415

    return cached_render(config, _client_files, formatter=formatter_key(config.formatter))


def _client_files(config: Config) -> tuple[dict[str, str], tuple[Diagnostic, ...]]:
    from oapigen.pipeline import client_files  # noqa: PLC0415

    return client_files(config)


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

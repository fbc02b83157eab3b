"""Shared Jinja set-up, and compiled templates kept in the oapigen cache folder."""

from __future__ import annotations

from pathlib import Path

import jinja2


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, except that a failed write only costs speed."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def bytecode_cache(cache_dir: Path | None) -> jinja2.BytecodeCache | None:
    """A bytecode cache under ``cache_dir``; None without one (Jinja keys it by source)."""
    if cache_dir is None:
        return None
    try:
        (cache_dir / "jinja").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietCache(str(cache_dir / "jinja"))


def strict_environment(user_templates: Path | None, cache_dir: Path | None) -> jinja2.Environment:
    """Strict Jinja, no autoescape: Python and Markdown are each escaped by their own filter.

    Templates come from the installed package; a user's folder is searched first, file by file.
    """
    shipped = jinja2.PackageLoader("oapigen.templates", ".")
    loader: jinja2.BaseLoader = (
        jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(user_templates)), shipped])
        if user_templates
        else shipped
    )
    return jinja2.Environment(
        # Compiling the templates is a third of a warm run; Jinja keys this by template source.
        bytecode_cache=bytecode_cache(cache_dir),
        loader=loader,
        # A run never sees a template change: without this, each of the ~10,000 template
        # lookups of a large client stats its file again (~0.2 s of a cold full-document run).
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )

"""Jinja's compiled templates kept in the oapigen cache folder, where writing may fail quietly."""

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

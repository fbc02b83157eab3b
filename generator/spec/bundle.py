"""A spec split over files, bundled into one document (issue 15).

A ``$ref`` to another file where a component may stand becomes a local ref to a new component
named after the file (bundle_names.py); anywhere else (an operation, a path item, a description)
the target is copied in. Refs inside a file are resolved against that file. Refs to URLs or to
anything outside the root spec's folder are errors. ``origins`` maps bundled pointers back to
the file each part came from, for diagnostics.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from oapigen.cache.sources import may_name_files, read_key, remember, spec_sha, with_files
from oapigen.diagnostics import SpecError
from oapigen.spec import load
from oapigen.spec.bundle_walk import Bundler
from oapigen.spec.origins import Origins
from oapigen.spec.sources import Sources


@dataclass(frozen=True, slots=True)
class Bundle:
    """One self-contained document, where its parts came from, and the files read."""

    document: Any
    origins: Origins
    sources: Sources


def load_bundle(path: Path, *, display: str | None = None, cache_dir: Path | None = None) -> Bundle:
    """Load the spec at ``path`` and every file it refers to, as one document."""
    label = display or str(path)
    document = load.load_spec(path, display=label)
    raw = path.read_bytes()
    sources = Sources(path, label, document, len(raw), cache_dir)
    if not may_name_files(raw):
        return Bundle(document, Origins(label), sources)
    bundler = Bundler(sources)
    bundled = bundler.run(document)
    remember(cache_dir, path, sources.read, raw)
    errors = [*sources.diagnostics, *bundler.diagnostics]
    if errors:
        raise SpecError(errors)
    return Bundle(bundled, bundler.origins, sources)


def spec_digest(path: Path, cache_dir: Path | None) -> str:
    """SHA-256 of the spec's bytes; for a spec split over files, of every file it reads too."""
    known = spec_sha(path, cache_dir)  # a run that just read the files left their digest
    if known is not None:
        return known
    read = load_bundle(path, cache_dir=cache_dir).sources.read
    return with_files(path.read_bytes(), read_key(path, read))


def write_document(document: Any, output: Path | None) -> None:
    """Write a document as JSON (for a ``.json`` output) or YAML, to ``output`` or stdout."""
    if output is not None and output.suffix.lower() == ".json":
        text = json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"
    else:
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")

"""Docs test helpers: the generated pages, their links and Python blocks, an IR builder."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator import ir
from generator.build import build_client
from generator.config import Config
from generator.diagnostics import Collector
from generator.load import load_spec
from generator.validate import validate

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_HTML_ID = re.compile(r"<a\s+id=\"([^\"]+)\"")
_FENCE = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def doc_pages(root: Path = GENERATED) -> list[Path]:
    """README.md and every page under docs/."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def slug(heading: str) -> str:
    """The id Python-Markdown's toc extension (MkDocs) gives a heading."""
    text = re.sub(r"<[^>]+>", "", heading)
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors(text: str) -> set[str]:
    """Every id a page defines: heading slugs (GitHub keeps the same ones) and explicit ids."""
    without_code = re.sub(r"^```.*?^```$", "", text, flags=re.MULTILINE | re.DOTALL)
    return {slug(h) for h in _HEADING.findall(without_code)} | set(
        _HTML_ID.findall(text)
    )


def broken_links(page: Path) -> list[str]:
    """Relative links of ``page`` whose file or #anchor does not exist."""
    text = page.read_text(encoding="utf-8")
    prose = re.sub(r"^```.*?^```$", "", text, flags=re.MULTILINE | re.DOTALL)
    broken = []
    for target in _LINK.findall(prose):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue
        path, _, fragment = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.is_file():
            broken.append(f"{target} (no file)")
        elif fragment and fragment not in anchors(file.read_text(encoding="utf-8")):
            broken.append(f"{target} (no anchor)")
    return broken


def python_blocks(text: str) -> list[str]:
    """The bodies of the ```python fences of a Markdown page."""
    return _FENCE.findall(text)


def build_ir(spec: dict[str, Any] | Path, tmp_path: Path, **config: Any) -> ir.Client:
    """Load, validate and build a spec (a dict is written to tmp_path first) into the IR."""
    if isinstance(spec, dict):
        path = tmp_path / "spec.yaml"
        path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    else:
        path = spec
    settings = Config(
        spec=path, root=tmp_path if isinstance(spec, dict) else ROOT, **config
    )
    diags = Collector(path.name)
    document = validate(load_spec(path), diags, lenient=False)
    diags.raise_if_errors()
    client = build_client(document, diags, settings)
    diags.raise_if_errors()
    return client

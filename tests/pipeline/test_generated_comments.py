"""Generated code reads as a reviewer would write it: no benchmark arithmetic in its comments
(issue 14, part 8). Timings belong in bench/, where they are measured, not in every client."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# "~15 ns", "2.9 µs", "(10 ms)", "3x faster", "~40 %": figures of a measurement.
TIMING = re.compile(
    r"\d(?:\.\d+)?\s?(?:ns|µs|us|ms)\b|\d\s?[x\u00d7]\s(?:faster|slower)|~\s?\d+(?:\.\d+)?\s?%",
    re.IGNORECASE,
)
JINJA_COMMENT = re.compile(r"\{#(.*?)#\}", re.DOTALL)


def _python_comments(text: str) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return [tok.string for tok in tokens if tok.type == tokenize.COMMENT]


def _sources() -> list[Path]:
    generated = sorted((ROOT / "generated").rglob("*.py"))
    shipped = sorted((ROOT / "templates").rglob("*.py"))
    return [p for p in generated + shipped if "node_modules" not in p.parts]


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_timing_in_python_comments(path: Path) -> None:
    found = [c for c in _python_comments(path.read_text(encoding="utf-8")) if TIMING.search(c)]
    assert not found, found


def test_no_timing_in_template_comments() -> None:
    found = []
    for path in sorted((ROOT / "templates").rglob("*.jinja")):
        text = path.read_text(encoding="utf-8")
        comments = JINJA_COMMENT.findall(text) + [
            line.split("#", 1)[1] for line in text.splitlines() if line.lstrip().startswith("#")
        ]
        found += [f"{path.name}: {c.strip()}" for c in comments if TIMING.search(c)]
    assert not found, found


def test_the_pattern_finds_what_it_is_for() -> None:
    for comment in ("# binding costs ~70 ns a call", "# 2.9 µs -> 1.3 µs", "# ~40 % of a run"):
        assert TIMING.search(comment), comment
    assert not TIMING.search("# retry after 429 and 5xx; see RFC 9110")

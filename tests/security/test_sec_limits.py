"""Resource limits: each hostile document finishes with output or a clear error, within bounds.

Memory is asserted (peak RSS of the generator's own process). Work is asserted as CPU time, in
units of one plain generation measured in the same session: a bound that holds on a slow or a
busy machine (CPU time does not grow while a process waits for a core, and a slow machine
makes the unit slower too), and still fails when a hostile document costs minutes of work.
Wall time is only printed.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest
from sec_harness import MEASUREMENTS, Measured, base_spec, run_measured, squash

# At most this many plain generations' worth of CPU for any hostile document. Measured: the
# heaviest case (a 1 MB description, formatted and checked) takes 1.5 units, 10,000 properties
# without their limit 4.2; a run of minutes (an expanded alias bomb, quadratic work) takes
# a hundred or more.
WORK_UNITS = 10.0


@pytest.fixture(scope="module")
def unit(tmp_path_factory: pytest.TempPathFactory) -> float:
    """CPU seconds of one plain generation of the small valid spec: the unit of work."""
    case = tmp_path_factory.mktemp("plain") / "case"
    measured = run_measured(json.dumps(base_spec()).encode(), case, suffix=".json")
    measured.outcome.assert_generated()
    MEASUREMENTS.append(f"plain generation (the unit): {measured.cpu_seconds:.2f} s CPU")
    return measured.cpu_seconds


def _report(name: str, measured: Measured, unit: float) -> None:
    units = measured.cpu_seconds / unit
    MEASUREMENTS.append(
        f"{name}: exit {measured.outcome.rc}, {measured.cpu_seconds:.2f} s CPU "
        f"({units:.1f} units), {measured.seconds:.2f} s wall, {measured.max_rss_mb:.0f} MB peak RSS"
    )
    assert units < WORK_UNITS, f"{name} took {units:.1f} plain generations of CPU"
    assert "Traceback" not in measured.outcome.stderr, measured.outcome.stderr


def billion_laughs() -> bytes:
    """Nine levels of nine aliases each: 9**9 (387 million) strings from ~300 bytes."""
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def test_billion_laughs_fails_fast_and_small(tmp_path: Path, unit: float) -> None:
    """The issue's bound: under a second of work and under 100 MB, with a clear error."""
    bomb = billion_laughs()
    assert len(bomb) < 330
    measured = run_measured(bomb, tmp_path / "case", suffix=".yaml")
    _report("billion laughs", measured, unit)
    measured.outcome.assert_refused("alias-bomb")
    assert measured.max_rss_mb < 100


def test_ten_thousand_properties_is_refused(tmp_path: Path, unit: float) -> None:
    """Black alone would take over a minute on the model: a clear limit instead."""
    spec = base_spec()
    spec["components"]["schemas"]["Item"]["properties"] = {
        f"p{i}": {"type": "string"} for i in range(10_000)
    }
    measured = run_measured(json.dumps(spec).encode(), tmp_path / "case", suffix=".json")
    _report("10,000 properties", measured, unit)
    measured.outcome.assert_refused("too-many-properties")
    assert "#/components/schemas/Item/properties" in measured.outcome.stderr
    assert measured.max_rss_mb < 200


def test_one_megabyte_description_generates(tmp_path: Path, unit: float) -> None:
    """A 1 MB description with quotes and backslashes ends up, escaped, in the docstring."""
    text = ("Say \"\"\"hi\"\"\" \\ and '''bye'''\n" * 40_000)[:1_000_000]
    spec = base_spec()
    spec["components"]["schemas"]["Item"]["description"] = text
    measured = run_measured(json.dumps(spec).encode(), tmp_path / "case", suffix=".json")
    _report("1 MB description", measured, unit)
    measured.outcome.assert_generated()
    source = (measured.outcome.out / "hostile_client/models/item.py").read_text()
    tree = ast.parse(source)  # read, not run: the docstring is data
    item = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Item")
    assert squash(text) in squash(ast.get_docstring(item, clean=False) or "")
    assert measured.max_rss_mb < 200


def test_longer_strings_are_refused(tmp_path: Path, unit: float) -> None:
    """Past 1 MiB a string is refused with its pointer."""
    spec = base_spec()
    spec["info"]["description"] = "x" * 2_000_000
    measured = run_measured(json.dumps(spec).encode(), tmp_path / "case", suffix=".json")
    _report("2 MB description", measured, unit)
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
def test_five_hundred_deep_nesting_is_a_clear_error(
    kind: str, suffix: str, tmp_path: Path, unit: float
) -> None:
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
    _report(f"500-deep {kind} ({suffix})", measured, unit)
    measured.outcome.assert_refused("too-deep")
    assert "RecursionError" not in measured.outcome.stderr
    assert measured.max_rss_mb < 200


def test_self_referencing_schema_generates(tmp_path: Path, unit: float) -> None:
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
    _report("self-referencing schema", measured, unit)
    measured.outcome.assert_generated()
    assert measured.max_rss_mb < 200


def test_ref_that_only_refers_to_itself_is_refused(tmp_path: Path, unit: float) -> None:
    """``A: {$ref: A}`` has no meaning: refused, no recursion."""
    spec = base_spec()
    spec["components"]["schemas"]["Loop"] = {"$ref": "#/components/schemas/Loop"}
    spec["components"]["schemas"]["Ping"] = {"$ref": "#/components/schemas/Pong"}
    spec["components"]["schemas"]["Pong"] = {"$ref": "#/components/schemas/Ping"}
    measured = run_measured(json.dumps(spec).encode(), tmp_path / "case", suffix=".json")
    _report("self-referencing $ref", measured, unit)
    measured.outcome.assert_refused("ref-loop")
    assert measured.max_rss_mb < 200

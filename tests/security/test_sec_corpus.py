"""Adversarial corpus: every spec string sink, planted with every hostile payload.

Each spec generates through the real CLI; the package is then compiled, imported, every model
round-tripped and every method called against a loopback server, in a subprocess. The canary
file that payloads try to create must never exist, and planted strings must come back as data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sec_harness import FIGURES, Loopback, base_spec, exercise, payloads, run_cli
from sec_sinks import SINKS, _is_regex, _item


@pytest.mark.parametrize("sink_name", sorted(SINKS))
def test_sink_survives_every_payload(sink_name: str, tmp_path: Path, loopback: Loopback) -> None:
    """All payloads in one sink: generated, run, canary absent, strings back as data."""
    case = tmp_path / "case"
    found = payloads(case / "CANARY")
    spec, samples, check = SINKS[sink_name](found)
    FIGURES["strings planted"] += len(found)
    outcome = run_cli(spec, case)
    outcome.assert_generated()
    report = exercise(outcome, {"host": loopback.url, "samples": samples, "arg": found[8]})
    assert not (case / "CANARY").exists(), "a planted command ran"
    assert report["apis"], "every spec has at least one API class"
    assert report["models"] and all(m["round_trips"] >= 1 for m in report["models"].values())
    check(report, found, loopback)
    assert not (case / "CANARY").exists(), "a planted command ran"


def test_pattern_that_is_not_a_regex_is_dropped_with_a_warning(tmp_path: Path) -> None:
    """A pattern Python cannot read is a vendor defect with one fix (spec/mend.py): no generated
    code checks patterns, so it is dropped, each with one warning showing it escaped."""
    case = tmp_path / "case"
    bad = [text for text in payloads(case / "CANARY") if not _is_regex(text)]
    assert bad, "the corpus has payloads that are not regular expressions"
    spec = base_spec()
    _item(spec)["properties"] = {
        f"r{i}": {"type": "string", "pattern": t} for i, t in enumerate(bad)
    }
    outcome = run_cli(spec, case)
    outcome.assert_generated()
    assert not (case / "CANARY").exists(), "a planted command ran"
    # One line per diagnostic: newlines in the echoed pattern are escaped.
    lines = outcome.stderr.splitlines()
    assert all(line.startswith("spec.json#") for line in lines)
    dropped = [line for line in lines if "warning[repaired]: dropped: pattern" in line]
    assert len(dropped) == len(bad), outcome.stderr

"""The upstream validator in a process of its own gives what it gives in this one."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
import yaml

from oapigen import Config, SpecError, generate, pipeline
from oapigen.diagnostics import Collector
from oapigen.spec import upstream

from .conftest import ROOT

FRAGMENT = ROOT / "spec" / "realtime_sessions.yaml"
BAD = ROOT / "tests" / "pipeline" / "bad_specs" / "duplicate_required.yaml"


def test_findings_apart_equal_findings_here() -> None:
    document = yaml.safe_load(BAD.read_text(encoding="utf-8"))
    here = upstream.start(document, "3.0.3", None, apart=False).result()
    apart = upstream.start(document, "3.0.3", None, apart=True).result()
    assert here
    assert apart == here


def test_apart_findings_are_stored_and_answer_the_next_run(tmp_path: Path) -> None:
    document = yaml.safe_load(BAD.read_text(encoding="utf-8"))
    found = upstream.start(document, "3.0.3", tmp_path, apart=True).result()
    assert list((tmp_path / "validate").rglob("*.json"))
    assert upstream.findings(document, "3.0.3", tmp_path) == found


def _outcome(spec: Path, out: Path, *, lenient: bool) -> object:
    config = Config(spec=spec, out=out, root=ROOT, lenient=lenient, use_cache=False)
    try:
        result = generate(config)
    except SpecError as exc:
        return [d.render() for d in exc.diagnostics]
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    return files, [w.render() for w in result.warnings]


@pytest.mark.parametrize(("spec", "lenient"), [(FRAGMENT, False), (BAD, False), (BAD, True)])
def test_a_run_with_the_validator_apart_equals_a_serial_run(
    spec: Path, lenient: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = _outcome(spec, tmp_path / "serial", lenient=lenient)
    monkeypatch.setattr(pipeline, "VALIDATE_APART_FROM_BYTES", 0)
    assert _outcome(spec, tmp_path / "apart", lenient=lenient) == serial


def test_a_lost_validator_process_is_one_error() -> None:
    lost: Future[upstream.Findings] = Future()
    lost.set_exception(BrokenProcessPool("a child process terminated abruptly"))
    diags = Collector("spec.yaml")
    upstream.report_when_done(upstream.Validation(lost), diags, lenient=True)
    assert [d.render() for d in diags.items] == [
        "spec.yaml#: error[validator-died]: the spec validator's process ended early:"
        " a child process terminated abruptly"
    ]


def test_the_pipeline_loads_no_process_machinery_until_it_validates_apart() -> None:
    # A small spec validates in this process: the pool's modules (~25 ms) stay unloaded.
    probe = (
        "import sys, oapigen.pipeline; "
        "print(sorted({'multiprocessing', 'concurrent.futures.process'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"

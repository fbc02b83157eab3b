"""Crash-free on every input: mutated test specs end in a known exit code with diagnostics only.

Derandomized, with a fixed number of examples and no deadline, so a failure always means a
defect: the same inputs run every time, whatever the machine's load.
"""

from __future__ import annotations

import io
import os
import random
import re
from collections.abc import Iterator, Sequence
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oapigen.cli import main

from ..commands import oapigen
from .conftest import ROOT
from .mutations import dump, duplicate_key, mutate

SPECS = (
    "tests/docs/specs/pets.yaml",
    "tests/generality/specs/constructs.yaml",
    "tests/generality/specs/constructs_30.yaml",
    "spec/realtime_sessions.yaml",
)
DOCUMENTS = {name: yaml.safe_load((ROOT / name).read_text(encoding="utf-8")) for name in SPECS}
# What may reach stderr: one diagnostic per line (YAML errors point at FILE:line:col).
DIAGNOSTIC = re.compile(r"^\S.*: (error|warning)\[[a-z0-9-]+\]: .*$")
EXAMPLES = 25


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder for the mutated specs and outputs, with its own cache."""
    folder = tmp_path_factory.mktemp("mutations")
    before = os.environ.get("OAPIGEN_CACHE_DIR")
    os.environ["OAPIGEN_CACHE_DIR"] = str(folder / "cache")
    yield folder
    if before is None:
        del os.environ["OAPIGEN_CACHE_DIR"]
    else:
        os.environ["OAPIGEN_CACHE_DIR"] = before


def run(argv: Sequence[str]) -> tuple[int, str]:
    """``oapigen ARGV`` in this process: exit code and stderr."""
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        code = main(list(argv))
    return code, err.getvalue()


def assert_diagnostics_only(code: int, stderr: str, allowed: set[int], argv: Sequence[str]) -> None:
    """The exit code is one the command documents, and every stderr line is a diagnostic."""
    assert code in allowed, f"oapigen {' '.join(argv)} exited {code}:\n{stderr}"
    assert "Traceback" not in stderr
    odd = [line for line in stderr.splitlines() if not DIAGNOSTIC.match(line)]
    assert not odd, f"oapigen {' '.join(argv)}: not diagnostics:\n" + "\n".join(odd)


def mutated_spec(data: st.DataObject, folder: Path) -> tuple[Path, Path]:
    """The original spec and a mutated copy written to ``folder``."""
    name = data.draw(st.sampled_from(SPECS), label="spec")
    steps = data.draw(st.integers(min_value=1, max_value=4), label="steps")
    # Places and mutations are chosen uniformly from a drawn seed: hypothesis' own choices lean
    # to the first option, which here is nearly always the same harmless drop.
    seed = data.draw(st.integers(min_value=0, max_value=2**32 - 1), label="seed")
    pick = random.Random(seed).choice
    text = dump(mutate(DOCUMENTS[name], pick, steps=steps))
    if data.draw(st.booleans(), label="duplicate a key"):
        text = duplicate_key(text, pick)
    spec = folder / "mutated.yaml"
    spec.write_text(text, encoding="utf-8")
    return ROOT / name, spec


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_mutated_specs_never_crash(data: st.DataObject, workdir: Path) -> None:
    original, spec = mutated_spec(data, workdir)
    out = str(workdir / "out")
    commands: list[tuple[list[str], set[int]]] = [
        (["generate", "--spec", str(spec), "--out", out, "--package", "mutant"], {0, 2}),
        (["generate", "--lenient", "--spec", str(spec), "--out", out, "--package", "m"], {0, 2}),
        (["validate", str(spec)], {0, 2}),
        (["validate", "--lenient", str(spec)], {0, 2}),
        (["validate", "--strict", str(spec)], {0, 2}),
        (["diff", "--lenient", str(original), str(spec)], {0, 1, 2}),
        (["docs", "--spec", str(spec), "--out", str(workdir / "docs"), "--package", "m"], {0, 2}),
        (
            ["slice", str(spec), "--operation", _first_operation(original), "-o", out + ".yaml"],
            {0, 2},
        ),
    ]
    for argv, allowed in commands:
        code, stderr = run(argv)
        assert_diagnostics_only(code, stderr, allowed, argv)


def _first_operation(spec: Path) -> str:
    paths = DOCUMENTS[spec.relative_to(ROOT).as_posix()]["paths"]
    return next(op["operationId"] for item in paths.values() for op in item.values())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mutated_specs_in_a_real_process(seed: int, tmp_path: Path) -> None:
    """The installed entry point too: exit code and stderr as a shell sees them."""
    rng = random.Random(seed)
    name = SPECS[seed % len(SPECS)]
    spec = tmp_path / "mutated.yaml"
    spec.write_text(dump(mutate(DOCUMENTS[name], rng.choice, steps=3)), encoding="utf-8")
    for lenient in ([], ["--lenient"]):
        argv = ["generate", *lenient, "--spec", str(spec), "--out", str(tmp_path / "out")]
        result = oapigen(*argv, env={**os.environ, "OAPIGEN_CACHE_DIR": str(tmp_path / "cache")})
        assert_diagnostics_only(result.returncode, result.stderr, {0, 2}, argv)

"""The upstream validator in a forked child: same findings, errors and files as in process."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from oapigen import Config, SpecError, generate
from oapigen.diagnostics import Collector
from oapigen.spec import validate_fork
from oapigen.spec.load import load_spec
from oapigen.spec.validate import check

from .conftest import ROOT, make_spec

FRAGMENT = ROOT / "spec" / "realtime_sessions.yaml"
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def invalid_spec() -> dict[str, Any]:
    """Refs resolve and operations are fine, but a schema breaks the OpenAPI schema."""
    spec = make_spec({"Thing": {"type": "object", "properties": {"n": {"type": 5}}}})
    spec["paths"] = {
        "/things": {
            "get": {
                "operationId": "getThing",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        },
                    }
                },
            }
        }
    }
    return spec


def write_spec(tmp_path: Path, spec: dict[str, Any]) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").is_dir() else set()


def checked(path: Path) -> tuple[Any, str]:
    document = load_spec(path)
    version = check(document, Collector(str(path)), lenient=True)
    assert version is not None
    return document, version


@needs_fork
@pytest.mark.parametrize("make", [invalid_spec, None], ids=["invalid", "fragment"])
def test_forked_and_in_process_findings_are_the_same(tmp_path: Path, make: Any) -> None:
    path = write_spec(tmp_path, make()) if make else FRAGMENT
    document, version = checked(path)
    before = open_fds()
    with validate_fork.UpstreamValidation(document, version, None, fork=True) as forked:
        in_child = forked.findings()
    in_process = validate_fork.UpstreamValidation(document, version, None, fork=False).findings()
    assert in_child == in_process
    assert bool(in_child) == (make is not None)
    assert open_fds() == before


def run_generate(tmp_path: Path, spec: Path, name: str, **options: Any) -> Any:
    config = Config(spec=spec, out=tmp_path / name, root=ROOT, use_cache=False, **options)
    try:
        result = generate(config)
    except SpecError as exc:
        assert not (tmp_path / name).exists(), "nothing is written on error"
        return [d.render() for d in exc.diagnostics]
    tree = {
        p.relative_to(tmp_path / name).as_posix(): p.read_bytes()
        for p in sorted((tmp_path / name).rglob("*"))
        if p.is_file()
    }
    return tree, [d.render() for d in result.warnings]


@needs_fork
@pytest.mark.parametrize("lenient", [False, True])
def test_generate_gives_the_same_with_and_without_fork(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lenient: bool
) -> None:
    spec = write_spec(tmp_path, invalid_spec())
    monkeypatch.setattr(validate_fork, "can_fork", lambda: True)
    forked = run_generate(tmp_path, spec, "forked", lenient=lenient)
    monkeypatch.setattr(validate_fork, "can_fork", lambda: False)
    serial = run_generate(tmp_path, spec, "serial", lenient=lenient)
    assert forked == serial
    if lenient:
        assert any("spec-invalid" in w for w in forked[1])
    else:
        assert any("spec-invalid" in line for line in forked)


@needs_fork
def test_an_invalid_spec_explains_a_build_that_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_build(*_: Any, **__: Any) -> Any:
        raise KeyError("what an invalid spec can do to the builder")

    monkeypatch.setattr("oapigen.build.build_client", broken_build)
    monkeypatch.setattr(validate_fork, "can_fork", lambda: True)
    spec = write_spec(tmp_path, invalid_spec())
    with pytest.raises(SpecError) as caught:
        generate(Config(spec=spec, out=tmp_path / "out", root=ROOT, use_cache=False))
    assert {d.code for d in caught.value.diagnostics} == {"spec-invalid"}
    # On a valid spec the builder's bug is not hidden.
    with pytest.raises(KeyError):
        generate(Config(spec=FRAGMENT, out=tmp_path / "out", root=ROOT, use_cache=False))
    assert not (tmp_path / "out").exists()


def killed(*_: Any) -> Any:
    os.kill(os.getpid(), signal.SIGKILL)


def raising(*_: Any) -> Any:
    raise RuntimeError("boom")


@needs_fork
@pytest.mark.parametrize(
    ("upstream", "reason"),
    [(killed, "killed by signal 9"), (raising, "it failed: RuntimeError: boom")],
    ids=["killed", "raising"],
)
def test_a_dead_child_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch, upstream: Any, reason: str
) -> None:
    document, version = checked(FRAGMENT)
    monkeypatch.setattr(validate_fork, "upstream_findings", upstream)
    before = open_fds()
    diags = Collector("spec.yaml")
    with validate_fork.UpstreamValidation(document, version, None, fork=True) as run:
        run.report_into(diags, lenient=True)
    assert [(d.code, d.severity.name) for d in diags.items] == [("validator-died", "ERROR")]
    assert reason in diags.items[0].message
    assert open_fds() == before


@needs_fork
def test_a_child_no_longer_wanted_is_stopped_and_reaped(monkeypatch: pytest.MonkeyPatch) -> None:
    document, version = checked(FRAGMENT)
    monkeypatch.setattr(validate_fork, "upstream_findings", lambda *_: os.pause())
    before = open_fds()
    run = validate_fork.UpstreamValidation(document, version, None, fork=True)
    pid = run._pid
    assert pid is not None
    run.close()
    with pytest.raises(ChildProcessError):  # already reaped: no zombie left behind
        os.waitpid(pid, os.WNOHANG)
    assert open_fds() == before
    with pytest.raises(validate_fork.ValidatorDied):
        run.findings()


def test_fork_is_not_used_while_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("threading.active_count", lambda: 2)
    assert not validate_fork.can_fork()
    monkeypatch.setattr("threading.active_count", lambda: 1)
    assert validate_fork.can_fork() == hasattr(os, "fork")
    assert sys.platform != "linux" or validate_fork.can_fork()

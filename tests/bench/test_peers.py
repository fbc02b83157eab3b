"""Figure 7 judges a peer's run by what it generated, not by its exit code alone (nothing timed)."""

from __future__ import annotations

import sys
from pathlib import Path

from bench import gen, peers
from bench.__main__ import realworld_rows
from bench.common import Run, Series, interleave, run_child

# Lines in the form openapi-python-client prints, written here for the test.
_DROPPED_TWICE = """\
WARNING parsing GET /things within alpha. Endpoint will not be generated.

WARNING parsing GET /things within beta. Endpoint will not be generated.

Failure to process schema has resulted in the removal of:
/components/schemas/Thing
"""


def test_opc_drops_are_counted_once_per_operation(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "api" / "alpha").mkdir(parents=True)
    (tmp_path / "pkg" / "api" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "pkg" / "api" / "alpha" / "make_thing.py").write_text("", encoding="utf-8")
    short = peers.opc_shortfall(tmp_path, _DROPPED_TWICE, declared=2, returncode=0)
    assert short == "1 of 2 operations dropped with a warning, 1 schemas removed"
    assert peers.opc_package(tmp_path) == "pkg"
    assert peers.opc_shortfall(tmp_path, "", declared=1, returncode=0) == ""


def test_opc_failures_say_why() -> None:
    refused = "Failed to parse OpenAPI document\n\n12 validation errors for OpenAPI\n"
    refused += "Error(s) encountered while generating, client was not created\n"
    assert peers.opc_shortfall(Path("."), refused, declared=3, returncode=1) == (
        "exit 1, 12 errors, no client written"
    )
    crashed = "│ raise │\n╰───╯\nValueError: Duplicate key X in enum\nsome.Module\n"
    assert peers.opc_shortfall(Path("."), crashed, declared=3, returncode=1) == (
        "exit 1, crashed: ValueError: Duplicate key X in enum some.Module"
    )


def test_oag_missing_and_empty_methods(tmp_path: Path) -> None:
    api = tmp_path / "oag_client" / "api"
    api.mkdir(parents=True)
    method = "    def {0}{1}(\n"
    method += "        _response_types_map: Dict[str, Optional[str]] = {{{2}\n        }}\n"
    text = ""
    for name, body in (("full", "\n            '200': \"Thing\","), ("empty", "")):
        for suffix in ("", "_with_http_info", "_without_preload_content"):
            text += method.format(name, suffix, body)
    (api / "default_api.py").write_text(text, encoding="utf-8")
    assert peers.oag_written(tmp_path) == (2, 1)
    assert peers.oag_shortfall(tmp_path, declared=3, returncode=0) == (
        "1 of 3 operations missing, 1 of 2 methods empty (no parameters, no responses)"
    )


def test_operations_are_counted_from_paths(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "paths:\n  /a:\n    parameters: []\n    get: {$ref: a.yml}\n    post: {}\n  /b:\n"
        "    summary: none\n",
        encoding="utf-8",
    )
    assert peers.spec_operations(spec) == 2


def test_an_incomplete_run_keeps_its_time_but_gets_no_ratio() -> None:
    def partial() -> Run:
        return Run(2.0, 1024, 0, "", 1.0, shortfall="1 of 2 operations dropped")

    def whole() -> Run:
        return Run(4.0, 2048, 0, "", 2.0)

    found = interleave(
        {"oapigen cold": whole, "openapi-python-client": partial},
        warmup=0,
        reps=1,
        log=lambda _line: None,
    )
    assert found["openapi-python-client"].shortfalls == ["1 of 2 operations dropped"]
    case = gen.SpecCase("x", Path("x.yaml"), True, "")
    rows = realworld_rows(case, found)
    assert rows[0].value.startswith("incomplete (2.00 s")
    assert rows[-1].ratio == "n/a" and rows[-1].verdict == "met (no peer generated it)"
    found["OpenAPI Generator"] = Series("OpenAPI Generator", [8.0], [4096], [4.0])
    rows = realworld_rows(case, found)
    assert rows[-1].ratio.startswith("0.50 \N{MULTIPLICATION SIGN} OAG")
    assert rows[-1].verdict == "met"


def test_run_child_keeps_both_streams_in_the_log(tmp_path: Path) -> None:
    log = tmp_path / "peer.log"
    code = "import sys; print('out'); print('err', file=sys.stderr); raise SystemExit(1)"
    done = run_child([sys.executable, "-c", code], log=log)
    assert done.returncode == 1
    assert log.read_text(encoding="utf-8").split() == ["out", "err"]
    assert "err" in done.stderr_tail

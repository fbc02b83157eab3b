"""The benchmark's own parts behave as the figures assume (nothing here is timed)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import urllib3

from bench.common import Run, interleave, loopback_server, run_child
from bench.imports import statement_seconds
from bench.report import fmt_ratio, ratio, verdict


def test_loopback_server_answers_every_request_on_one_connection(
    tmp_path: Path,
) -> None:
    body = json.dumps({"id": "sess_001"}).encode()
    (tmp_path / "body.json").write_bytes(body)
    with loopback_server("bench.server", str(tmp_path / "body.json")) as server:
        pool = urllib3.HTTPConnectionPool("127.0.0.1", server.port, maxsize=1)
        for size in (0, 10, 70_000):  # the last body arrives in several reads
            response = pool.request("POST", "/realtime/sessions", body=b"x" * size)
            assert response.status == 200
            assert response.data == body
        assert pool.num_connections == 1
    assert server.process.returncode == 0


def test_interleave_rotates_order_and_drops_warm_up_rounds() -> None:
    calls: list[str] = []

    def contender(name: str, value: float) -> object:
        return lambda: calls.append(name) or value

    series = interleave(
        {"a": contender("a", 1.0), "b": contender("b", 2.0), "c": contender("c", 3.0)},
        warmup=1,
        reps=2,
        log=lambda _line: None,
    )
    assert calls == ["a", "b", "c", "b", "c", "a", "c", "a", "b"]
    assert series["a"].seconds == [1.0, 1.0]
    assert series["b"].median == 2.0


def test_interleave_records_failures_without_stopping() -> None:
    def broken() -> float:
        raise RuntimeError("peer broke")

    series = interleave({"bad": broken}, warmup=0, reps=2, log=lambda _line: None)
    assert series["bad"].median is None
    assert series["bad"].failures == ["RuntimeError: peer broke"] * 2


def test_run_child_reports_exit_code_and_memory() -> None:
    done = run_child([sys.executable, "-c", "x = bytearray(50 * 2**20); raise SystemExit(3)"])
    assert isinstance(done, Run)
    assert done.returncode == 3
    assert done.max_rss_kib > 50 * 1024
    assert done.cpu_seconds > 0


def test_import_figure_counts_only_the_statement() -> None:
    env = {"PATH": "/usr/bin:/bin"}
    assert statement_seconds("pass", env) == 0
    assert statement_seconds("import json", env) > 0


def test_verdicts() -> None:
    assert verdict(ratio(1.0, 10.0), 0.2) == "met"
    assert verdict(ratio(3.0, 10.0), 0.2) == "MISSED"
    assert verdict(ratio(None, 10.0), 0.2) == "MISSED"
    assert fmt_ratio(ratio(1.0, 4.0), "OAG") == "0.25 \u00d7 OAG"

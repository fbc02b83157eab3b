"""Figure 9's server and table do what the figure assumes (nothing here is timed)."""

from __future__ import annotations

import json
from pathlib import Path

import urllib3

from bench.common import loopback_server
from bench.report import fmt_ratio
from bench.sse import SLICE, stream_body
from bench.streams import OURS, OURS_ASYNC, SDK, SDK_ASYNC, rows


def test_the_sse_server_sends_every_chunk_on_one_connection_cut_mid_event(
    tmp_path: Path,
) -> None:
    count = 50
    (tmp_path / "stream.bin").write_bytes(stream_body(count))
    with loopback_server("bench.sse", str(tmp_path / "stream.bin")) as server:
        pool = urllib3.HTTPConnectionPool("127.0.0.1", server.port, maxsize=1)
        for _ in range(2):
            response = pool.request("POST", "/chat/completions", body=b"{}")
            assert response.headers["Content-Type"].startswith("text/event-stream")
            events = response.data.split(b"\n\n")
            assert events[-2:] == [b"data: [DONE]", b""]
            chunks = [json.loads(event.removeprefix(b"data: ")) for event in events[:-2]]
            assert len(chunks) == count
            assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
            assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
        assert pool.num_connections == 1
    assert server.process.returncode == 0
    # The writes cut events: the stream is longer than one write, and a write boundary falls
    # inside an event rather than between two.
    body = stream_body(count)
    head_end = body.index(b"\r\n\r\n") + 4
    assert len(body) > 3 * SLICE and body[SLICE - 2 : SLICE] != b"\n\n"
    assert head_end < SLICE


def test_rows_give_events_per_second_against_the_sdk_in_the_same_mode() -> None:
    series = {OURS: [0.5, 1.0, 2.0], OURS_ASYNC: [2.0], SDK: [4.0], SDK_ASYNC: [1.0]}
    found = {row.contender: row for row in rows(series, 1000)}
    assert found[OURS].value == "1,000 events/s"
    assert (found[OURS].ratio, found[OURS].verdict) == (fmt_ratio(4.0, "SDK"), "met")
    assert (found[OURS_ASYNC].ratio, found[OURS_ASYNC].verdict) == (fmt_ratio(0.5, "SDK"), "MISSED")
    assert found[SDK].verdict == "" and found[SDK].value == "250 events/s"

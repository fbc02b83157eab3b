"""Figure 9: events per second of a chat completion stream, oapigen against the openai SDK.

Runs in its own process (``python -m bench.streams WORKDIR REPS WARMUP EVENTS``); prints one
JSON object of series (seconds per whole stream). The client is generated from the 2026-08-21
document's ``createChatCompletion`` (sliced, so the run takes seconds, not a minute: the
method and its models are the whole document's). Every contender reads the same stream from
the same loopback server (``bench.sse``) and decodes every event into its own types.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from .common import ROOT, VENV_BIN, interleave, loopback_server
from .report import Row, fmt_ratio
from .sse import stream_body

EVENTS = 10_000
SPEC = ROOT / "spec" / "upstream" / "2026-08-21.yaml"
PACKAGE = "oai_stream_bench"
REQUEST = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello"}]}
RAW, OURS, OURS_ASYNC = "raw urllib3 + json.loads", "oapigen", "oapigen async"
SDK, SDK_ASYNC = "openai SDK", "openai SDK AsyncOpenAI"


def generate_client(workdir: Path) -> Path:
    """The chat client of the 2026 document, generated into ``workdir``; its folder."""
    sliced, out = workdir / "chat-2026.yaml", workdir / "chat-client"
    oapigen = str(VENV_BIN / "oapigen")
    steps = (
        [oapigen, "slice", str(SPEC), "--operation", "createChatCompletion", "-o", str(sliced)],
        [oapigen, "generate", "--spec", str(sliced), "--out", str(out), "--package", PACKAGE],
    )
    for argv in steps:
        # From the work folder: the checkout's [tool.oapigen] must not apply.
        subprocess.run(argv, cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    return out


def _timed(run: Callable[[], int], events: int) -> Callable[[], float]:
    def sample() -> float:
        start = time.perf_counter()
        got = run()
        seconds = time.perf_counter() - start
        if got != events:  # a contender that stops early must not look fast
            raise RuntimeError(f"read {got} events of {events}")
        return seconds

    return sample


def contenders(url: str, events: int, loop: asyncio.AbstractEventLoop) -> dict[str, Any]:
    """One long-lived client per contender; each sample reads one whole stream."""
    import urllib3

    pkg = __import__(PACKAGE)
    config = pkg.Configuration(host=url, access_token="sk-bench")
    chat = pkg.ChatApi(pkg.ApiClient(config))
    async_chat = pkg.AsyncChatApi(pkg.AsyncApiClient(config))
    request = pkg.CreateChatCompletionRequest.from_dict(REQUEST)
    pool = urllib3.PoolManager()

    def raw() -> int:
        # The floor: the bytes, split into events, each parsed; no types, no checks.
        response = pool.request(
            "POST",
            url + "/chat/completions",
            json=REQUEST | {"stream": True},
            preload_content=False,
        )
        count, rest = 0, b""
        for piece in response.stream(65536):
            *done, rest = (rest + piece).split(b"\n\n")
            for event in done:
                if event != b"data: [DONE]":
                    json.loads(event[6:])
                    count += 1
        response.release_conn()
        return count

    def ours() -> int:
        return sum(1 for _ in chat.create_chat_completion_stream(request))

    async def ours_async() -> int:
        stream = await async_chat.create_chat_completion_stream(request)
        return sum([1 async for _ in stream])

    found: dict[str, Callable[[], float]] = {
        RAW: _timed(raw, events),
        OURS: _timed(ours, events),
        OURS_ASYNC: _timed(_on(loop, ours_async), events),
    }
    found.update(_sdk(url, events, loop))
    return found


def _on(loop: asyncio.AbstractEventLoop, run: Callable[[], Coroutine[Any, Any, int]]) -> Any:
    return lambda: loop.run_until_complete(run())


def _sdk(url: str, events: int, loop: asyncio.AbstractEventLoop) -> dict[str, Any]:
    try:
        import openai
    except ImportError:  # the bench extra is not installed: the figure runs without the SDK
        return {}
    sync = openai.OpenAI(base_url=url, api_key="sk-bench", max_retries=0)
    asynchronous = openai.AsyncOpenAI(base_url=url, api_key="sk-bench", max_retries=0)

    def sdk() -> int:
        with sync.chat.completions.create(stream=True, **REQUEST) as stream:  # type: ignore[call-overload]
            return sum(1 for _ in stream)

    async def sdk_async() -> int:
        stream = await asynchronous.chat.completions.create(stream=True, **REQUEST)  # type: ignore[call-overload]
        async with stream:
            return sum([1 async for _ in stream])

    return {SDK: _timed(sdk, events), SDK_ASYNC: _timed(_on(loop, sdk_async), events)}


def _check(url: str) -> None:
    """Every event really decodes: the words come back in order, typed."""
    pkg = __import__(PACKAGE)
    chat = pkg.ChatApi(pkg.ApiClient(pkg.Configuration(host=url, access_token="sk-bench")))
    request = pkg.CreateChatCompletionRequest.from_dict(REQUEST)
    got = [e.choices[0].delta.content for e in chat.create_chat_completion_stream(request)]
    if got[:3] != ["", " there", ","] or len(got) < 3:
        raise SystemExit(f"unexpected decode: {got[:3]!r}")


def main() -> None:
    """Entry point: measure figure 9; print the series as JSON on stdout."""
    workdir, reps, warmup, events = Path(sys.argv[1]), *map(int, sys.argv[2:5])
    sys.path.insert(0, str(generate_client(workdir)))
    body_file = workdir / "chat-stream.bin"
    body_file.write_bytes(stream_body(events))
    with loopback_server("bench.sse", str(body_file)) as server:
        loop = asyncio.new_event_loop()
        try:
            _check(server.url)
            log = lambda line: print(line, file=sys.stderr)  # noqa: E731
            found = contenders(server.url, events, loop)
            series = interleave(found, warmup=warmup, reps=reps, log=log)
        finally:
            # The SDK's streams are async generators: finalised here, not as the loop is destroyed.
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
    print(json.dumps({"events": events, "streams": {s.name: s.seconds for s in series.values()}}))


def figure(workdir: Path, reps: int, warmup: int, events: int = EVENTS) -> list[Row]:
    """Rows of figure 9, measured in a child process; none when it fails (said on stderr)."""
    argv = [sys.executable, "-m", "bench.streams", str(workdir), str(reps), str(warmup)]
    done = subprocess.run(
        [*argv, str(events)], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False
    )
    try:
        found = json.loads(done.stdout.splitlines()[-1])
        series: dict[str, list[float]] = found["streams"]
    except (IndexError, KeyError, ValueError):
        print(f"stream figure failed (exit {done.returncode}); see above", file=sys.stderr)
        return []
    return rows(series, found["events"])


def rows(series: dict[str, list[float]], events: int) -> list[Row]:
    """Events per second of each contender; ours against the SDK in the same mode."""
    rate = {n: events / statistics.median(v) if v else None for n, v in series.items()}
    against = {OURS: SDK, OURS_ASYNC: SDK_ASYNC}
    found = []
    for name, value in rate.items():
        peer = against.get(name)
        relative = value / rate[peer] if peer and value and rate.get(peer) else None
        found.append(
            Row(
                f"9. stream, {events:,} events",
                name,
                "failed" if value is None else f"{value:,.0f} events/s",
                fmt_ratio(relative, "SDK") if peer else "",
                "≥ 1.0 × the SDK" if peer else "",
                ("met" if relative and relative >= 1.0 else "MISSED") if peer else "",
            )
        )
    return found


if __name__ == "__main__":
    main()

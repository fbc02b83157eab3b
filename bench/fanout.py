"""Figure 8: 200 calls at once from asyncio against 200 one after the other, on loopback.

Runs in its own process (``python -m bench.fanout WORKDIR REPS WARMUP``); prints one JSON
object of series (seconds per batch of calls). The server (``python -m bench.server BODY
DELAY``, a process of its own) answers every request with the spec's example response
after DELAY seconds: with no delay the figure is the client's CPU cost, with a delay (as any
real API has) it is how far calls overlap. The openai SDK's ``AsyncOpenAI`` makes the same
call on the same server when it is installed.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from .client import REQUEST, example_response
from .common import ROOT, interleave, loopback_server
from .report import Row, fmt_ratio, fmt_seconds, ratio

CALLS = 200
# Seconds each answer waits: none (client cost) and a latency small next to a real API's.
DELAYS = (0.0, 0.02)


def _timed(run: Callable[[], None]) -> Callable[[], float]:
    def sample() -> float:
        start = time.perf_counter()
        run()
        return time.perf_counter() - start

    return sample


def _fan_out(loop: asyncio.AbstractEventLoop, call: Callable[[], Awaitable[Any]]) -> None:
    async def batch() -> None:
        await asyncio.gather(*(call() for _ in range(CALLS)))

    loop.run_until_complete(batch())


def contenders(url: str, loop: asyncio.AbstractEventLoop) -> dict[str, Callable[[], float]]:
    """One long-lived client per contender; each sample is one batch of CALLS calls."""
    from openapi_openai import (
        ApiClient,
        AsyncApiClient,
        AsyncRealtimeApi,
        Configuration,
        RealtimeApi,
        RealtimeSessionCreateRequest,
    )

    request = RealtimeSessionCreateRequest.from_dict(REQUEST)
    sync = RealtimeApi(ApiClient(Configuration(host=url, access_token="sk-bench")))
    found: dict[str, Callable[[], float]] = {
        f"oapigen, {CALLS} sequential": _timed(
            lambda: [sync.create_realtime_session(request) for _ in range(CALLS)] and None
        ),
    }
    for workers in (10, 50):
        config = Configuration(host=url, access_token="sk-bench", connection_pool_maxsize=workers)
        api = AsyncRealtimeApi(AsyncApiClient(config))
        found[f"oapigen async, {CALLS} concurrent ({workers} workers)"] = _timed(
            lambda api=api: _fan_out(loop, lambda: api.create_realtime_session(request))
        )
    found.update(_sdk(url, loop))
    return found


def _sdk(url: str, loop: asyncio.AbstractEventLoop) -> dict[str, Callable[[], float]]:
    try:
        import openai
    except ImportError:  # the bench extra is not installed: the figure runs without the SDK
        return {}
    sdk = openai.AsyncOpenAI(base_url=url, api_key="sk-bench", max_retries=0)

    async def call() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # beta.realtime is deprecated in the SDK; still shipped
            return await sdk.beta.realtime.sessions.create(**REQUEST)  # type: ignore[arg-type]

    async def sequential() -> None:
        for _ in range(CALLS):
            await call()

    return {
        f"openai AsyncOpenAI, {CALLS} concurrent": _timed(lambda: _fan_out(loop, call)),
        f"openai AsyncOpenAI, {CALLS} sequential": _timed(
            lambda: loop.run_until_complete(sequential())
        ),
    }


def main() -> None:
    """Entry point: measure figure 8; print the series as JSON on stdout."""
    workdir, reps, warmup = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    sys.path[:0] = [str(ROOT / "generated")]
    body_file = workdir / "fanout-response.json"
    body_file.write_bytes(example_response())
    found = {}
    for delay in DELAYS:
        print(f"fan-out, answers after {delay * 1000:g} ms", file=sys.stderr)
        found[f"{delay * 1000:g} ms"] = _measure(body_file, delay, reps, warmup)
    print(json.dumps({"fanout": found}))


def _measure(body_file: Path, delay: float, reps: int, warmup: int) -> dict[str, list[float]]:
    with loopback_server("bench.server", str(body_file), str(delay)) as server:
        loop = asyncio.new_event_loop()
        try:
            log = lambda line: print(line, file=sys.stderr)  # noqa: E731
            series = interleave(contenders(server.url, loop), warmup=warmup, reps=reps, log=log)
        finally:
            loop.close()
    return {s.name: s.seconds for s in series.values()}


def figure(workdir: Path, reps: int, warmup: int) -> list[Row]:
    """Rows of figure 8, measured in a child process; none when it fails (said on stderr)."""
    argv = [sys.executable, "-m", "bench.fanout", str(workdir), str(reps), str(warmup)]
    done = subprocess.run(argv, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    try:
        found: dict[str, dict[str, list[float]]] = json.loads(done.stdout.splitlines()[-1])[
            "fanout"
        ]
    except (IndexError, KeyError, ValueError):
        print(f"fan-out figure failed (exit {done.returncode}); see above", file=sys.stderr)
        return []
    rows = []
    for delay, series in found.items():
        medians = {name: statistics.median(v) if v else None for name, v in series.items()}
        sequential = medians[f"oapigen, {CALLS} sequential"]
        for name, value in medians.items():
            rows.append(
                Row(
                    f"8. fan-out, {delay} server delay",
                    name,
                    fmt_seconds(value),
                    fmt_ratio(ratio(value, sequential), "sequential"),
                    "",
                    "",
                )
            )
    return rows


if __name__ == "__main__":
    main()

"""``python -m bench.hostile``: issue 19's figures for the generated client against hostile servers.

- *bomb*: a gzip body that inflates to 1 GiB, with the default ``max_response_bytes``; the call
  runs in a child process so its wall time, CPU time and peak RSS are its own. Target: ends in
  ApiResponseTooLarge within 1 s and under 200 MB.
- *trickle*: a server sending one byte every 0.2 s, against ``timeout=2.0`` and 2 retries;
  target: ApiTimeoutError within the total + 10 % (2.2 s).
- *fuzz*: N random hostile replies (``tests/runtime/test_runtime_leaks.fuzz``); target: every
  failure inside the ApiException tree (the fuzz raises on any other).

Nothing here runs under ``make test``; the tests check the behaviour, this measures it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import zlib
from pathlib import Path

from .common import ROOT

GIB = 1 << 30

# The child: one call against the bomb server, then its own figures on stdout.
_CHILD = textwrap.dedent("""
    import resource, sys, time
    sys.path.insert(0, {generated!r})
    import openapi_openai as pkg
    config = pkg.Configuration(sys.argv[1] + "/v1", access_token="t", retries=0)
    request = pkg.RealtimeSessionCreateRequest(model="m")
    with pkg.ApiClient(config) as client:
        api = pkg.RealtimeApi(client)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            api.create_realtime_session(request)
            outcome = "returned"
        except pkg.ApiException as exc:
            outcome = type(exc).__name__
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(outcome, wall, cpu, peak / 1024, (peak - before) / 1024)
    """)


def _bomb(path: Path) -> bytes:
    """A gzip body of 1 GiB of zeros (about 1 MB), kept in ``path`` between runs."""
    if path.exists():
        return path.read_bytes()
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 24)
    parts = [packer.compress(zeros) for _ in range(GIB // len(zeros))]
    body = b"".join([*parts, packer.flush()])
    path.write_bytes(body)
    return body


def bomb(rounds: int) -> None:
    """Rounds of the gzip-bomb call; prints each round and the medians."""
    sys.path.insert(0, str(ROOT / "templates" / "tests"))
    import hostile_server as hs  # a shipped test helper, not a package

    body = _bomb(Path(tempfile.gettempdir()) / "oapigen-bench-bomb-1gib.gz")
    reply = hs.response(200, body, {"Content-Encoding": "gzip"})
    child = _CHILD.format(generated=str(ROOT / "generated"))
    rows = []
    with hs.HostileServer(lambda request: [reply]) as server:
        for _ in range(rounds):
            run = subprocess.run(
                [sys.executable, "-c", child, server.url],
                capture_output=True,
                text=True,
                check=True,
                timeout=120,
            )
            outcome, wall, cpu, peak, grown = run.stdout.split()
            rows.append((float(wall), float(cpu), float(peak), float(grown)))
            print(
                f"bomb ({len(body)} B -> 1 GiB): {outcome} in {float(wall):.3f} s wall, "
                f"{float(cpu):.3f} s CPU; peak RSS {float(peak):.0f} MB "
                f"(+{float(grown):.0f} MB during the call)"
            )
    wall, cpu, peak, grown = (statistics.median(column) for column in zip(*rows, strict=True))
    print(f"median of {rounds}: {wall:.3f} s wall, {cpu:.3f} s CPU, peak {peak:.0f} MB")


def trickle(rounds: int, total: float = 2.0) -> None:
    """Rounds of one call against a trickling server; prints each time against the total."""
    sys.path.insert(0, str(ROOT / "templates" / "tests"))
    sys.path.insert(0, str(ROOT / "generated"))
    import hostile_server as hs  # a shipped test helper, not a package
    import openapi_openai as pkg  # the committed client

    reply = hs.response(200, b'{"client_secret": {"value": "ek_x", "expires_at": 1}}')

    def respond(request: object) -> list[bytes | float]:
        return [piece for byte in reply for piece in (bytes([byte]), 0.2)]

    request = pkg.RealtimeSessionCreateRequest(model="m")
    with hs.HostileServer(respond) as server:
        config = pkg.Configuration(server.url, access_token="t", timeout=total, retries=2)
        with pkg.ApiClient(config) as client:
            for _ in range(rounds):
                started = time.perf_counter()
                try:
                    pkg.RealtimeApi(client).create_realtime_session(request)
                    outcome = "returned"
                except pkg.ApiException as exc:
                    outcome = type(exc).__name__
                seconds = time.perf_counter() - started
                print(
                    f"trickle: {outcome} after {seconds:.3f} s "
                    f"({seconds / total - 1:+.1%} of the {total} s total)"
                )


def fuzz(count: int) -> None:
    """``count`` hostile replies; prints the outcomes (an exception outside the tree raises)."""
    sys.path.insert(0, str(ROOT / "tests" / "runtime"))
    import test_runtime_leaks  # the test module holds the fuzz

    started = time.perf_counter()
    outcomes = test_runtime_leaks.fuzz(count, seed=19)
    seconds = time.perf_counter() - started
    print(f"fuzz of {count} hostile replies in {seconds:.1f} s, all inside the tree: {outcomes}")


def main() -> None:
    """Run the figures named by --only."""
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__)
    parser.add_argument("--only", default="bomb,trickle,fuzz", help="bomb, trickle, fuzz")
    parser.add_argument("--rounds", type=int, default=5, help="bomb calls (one child each)")
    parser.add_argument("--fuzz", type=int, default=10_000, help="hostile replies in the fuzz")
    args = parser.parse_args()
    parts = args.only.split(",")
    if "bomb" in parts:
        bomb(args.rounds)
    if "trickle" in parts:
        trickle(args.rounds)
    if "fuzz" in parts:
        fuzz(args.fuzz)


if __name__ == "__main__":
    main()

"""Figures 4 and 5: per-call time against a loopback server, and decoding the example response.

Runs in its own process (``python -m bench.client WORKDIR REPS WARMUP``) with the generated
package and OpenAPI Generator's client on ``sys.path``; prints one JSON object of series.
"""

from __future__ import annotations

import io
import json
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .common import ROOT, interleave, loopback_server

REQUEST = {
    "model": "gpt-4o-realtime-preview-2024-12-17",
    "modalities": ["audio", "text"],
    "instructions": "You are a friendly assistant.",
}


def example_response() -> bytes:
    """The spec's example response of create-realtime-session, compact JSON."""
    from oapigen.build.examples import operation_response_examples
    from oapigen.spec.load import load_spec

    document = load_spec(ROOT / "spec/realtime_sessions.yaml")
    operation = document["paths"]["/realtime/sessions"]["post"]
    return json.dumps(operation_response_examples(operation)[0], separators=(",", ":")).encode()


def _batch(call: Callable[[], Any], count: int) -> Callable[[], float]:
    def timed() -> float:
        start = time.perf_counter()
        for _ in range(count):
            call()
        return (time.perf_counter() - start) / count

    return timed


def call_contenders(url: str, count: int) -> dict[str, Callable[[], float]]:
    """One keep-alive client per contender, each making the same POST."""
    import openai
    import urllib3
    from oag_client import ApiClient as OagClient
    from oag_client import Configuration as OagConfiguration
    from oag_client import RealtimeApi as OagApi
    from oag_client import RealtimeSessionCreateRequest as OagRequest
    from openapi_openai import (
        ApiClient,
        Configuration,
        RealtimeApi,
        RealtimeSessionCreateRequest,
    )

    pool = urllib3.PoolManager()
    body = REQUEST
    headers = {"Content-Type": "application/json", "Authorization": "Bearer sk-bench"}

    def raw() -> Any:
        response = pool.request(
            "POST",
            url + "/realtime/sessions",
            body=json.dumps(body).encode(),
            headers=headers,
        )
        return json.loads(response.data)

    ours = RealtimeApi(ApiClient(Configuration(host=url, access_token="sk-bench")))
    ours_request = RealtimeSessionCreateRequest.from_dict(REQUEST)
    oag = OagApi(OagClient(OagConfiguration(host=url, access_token="sk-bench")))
    oag_request = OagRequest.from_dict(REQUEST)
    sdk = openai.OpenAI(base_url=url, api_key="sk-bench", max_retries=0)

    def sdk_call() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # beta.realtime is deprecated in the SDK; still shipped
            return sdk.beta.realtime.sessions.create(**REQUEST)  # type: ignore[arg-type]

    return {
        "raw urllib3 + json.loads": _batch(raw, count),
        "oapigen create_realtime_session": _batch(
            lambda: ours.create_realtime_session(ours_request), count
        ),
        "OpenAPI Generator client": _batch(lambda: oag.create_realtime_session(oag_request), count),
        "openai SDK beta.realtime.sessions.create": _batch(sdk_call, count),
    }


def decode_contenders(payload: bytes, count: int) -> dict[str, Callable[[], float]]:
    """Bytes of the example response to a typed object, each library its own way."""
    from oag_client import RealtimeSessionCreateResponse as OagResponse
    from openai._models import construct_type
    from openai.types.beta.realtime import SessionCreateResponse
    from openapi_openai import RealtimeSessionCreateResponse

    text = payload.decode()
    return {
        "json.loads alone": _batch(lambda: json.loads(payload), count),
        "oapigen from_json": _batch(
            lambda: RealtimeSessionCreateResponse.from_json(payload), count
        ),
        "OpenAPI Generator from_json": _batch(lambda: OagResponse.from_json(text), count),
        "openai SDK model_validate_json": _batch(
            lambda: SessionCreateResponse.model_validate_json(payload), count
        ),
        # What the SDK itself does with a response body: json, then construct without validation.
        "openai SDK json.loads + construct_type": _batch(
            lambda: construct_type(type_=SessionCreateResponse, value=json.loads(payload)),
            count,
        ),
    }


class _CannedPool:
    """Stands in for urllib3's pool: what a client does around the HTTP exchange, alone.

    Each request gets a real ``urllib3.HTTPResponse`` over the canned bytes, unread, as the
    pool's ``request(..., preload_content=False)`` gives it: the client reads, checks and
    releases it through urllib3's public response API.
    """

    def __init__(self, payload: bytes) -> None:
        self.payload = payload

    def request(self, *args: Any, **kwargs: Any) -> Any:
        import urllib3

        return urllib3.HTTPResponse(
            body=io.BytesIO(self.payload),
            headers={"Content-Type": "application/json"},
            status=200,
            preload_content=kwargs.get("preload_content", True),
            decode_content=False,
        )

    def clear(self) -> None:
        """What ``ApiClient.close`` asks of its pool manager."""


def _breakdown_or_nothing(payload: bytes, count: int) -> dict[str, float]:
    """The breakdown is information: if it fails, figures 4 and 5 must still be reported."""
    try:
        return breakdown(payload, count)
    except Exception as exc:  # printed; the measured figures go on
        print(f"call breakdown failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return {}


def breakdown(payload: bytes, count: int) -> dict[str, float]:
    """Seconds per call of the work each client does outside urllib3 (no network)."""
    import timeit

    import urllib3
    from openapi_openai import (
        ApiClient,
        Configuration,
        RealtimeApi,
        RealtimeSessionCreateRequest,
        RealtimeSessionCreateResponse,
    )

    request = RealtimeSessionCreateRequest.from_dict(REQUEST)
    data = json.loads(payload)
    manager = urllib3.PoolManager()
    url = "http://127.0.0.1:9/v1/realtime/sessions"
    headers = {"Content-Type": "application/json", "Authorization": "Bearer sk-bench"}

    def routing() -> Any:
        # What PoolManager.request does before the pool's urlopen: headers copied, URL parsed,
        # pool looked up. The floor pays it on every call; oapigen sends to the pool directly.
        urllib3.HTTPHeaderDict(headers)
        return manager.connection_from_url(url), urllib3.util.parse_url(url).request_uri

    client = ApiClient(Configuration(host="http://127.0.0.1:9", access_token="sk-bench"))
    client._pool = _CannedPool(payload)  # type: ignore[assignment]
    api = RealtimeApi(client)
    pool = _CannedPool(payload)

    def raw_outside() -> Any:
        response = pool.request("POST", "u", body=json.dumps(REQUEST).encode())
        return json.loads(response.data)

    pieces = {
        "raw floor's work outside urllib3 (json.dumps + json.loads)": raw_outside,
        "oapigen call's work outside urllib3 (whole method, canned pool)": (
            lambda: api.create_realtime_session(request)
        ),
        "  of which request.to_dict()": request.to_dict,
        "  of which RealtimeSessionCreateResponse.from_dict(dict)": (
            lambda: RealtimeSessionCreateResponse.from_dict(data)
        ),
        "urllib3 PoolManager routing per call (floor only; oapigen skips it)": routing,
    }
    return {k: min(timeit.repeat(f, number=count, repeat=5)) / count for k, f in pieces.items()}


def _sanity(url: str) -> None:
    """Every contender must really decode the example: compare a field across them."""
    from openapi_openai import (
        ApiClient,
        Configuration,
        RealtimeApi,
        RealtimeSessionCreateRequest,
    )

    api = RealtimeApi(ApiClient(Configuration(host=url, access_token="sk-bench")))
    got = api.create_realtime_session(RealtimeSessionCreateRequest.from_dict(REQUEST))
    if got.client_secret.value != "ek_abc123":
        raise SystemExit(f"unexpected decode: {got!r}")


def main() -> None:
    """Entry point: measure figures 4 and 5; print the series as JSON on stdout."""
    workdir, reps, warmup, calls = (
        Path(sys.argv[1]),
        int(sys.argv[2]),
        int(sys.argv[3]),
        int(sys.argv[4]),
    )
    sys.path[:0] = [str(ROOT / "generated"), str(workdir / "oag")]
    payload = example_response()
    body_file = workdir / "response.json"
    body_file.write_bytes(payload)
    with loopback_server("bench.server", str(body_file)) as server:
        _sanity(server.url)
        log = lambda line: print(line, file=sys.stderr)  # noqa: E731
        # Short samples, many rounds: the machine's drift hits every contender alike.
        rounds = reps * 10
        calls_series = interleave(
            call_contenders(server.url, calls), warmup=warmup, reps=rounds, log=log
        )
        decode_series = interleave(
            decode_contenders(payload, calls * 10), warmup=warmup, reps=rounds, log=log
        )
    out = {
        "calls": {s.name: s.seconds for s in calls_series.values()},
        "decode": {s.name: s.seconds for s in decode_series.values()},
        "breakdown": _breakdown_or_nothing(payload, calls * 10),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()

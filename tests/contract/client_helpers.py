"""The generated client wired to a Prism server, with the raw response kept for comparison."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from prism_server import Prism, violations

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "realtime_sessions.yaml"
GENERATED = ROOT / "generated"


def recording_client(package: Any, prism: Prism, *, token: str | None = "sk-test") -> Any:
    """An ApiClient of the generated ``package`` that remembers the last response it received."""

    class RecordingClient(package.ApiClient):
        last: Any = None

        def request(self, *args: Any, **kwargs: Any) -> Any:
            response = super().request(*args, **kwargs)
            self.last = response
            return response

    # token=None falls back to OPENAI_API_KEY; the 401 test removes that from the environment.
    config = package.Configuration(host=prism.url, access_token=token)
    return RecordingClient(config)


def accepted(package: Any, prism: Prism, call: Callable[[], T]) -> T:
    """Run ``call``; a 422 from Prism fails the test with Prism's list of violations."""
    try:
        return call()
    except package.UnprocessableEntityException as exc:
        body = exc.body
    # Outside the except block, so the report is Prism's list and not a chained traceback.
    pytest.fail(f"Prism rejected the request:\n{violations(body)}", pytrace=False)


def canonical(value: Any) -> str:
    """JSON text that differs whenever two values differ in content or in int/float type."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)

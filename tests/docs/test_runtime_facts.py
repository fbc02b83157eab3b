"""The docs state the retry, timeout and exception behaviour of the runtime that ships."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

from oapigen.render import environment
from oapigen.render.docs.runtime_facts import RuntimeFacts, runtime_facts

from .conftest import GENERATED, ROOT, build_ir, docs_for

# Run beside the generated package, in a process of its own (nothing imported here).
_STATED_BY_RUNTIME = """
import inspect, json
from openapi_openai.configuration import Configuration, DEFAULT_TIMEOUT
from openapi_openai.exceptions import exception_for_status
print(json.dumps({
    "table": {s: exception_for_status(s).__name__ for s in range(100, 600)},
    "retries": inspect.signature(Configuration).parameters["retries"].default,
    "timeout": [DEFAULT_TIMEOUT.connect_timeout, DEFAULT_TIMEOUT.total],
}))
"""


def _runtime() -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _STATED_BY_RUNTIME],
        cwd=GENERATED,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout))


def test_the_status_table_is_the_shipped_runtime_s() -> None:
    shipped = _runtime()["table"]
    assert isinstance(shipped, dict)
    assert {int(s): name for s, name in shipped.items()} == {
        s: RuntimeFacts.exception_for(s) for s in range(100, 600)
    }


def test_the_generated_configuration_has_the_ir_defaults(tmp_path: Path) -> None:
    client = build_ir(ROOT / "spec/realtime_sessions.yaml", tmp_path)
    runtime = _runtime()
    assert runtime["retries"] == client.retries
    assert runtime["timeout"] == [client.timeout_connect, client.timeout_total]


def test_other_defaults_reach_the_configuration_and_the_pages(tmp_path: Path) -> None:
    client = build_ir(ROOT / "spec/realtime_sessions.yaml", tmp_path)
    client = dataclasses.replace(client, retries=3, timeout_total=60.0, timeout_connect=1.5)
    facts = runtime_facts(client)
    assert (facts.retries, facts.timeout) == (3, "1.5 s to connect and 60 s in total")
    source = environment(None).get_template("python/configuration.py.jinja").render(client=client)
    assert "retries: int = 3," in source
    assert "urllib3.Timeout(total=60.0, connect=1.5)" in source
    api = docs_for(client)["docs/RealtimeApi.md"]
    assert "`Configuration.timeout` (1.5 s to connect and 60 s in total by default)" in api
    assert "retried up to 3 times" in api
    none = docs_for(dataclasses.replace(client, retries=0))["docs/RealtimeApi.md"]
    assert "The client never retries on its own" in none and "retried up to" not in none


def test_generated_pages_state_the_generated_defaults() -> None:
    api = (GENERATED / "docs/RealtimeApi.md").read_text(encoding="utf-8")
    assert "`Configuration.timeout` (5 s to connect and 600 s in total by default)" in api
    assert "retried up to 2 times" in api

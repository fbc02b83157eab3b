"""The docs state the retry, timeout and exception behaviour of the runtime that ships."""

from __future__ import annotations

import sys

from generator.docs_runtime import runtime_facts
from generator.render_docs import TEMPLATES

from .conftest import GENERATED

STATIC = [TEMPLATES / "static"]


def test_facts_come_from_the_configuration_source() -> None:
    source = (
        "class Configuration:\n"
        "    def __init__(self, *, timeout=(1.5, 30.0), retries=3):\n"
        "        pass\n"
    )
    facts = runtime_facts(source, static_dirs=STATIC)
    assert facts.retries == 3
    assert facts.timeout == "1.5 s to connect and 30 s to read"
    assert facts.exception_for(404) == "NotFoundException"
    assert facts.exception_for(503) == "ServiceException"
    assert facts.exception_for(418) == "ApiException"
    assert not [
        name for name in sys.modules if name.startswith("_oapigen_docs_runtime")
    ]


def test_a_urllib3_timeout_and_no_retries() -> None:
    source = (
        "import urllib3\n"
        "class Configuration:\n"
        "    def __init__(self, timeout=urllib3.Timeout(total=600.0, connect=5.0)):\n"
        "        pass\n"
    )
    facts = runtime_facts(source, static_dirs=STATIC)
    assert (facts.retries, facts.timeout) == (0, "5 s to connect and 600 s in total")


def test_generated_pages_state_the_generated_defaults() -> None:
    source = (GENERATED / "openapi_openai/configuration.py").read_text(encoding="utf-8")
    facts = runtime_facts(source, static_dirs=STATIC)
    api = (GENERATED / "docs/RealtimeApi.md").read_text(encoding="utf-8")
    assert f"`Configuration.timeout` ({facts.timeout} by default)" in api
    if facts.retries:
        assert f"retried up to {facts.retries} times" in api
    else:
        assert "never retries" in api
